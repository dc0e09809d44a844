#!/usr/bin/env node
/**
 * The CLI bundled: dist/cli.cjs, one CommonJS file, by esbuild from src/cli/main.ts (run by `npm run build` after
 * tsc), which bin/load-bundle.js compiles with V8's code cache; and puppeteer-core minified into its own bundle beside
 * it (dist/cli.puppeteer-core.cjs, OWN_BUNDLES), loaded the same way when an export needs it. An HTML build then
 * reads one file instead of about 280 modules (our own, zod, yaml, Handlebars' runtime, yargs, marked).
 *
 * What an HTML build never loads stays outside the bundle and is still imported by the code that needs it, from
 * node_modules: the browser and export libraries, the server's and the watcher's, the search index, font
 * subsetting, and Handlebars' compiler (needed only when the compiled templates are not in the cache).
 *
 * Paths: the bundle's files sit in dist/ like dist/paths.js, so `import.meta.url`'s folder is dist/ and the package
 * root one level up, as for tsc's output. The cache key of our own code (codeFingerprint, src/util/cache.ts) is, for
 * the bundle, a hash of the bundle's file (size and time): __BRIEFING_BUNDLE__ tells it the code is bundled.
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Resolves packages as the CLI's own createRequire does: CommonJS entries ("require" condition). */
const requireFromRoot = createRequire(path.join(root, 'package.json'));

/** Loaded on demand (import()) by the command or option that needs them: never part of an HTML build. */
export const EXTERNAL = [
  'puppeteer-core',
  '@sparticuz/chromium',
  'pdf-lib',
  'pptxgenjs',
  'jszip',
  'subset-font',
  'chokidar',
  'sirv',
  'minisearch',
  'fast-xml-parser',
  'axe-core',
  'node-html-parser',
];

/**
 * Only the package's main entry of these is external (esbuild's `external` would take every subpath too):
 * `handlebars` is the compiler, only for a cold cache; `handlebars/runtime.js` is bundled.
 */
const EXTERNAL_ENTRY_ONLY = /^handlebars$/;

const plugins = [
  {
    name: 'external-entries',
    setup(b) {
      b.onResolve({ filter: EXTERNAL_ENTRY_ONLY }, (args) => ({ path: args.path, external: true }));
    },
  },
  {
    // zod's namespace re-exports every one of its ~50 message translations (z.locales, a third of zod's code);
    // briefing sets none (English, zod's default, comes from zod's own schemas.js). An empty module instead.
    name: 'zod-no-locales',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  },
  {
    // marked runs a lot when its module is loaded (it builds its grammar's regular expressions: about 12 ms of a
    // build's start), and a build of pages read from the cache renders no Markdown. Our own code's `marked` is, in
    // the bundle, a module whose classes load it on first use: marked itself is still bundled, require()d there
    // (esbuild runs a bundled module required that way when it is first required). Only the names below are ours to
    // use: importing another from 'marked' fails the bundle's build, never a run.
    name: 'lazy-marked',
    setup(b) {
      const ours = path.join(root, 'src') + path.sep;
      b.onResolve({ filter: /^marked$/ }, (args) => (args.importer.startsWith(ours) ? { path: 'marked', namespace: 'lazy-marked' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-marked' }, () => ({
        contents: [
          'let lib;',
          "const load = () => (lib ??= require('marked'));",
          'export class Marked { constructor(...args) { return new (load().Marked)(...args); } }',
          'export class Lexer { constructor(...args) { return new (load().Lexer)(...args); } }',
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      }));
    },
  },
  {
    // src/cli/yargs.ts loads yargs' CommonJS entry through createRequire, which a bundler cannot follow: in the
    // bundle, that module is the same entry, imported (and so bundled).
    name: 'yargs-cjs',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]yargs\.ts$/ }, () => ({
        contents: `import yargs from ${JSON.stringify(requireFromRoot.resolve('yargs'))};\nexport default yargs;\n`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  },
  {
    // yargs (its CommonJS build, see src/cli/yargs.ts) finds its message translations in <yargs>/locales through
    // __dirname, which a bundle does not have: point it at the installed package, as when it is not bundled.
    name: 'yargs-locales',
    setup(b) {
      b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]index\.cjs$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const text = await readFile(args.path, 'utf8');
        const from = 're(__dirname,"../locales")';
        if (!text.includes(from)) throw new Error(`yargs-locales: ${from} not found in ${args.path} (yargs changed?)`);
        // Found as src/paths.ts packageDir finds packages (bundled: this require is of our own module), or, where
        // it finds none, by require.resolve.
        const paths = JSON.stringify(path.join(root, 'src', 'paths.ts'));
        const to = `re(require(${paths}).packageDir("yargs")??require("path").dirname(require.resolve("yargs/package.json")),"locales")`;
        return { contents: text.replace(from, to), loader: 'js' };
      });
    },
  },
];

/**
 * The bundle is CommonJS, run by bin/briefing.js as the body of a function compiled by vm.Script with a V8 code cache
 * (see there): `require`, `module`, `exports`, `__filename`, `__dirname` and `__briefingImport` are that function's
 * parameters. `import.meta.url` (src/paths.ts, src/util/cache.ts…) is the bundle file's URL.
 */
const banner = "const __briefingUrl = require('node:url').pathToFileURL(__filename).href;";

/** src/util/import-package.ts in the bundle: packages are loaded by what bin/load-bundle.js hands the bundle. */
const importPackagePlugin = {
  name: 'import-package',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]util[\\/]import-package\.ts$/ }, () => ({
      contents: [
        'export function importPackage(name) { return __briefingImport(name); }',
        'export function requirePackage(name) { return __briefingRequire(name); }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Packages bundled each into a file of its own beside the bundle, `<name>.<package>.cjs`, loaded (with a code cache of
 * its own) when requirePackage asks for them: puppeteer-core's ~250 modules take Node about 0.2 s of CPU to load from
 * node_modules, about 0.07 s as one minified file from a code cache, and a --pdf build waits for it before it can start
 * the browser. Its optional native helpers (of the `ws` package) stay outside, as they are when not installed.
 */
export const OWN_BUNDLES = ['puppeteer-core'];
const OWN_BUNDLE_EXTERNAL = ['bufferutil', 'utf-8-validate'];

/** The bundle's file in `dir`, and its source map; and those of the earlier format (cli.mjs and its chunks). */
export const isBundleFile = (name) => /^cli(-[\w-]+)?(\.[\w-]+)?\.(c|m)js(\.map)?$/.test(name);

/**
 * `name`: the bundle's file is `<outdir>/<name>.cjs`. A bundle named otherwise than `cli` (tests/unit/bundle.test.ts
 * makes one beside the real one, so that it finds the package's files and node_modules as the real one does) removes
 * only its own earlier files.
 */
export async function bundle({ outdir = path.join(root, 'dist'), name = 'cli', metafile = false, minify = false } = {}) {
  const { readdir, rm } = await import('node:fs/promises');
  const mine = name === 'cli' ? isBundleFile : (n) => n.startsWith(`${name}.`) && /\.cjs(\.map)?$/.test(n);
  const old = (await readdir(outdir).catch(() => [])).filter(mine);
  await Promise.all(old.map((f) => rm(path.join(outdir, f), { force: true })));
  const own = OWN_BUNDLES.map((pkg) =>
    build({
      absWorkingDir: root,
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, loader: 'js', sourcefile: `${pkg}-entry.cjs` },
      outfile: path.join(outdir, `${name}.${pkg}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: OWN_BUNDLE_EXTERNAL,
      minify: true,
      legalComments: 'eof',
      logLevel: 'warning',
    }),
  );
  const [main] = await Promise.all([mainBundle(), ...own]);
  return main;

  function mainBundle() {
    return build({
      absWorkingDir: root,
      entryPoints: { [name]: path.join(root, 'src', 'cli', 'main.ts') },
      outdir,
      outExtension: { '.js': '.cjs' },
      // One file: the code only some commands run (serve, export, import, translate, search) is in it too, but each of
      // those modules runs only when imported (esbuild's lazy module wrappers) and their packages are require()d or
      // imported there, not at the top. V8 compiles only what runs, and the code cache keeps what a run compiled.
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // yargs/package.json: never bundled, at most require.resolve()d (the yargs-locales plugin's fallback).
      external: [...EXTERNAL, ...OWN_BUNDLES, 'yargs/package.json'],
      plugins: [...plugins, importPackagePlugin],
      banner: { js: banner },
      define: { __BRIEFING_BUNDLE__: 'true', 'import.meta.url': '__briefingUrl' },
      sourcemap: 'linked',
      legalComments: 'none',
      minifyWhitespace: minify,
      minifySyntax: minify,
      logLevel: 'warning',
      metafile,
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle();
}
