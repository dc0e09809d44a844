import { readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadPresenterFiles } from './presenter.js';
import { UserError } from '../errors.js';
import { DEFAULTS } from '../paths.js';
import { applyOverrides, type SpecOverrides } from '../spec/overrides.js';
import { MAX_SPEC_BYTES, parseSpec } from '../spec/parse.js';
import type { ParsedSpec } from '../spec/types.js';
import { ReadError, readBounded } from '../util/read.js';
import { didYouMean } from '../util/suggest.js';

/** Read and validate a spec file, with command-line overrides applied. */
export async function readSpec(file: string, overrides: SpecOverrides = {}): Promise<ParsedSpec> {
  // Read with a bound: a device, a FIFO, a folder or a huge file is refused before anything is read.
  const bytes = await readBounded(file, { limit: MAX_SPEC_BYTES, what: 'spec file' }).catch(async (err: unknown) => {
    if (!(err instanceof ReadError) || err.code !== 'ENOENT') throw err;
    // Missing: the nearest name in its folder, or where the shipped specs are.
    const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
    const hint = didYouMean(path.basename(file), names) ?? `the shipped specs are in ${path.relative(process.cwd(), DEFAULTS.specs) || 'specs'}/`;
    throw new UserError(err.message, { ...err.details, hint });
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return loadPresenterFiles({ ...withOverrides(parseSpec(bytes, file), overrides), sha256 });
}

/** A parsed spec with command-line (or API) overrides applied. */
export function withOverrides(parsed: ParsedSpec, overrides: SpecOverrides = {}): ParsedSpec {
  const fromFlags = (['theme', 'language', 'title', 'classification', 'version'] as const).filter((k) => overrides[k] !== undefined);
  return { ...parsed, spec: applyOverrides(parsed.spec, overrides), fromFlags };
}
