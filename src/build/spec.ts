import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULTS } from '../paths.js';
import { applyOverrides, type SpecOverrides } from '../spec/overrides.js';
import { parseSpec } from '../spec/parse.js';
import type { ParsedSpec } from '../spec/types.js';
import { didYouMean } from '../util/suggest.js';

/** Read and validate a spec file, with command-line overrides applied. */
export async function readSpec(file: string, overrides: SpecOverrides = {}): Promise<ParsedSpec> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let hint: string | undefined;
    if (code === 'ENOENT') {
      const dir = path.dirname(file);
      const names = await readdir(dir).catch(() => [] as string[]);
      hint = didYouMean(path.basename(file), names) ?? `the shipped specs are in ${path.relative(process.cwd(), DEFAULTS.specs) || 'specs'}/`;
    }
    throw new UserError(code === 'ENOENT' ? 'spec file not found' : `spec file cannot be read (${code})`, { location: { file }, hint });
  }
  const parsed = parseSpec(bytes, file);
  const fromFlags = (['theme', 'language', 'title'] as const).filter((k) => overrides[k] !== undefined);
  return { ...parsed, spec: applyOverrides(parsed.spec, overrides), fromFlags };
}
