/**
 * The bundled CLI (scripts/bundle.mjs → dist/cli.mjs): what an HTML build loads stays small, the packages kept
 * outside are imported only by the chunks that need them, and the cache key of the code follows the bundle's files.
 */
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleFingerprint } from '../../src/util/cache.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

// @ts-expect-error: a plain ES module script without types
const { bundle, EXTERNAL } = (await import('../../scripts/bundle.mjs')) as { bundle: (o: { outdir: string }) => Promise<unknown>; EXTERNAL: string[] };

/** The packages a file imports at its top (static `import … from "x"` / `import "x"`), not through import(). */
const staticImports = (code: string) => [...code.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)].map((m) => m[1]!);

describe('the bundle', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('bundle');
    await bundle({ outdir: dir });
  }, 60_000);

  it('is cli.mjs and its chunks, each named as the code fingerprint expects', async () => {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.mjs'));
    expect(names).toContain('cli.mjs');
    expect(names.length).toBeGreaterThan(3);
    for (const n of names) expect(n).toMatch(BUNDLE_FILE);
  });

  it('loads no external package for an HTML build: those are imported only by chunks loaded on demand', async () => {
    const loaded = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const spec of staticImports(await readFile(path.join(dir, file), 'utf8'))) if (spec.startsWith('./')) await visit(spec.slice(2));
    };
    await visit('cli.mjs');
    const imported = new Set<string>();
    for (const f of loaded) for (const spec of staticImports(await readFile(path.join(dir, f), 'utf8'))) if (!spec.startsWith('./')) imported.add(spec);
    // Node's own modules only: zod, yaml, yargs, Handlebars' runtime and marked are inside the bundle.
    expect([...imported].filter((s) => !s.startsWith('node:'))).toEqual([]);
    const all = await Promise.all((await readdir(dir)).filter((n) => n.endsWith('.mjs')).map(async (n) => staticImports(await readFile(path.join(dir, n), 'utf8'))));
    // …and the external packages are there, in the chunks of the commands that use them (pdf-lib's one-file build:
    // the export).
    expect(all.flat()).toContain('pdf-lib/dist/pdf-lib.min.js');
    for (const spec of all.flat()) if (!spec.startsWith('./') && !spec.startsWith('node:')) expect(EXTERNAL.some((e) => spec === e || spec.startsWith(`${e}/`))).toBe(true);
  });
});

describe("the bundle's code fingerprint", () => {
  it('changes when a chunk changes, not when a source map or another file does', async () => {
    const dir = await tempDir('fingerprint');
    for (const n of ['cli.mjs', 'cli-chunk-AAAA1111.mjs', 'cli.mjs.map', 'index.js']) await writeFile(path.join(dir, n), `// ${n}\n`);
    const first = bundleFingerprint(dir);
    expect(bundleFingerprint(dir)).toBe(first);
    await writeFile(path.join(dir, 'cli.mjs.map'), '{"changed":true}');
    await writeFile(path.join(dir, 'index.js'), '// changed, not part of the bundle\n');
    expect(bundleFingerprint(dir)).toBe(first);
    await writeFile(path.join(dir, 'cli-chunk-AAAA1111.mjs'), '// a changed chunk\n');
    const second = bundleFingerprint(dir);
    expect(second).not.toBe(first);
    // Same size, new time (a rebuild that wrote the same bytes): a new key too.
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'cli.mjs'), later, later);
    expect(bundleFingerprint(dir)).not.toBe(second);
  });
});
