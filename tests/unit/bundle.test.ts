/**
 * The bundled CLI (scripts/bundle.mjs → dist/cli.cjs, loaded by bin/load-bundle.js with a V8 code cache): what an HTML
 * build loads stays small, the packages kept outside are loaded only by the commands that need them, the code cache
 * is made, used, refused when damaged and never read from a folder others can write to, and the cache key of the
 * code follows the bundle's file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleFingerprint, cacheDir } from '../../src/util/cache.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
/** The part of esbuild's metafile the test reads. */
interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOADER = path.join(ROOT, 'bin', 'load-bundle.js');

// @ts-expect-error: a plain ES module script without types
const { bundle, EXTERNAL, isBundleFile } = (await import('../../scripts/bundle.mjs')) as {
  bundle: (o: { outdir: string; name: string; metafile: boolean }) => Promise<{ metafile: Metafile }>;
  EXTERNAL: string[];
  isBundleFile: (name: string) => boolean;
};
// @ts-expect-error: a plain ES module script without types
const { cacheFolder } = (await import('../../bin/load-bundle.js')) as { cacheFolder: () => string | undefined };

/**
 * Runs `main(args)` of the bundle `file` in a child process as bin/briefing.js does, and reports what it loaded
 * beyond Node's own modules (require() and the importer the bundle imports packages through), whether the code cache
 * was read, and the exit code.
 */
function runBundle(file: string, args: string[], env: Record<string, string>) {
  const script = `
    import Module from 'node:module';
    import { loadBundle } from ${JSON.stringify(LOADER)};
    const loaded = new Set();
    const load = Module._load;
    Module._load = function (request, parent, ...rest) {
      if (!Module.isBuiltin(request) && parent?.filename === ${JSON.stringify(file)}) loaded.add(request);
      return load.call(this, request, parent, ...rest);
    };
    const run = loadBundle(${JSON.stringify(file)}, { importer: (name) => { loaded.add(name); return import(name); } });
    const code = await run.exports.main(${JSON.stringify(args)});
    run.store?.();
    console.log('\\n' + JSON.stringify({ code, cached: run.cached, loaded: [...loaded] }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  expect(last, r.stderr).toMatch(/^\{/);
  return JSON.parse(last) as { code: number; cached: boolean; loaded: string[] };
}

describe('the bundle', () => {
  // Made from the sources beside dist/cli.cjs (under a name of its own), so that it finds the package's files and
  // node_modules as the real one does.
  const name = `cli-test-${randomBytes(4).toString('hex')}`;
  const outdir = path.join(ROOT, 'dist');
  const file = path.join(outdir, `${name}.cjs`);
  let dir: string;
  let spec: string;
  let metafile: Metafile;
  beforeAll(async () => {
    dir = await tempDir('bundle');
    await mkdir(outdir, { recursive: true });
    ({ metafile } = await bundle({ outdir, name, metafile: true }));
    spec = path.join(dir, 'spec.yaml');
    await writeFile(spec, 'title: Bundle check\nlanguage: en\nsections:\n  - area: industry\n');
  }, 60_000);
  afterAll(() => Promise.all([file, `${file}.map`, path.join(outdir, `${name}.puppeteer-core.cjs`)].map((f) => rm(f, { force: true }))));

  it('is one file with its source map; the real one is cli.cjs, as the code fingerprint expects', async () => {
    // …and puppeteer-core bundled on its own (scripts/bundle.mjs OWN_BUNDLES), loaded for PDFs only.
    expect((await readdir(outdir)).filter((n) => n.startsWith(`${name}.`)).sort()).toEqual([`${name}.cjs`, `${name}.cjs.map`, `${name}.puppeteer-core.cjs`]);
    expect('cli.cjs').toMatch(BUNDLE_FILE);
    expect('cli.cjs.map').not.toMatch(BUNDLE_FILE);
    // The earlier format's files are removed by a build of the real one.
    for (const n of ['cli.cjs', 'cli.cjs.map', 'cli.puppeteer-core.cjs', 'cli.mjs', 'cli-chunk-AB12CD34.mjs', 'cli-serve-XY.mjs.map']) expect(isBundleFile(n)).toBe(true);
    expect(isBundleFile('index.js')).toBe(false);
    // Every package is loaded through require() or importPackage (src/util/import-package.ts): an import() left in
    // the bundle cannot run from a code cache. Our own modules imported on demand are inside the bundle.
    const imports = Object.values(metafile.outputs).flatMap((o) => o.imports);
    expect(imports.filter((i) => i.kind === 'dynamic-import')).toEqual([]);
    const required = imports.filter((i) => i.kind === 'require-call').map((i) => i.path);
    expect(required).toContain('pdf-lib/dist/pdf-lib.min.js');
    for (const p of required) expect(EXTERNAL.some((e) => p === e || p.startsWith(`${e}/`)) || isBuiltin(p) || p === 'yargs/package.json', p).toBe(true);
  });

  it('loads no external package for an HTML build; a listing needs none either', async () => {
    const cache = await tempDir('bundle-cache');
    const html = runBundle(file, ['build', spec, '--out', path.join(dir, 'out')], { BRIEFING_CACHE_DIR: cache });
    expect(html.code).toBe(0);
    // zod, yaml, yargs, Handlebars' runtime and marked are inside the bundle. With a cold cache (this one is new),
    // Handlebars' compiler compiles the templates. (css-tree's version, for the theme scan's key, is read from its
    // package.json as a file: src/paths.ts packageFile.)
    expect(html.loaded.sort()).toEqual(['handlebars']);
    const warm = runBundle(file, ['build', spec, '--out', path.join(dir, 'out')], { BRIEFING_CACHE_DIR: cache });
    // A warm build: the code from the code cache, the templates compiled from the cache, nothing else loaded.
    expect(warm).toEqual({ code: 0, cached: true, loaded: [] });
    // …and a command that needs a package loads it, from node_modules (the search index: minisearch).
    const search = runBundle(file, ['search', 'compute'], { BRIEFING_CACHE_DIR: cache });
    expect(search.code).toBe(0);
    expect(search.loaded).toContain('minisearch');
    for (const m of search.loaded) expect(EXTERNAL.some((e) => m === e || m.startsWith(`${e}/`)), m).toBe(true);
  }, 60_000);

  it('prints PDFs with puppeteer-core from its own bundle, which gets a code cache of its own', async () => {
    const cache = await tempDir('bundle-cache');
    const out = path.join(dir, 'out-pdf');
    const args = ['build', spec, '--out', out, '--pdf'];
    const first = runBundle(file, args, { BRIEFING_CACHE_DIR: cache });
    expect(first.code).toBe(0);
    // Not require()d from node_modules by the bundle: loaded from <bundle>.puppeteer-core.cjs.
    expect(first.loaded).not.toContain('puppeteer-core');
    const pdf = await readFile(path.join(out, 'deck.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(1);
    expect((await readdir(cache)).filter((n) => /^code-[0-9a-f]+\.bin$/.test(n))).toHaveLength(2);
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache })).toMatchObject({ code: 0, cached: true });
  }, 120_000);

  it('makes its code cache once, reads it after, and makes it again when it is damaged', async () => {
    const cache = await tempDir('bundle-cache');
    const args = ['build', spec, '--out', path.join(dir, 'out-cache')];
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache }).cached).toBe(false);
    const entries = (await readdir(cache)).filter((n) => /^code-[0-9a-f]+\.bin$/.test(n));
    expect(entries).toHaveLength(1);
    const entry = path.join(cache, entries[0]!);
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache }).cached).toBe(true);
    // Damaged (its digest kept, its data not): never handed to V8, which would not notice and could crash; the bundle
    // is compiled as without a cache, the build is the same, the entry made anew.
    const good = await readFile(entry);
    await writeFile(entry, Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 0x5a)]));
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache })).toMatchObject({ code: 0, cached: false });
    expect((await readFile(entry)).subarray(64).every((b) => b === 0x5a)).toBe(false);
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache }).cached).toBe(true);
  }, 60_000);

  it('never reads a code cache from a folder others can write to', async () => {
    const cache = await tempDir('bundle-cache');
    const args = ['build', spec, '--out', path.join(dir, 'out-shared')];
    runBundle(file, args, { BRIEFING_CACHE_DIR: cache });
    await chmod(cache, 0o777);
    const r = runBundle(file, args, { BRIEFING_CACHE_DIR: cache });
    expect(r).toMatchObject({ code: 0, cached: false });
    await chmod(cache, 0o700);
    // A FIFO in the entry's place (no writer): not waited on, not read; the run goes on and the entry is made anew.
    const [entry] = (await readdir(cache)).filter((n) => /^code-[0-9a-f]+\.bin$/.test(n));
    await rm(path.join(cache, entry!));
    execFileSync('mkfifo', [path.join(cache, entry!)]);
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache })).toMatchObject({ code: 0, cached: false });
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache }).cached).toBe(true);
    // Nor with the cache turned off.
    expect(runBundle(file, args, { BRIEFING_CACHE_DIR: cache, BRIEFING_NO_CACHE: '1' })).toMatchObject({ code: 0, cached: false });
  }, 60_000);
});

describe("the code cache's folder", () => {
  it('is the cache folder of src/util/cache.ts, for each setting', async () => {
    const saved = { dir: process.env.BRIEFING_CACHE_DIR, off: process.env.BRIEFING_NO_CACHE };
    try {
      for (const [dir, off] of [[undefined, undefined], ['/somewhere/else', undefined], ['/x', '1'], [undefined, '0'], [undefined, 'yes']] as const) {
        if (dir === undefined) delete process.env.BRIEFING_CACHE_DIR;
        else process.env.BRIEFING_CACHE_DIR = dir;
        if (off === undefined) delete process.env.BRIEFING_NO_CACHE;
        else process.env.BRIEFING_NO_CACHE = off;
        expect(cacheFolder()).toBe(cacheDir());
      }
    } finally {
      for (const [k, v] of [['BRIEFING_CACHE_DIR', saved.dir], ['BRIEFING_NO_CACHE', saved.off]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe("the bundle's code fingerprint", () => {
  it('changes when the bundle changes, not when its source map or another file does', async () => {
    const dir = await tempDir('fingerprint');
    await mkdir(dir, { recursive: true });
    for (const n of ['cli.cjs', 'cli.cjs.map', 'index.js']) await writeFile(path.join(dir, n), `// ${n}\n`);
    const first = bundleFingerprint(dir);
    expect(bundleFingerprint(dir)).toBe(first);
    await writeFile(path.join(dir, 'cli.cjs.map'), '{"changed":true}');
    await writeFile(path.join(dir, 'index.js'), '// changed, not part of the bundle\n');
    expect(bundleFingerprint(dir)).toBe(first);
    await writeFile(path.join(dir, 'cli.cjs'), '// a changed bundle\n');
    const second = bundleFingerprint(dir);
    expect(second).not.toBe(first);
    // Same size, new time (a rebuild that wrote the same bytes): a new key too.
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'cli.cjs'), later, later);
    expect(bundleFingerprint(dir)).not.toBe(second);
  });
});

describe('which code bin/briefing.js runs', () => {
  /** A package layout with a fake bundle and a fake tsc output, each printing its name; `src` makes it a checkout. */
  async function layout(opts: { src: boolean; tscNewer: boolean }) {
    const dir = await tempDir('bin-choice');
    await mkdir(path.join(dir, 'bin'));
    await mkdir(path.join(dir, 'dist', 'cli'), { recursive: true });
    for (const f of ['briefing.js', 'load-bundle.js', 'package.json']) await writeFile(path.join(dir, 'bin', f), await readFile(path.join(ROOT, 'bin', f)));
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(path.join(dir, 'dist', 'cli.cjs'), 'exports.main = async () => { console.log("bundle"); return 0; };\n');
    await writeFile(path.join(dir, 'dist', 'cli', 'main.js'), 'export async function main() { console.log("tsc"); return 0; }\n');
    if (opts.src) await mkdir(path.join(dir, 'src'));
    const older = new Date(Date.now() - 60_000);
    await utimes(path.join(dir, 'dist', opts.tscNewer ? 'cli.cjs' : 'cli/main.js'), older, older);
    return dir;
  }
  const run = (dir: string) =>
    spawnSync(process.execPath, [path.join(dir, 'bin', 'briefing.js')], { encoding: 'utf8', env: { ...process.env, BRIEFING_CACHE_DIR: path.join(dir, 'cache') } }).stdout.trim();

  it('the bundle, unless tsc built after it in a source checkout', async () => {
    expect(run(await layout({ src: true, tscNewer: false }))).toBe('bundle');
    expect(run(await layout({ src: true, tscNewer: true }))).toBe('tsc');
  });

  it('an installed package (no src/) always runs the bundle: unpacking sets the files\' times in no set order', async () => {
    expect(run(await layout({ src: false, tscNewer: true }))).toBe('bundle');
    expect(run(await layout({ src: false, tscNewer: false }))).toBe('bundle');
  });
});
