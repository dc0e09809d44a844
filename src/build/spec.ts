import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { loadPresenterFiles } from './presenter.js';
import { UserError, sortErrors, userErrorsOf } from '../errors.js';
import { DEFAULTS } from '../paths.js';
import { applyOverrides, checkOverrides, type SpecOverrides } from '../spec/overrides.js';
import { MAX_SPEC_BYTES, checkSpec, specOrThrow, specPositions, type SpecCheck } from '../spec/parse.js';
import { LANGUAGES, TYPOGRAPHY } from '../spec/schema.js';
import type { ParsedSpec, Spec } from '../spec/types.js';
import { cacheKey, codeFingerprint, readCachedJson, writeCachedJson } from '../util/cache.js';
import { sha256Hex } from '../util/hash.js';
import { ReadError, readBounded } from '../util/read.js';
import { didYouMean } from '../util/suggest.js';

/** Read and validate a spec file, with command-line overrides applied. */
export async function readSpec(file: string, overrides: SpecOverrides = {}): Promise<ParsedSpec> {
  return specOrThrow(await checkSpecFile(file, overrides), file);
}

/**
 * Read and check a spec file with its overrides and presenter files, collecting every mistake: the spec's own (see
 * checkSpec), the overrides', the presenter files' (`file:`, images, the logo). A file that cannot be read, or YAML
 * that cannot be parsed, stops the spec's checks (the overrides are still checked).
 */
export async function checkSpecFile(file: string, overrides: SpecOverrides = {}): Promise<SpecCheck> {
  let bytes: Uint8Array;
  try {
    // Read with a bound: a device, a FIFO, a folder or a huge file is refused before anything is read.
    bytes = await readBounded(file, { limit: MAX_SPEC_BYTES, what: 'spec file' });
  } catch (err) {
    if (!(err instanceof ReadError) || err.code !== 'ENOENT') {
      const errors = userErrorsOf(err);
      if (!errors) throw err;
      return { errors: [...errors, ...checkOverrides(overrides).errors] };
    }
    // Missing: the nearest name in its folder, or where the shipped specs are.
    const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
    const hint = didYouMean(path.basename(file), names) ?? `the shipped specs are in ${path.relative(process.cwd(), DEFAULTS.specs) || 'specs'}/`;
    return { errors: [new UserError(err.message, { ...err.details, hint }), ...checkOverrides(overrides).errors] };
  }
  const sha256 = sha256Hex(bytes);
  const check = await checkSpecText(bytes, file, sha256);
  return completeCheck(check.parsed ? { ...check, parsed: { ...check.parsed, sha256 } } : check, overrides, file);
}

/**
 * checkSpec of a spec file's bytes, or, for a valid spec read before, its result from the cache: the spec's value,
 * its name and warnings, under a hash of its bytes, its path as given (it is in the spec's locations and origins)
 * and this code. A spec with mistakes is never kept (its messages are made afresh); neither is one whose value
 * would not come back from JSON exactly as it is. The YAML is parsed again only if a later check needs a line.
 */
async function checkSpecText(bytes: Uint8Array, file: string, sha256: string): Promise<SpecCheck> {
  const key = cacheKey(['spec 1', await codeFingerprint(), file, sha256]);
  const cached = await readCachedJson('spec', key, cachedSpecSchema);
  if (cached) return { parsed: { spec: cached.spec, file, name: cached.name, warnings: cached.warnings, ...specPositions(bytes, file) }, errors: [] };
  const check = checkSpec(bytes, file);
  const parsed = check.parsed;
  if (parsed && !check.errors.length) {
    const value = { spec: parsed.spec, name: parsed.name, warnings: parsed.warnings ?? [] };
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)) await writeCachedJson('spec', key, value, cachedSpecSchema);
  }
  return check;
}

/**
 * The shape of a kept spec check. Its value was checked by the spec's own schema when it was made (such an entry is
 * not checked again: src/util/cache.ts); this only turns away an entry briefing did not write, before anything
 * reads it.
 */
const cachedSpecSchema = () => {
  const entry = z.looseObject({ kind: z.enum(['id', 'group', 'quote', 'doc', 'slide', 'file']), path: z.array(z.union([z.string(), z.number()])) });
  const spec = z.looseObject({
    title: z.string(),
    language: z.enum(LANGUAGES),
    typography: z.enum(TYPOGRAPHY),
    theme: z.string(),
    sections: z.array(entry).min(1),
    exclude: z.array(z.string()),
    deck: z.looseObject({ agenda: z.boolean(), notes: z.boolean(), sources: z.boolean(), quotes: z.boolean(), maxQuotes: z.number() }),
    brief: z.looseObject({ quotes: z.number(), keep: z.array(z.string()) }),
    pdf: z.boolean(),
    pptx: z.boolean(),
  });
  return z.strictObject({ spec: spec as unknown as z.ZodType<Spec>, name: z.string(), warnings: z.array(z.string()) });
};

/**
 * A spec's check completed: the overrides checked and applied (the right ones), the presenter files read. Mistakes
 * of every step come together, sorted by file and line.
 */
export async function completeCheck(check: SpecCheck, overrides: SpecOverrides = {}, file = check.parsed?.file): Promise<SpecCheck> {
  const flags = checkOverrides(overrides);
  const errors = [...check.errors, ...flags.errors];
  let parsed = check.parsed && withOverrides(check.parsed, flags.valid);
  if (parsed) {
    try {
      parsed = await loadPresenterFiles(parsed);
    } catch (err) {
      const found = userErrorsOf(err);
      if (!found) throw err;
      errors.push(...found);
    }
  }
  return { ...(parsed ? { parsed } : {}), errors: sortErrors(errors, file) };
}

/** A parsed spec with command-line (or API) overrides applied (check them first: checkOverrides). */
export function withOverrides(parsed: ParsedSpec, overrides: SpecOverrides = {}): ParsedSpec {
  const fromFlags = (['theme', 'language', 'title', 'classification', 'version'] as const).filter((k) => overrides[k] !== undefined);
  return { ...parsed, spec: applyOverrides(parsed.spec, overrides), fromFlags };
}
