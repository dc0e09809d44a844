#!/usr/bin/env node
/**
 * The CLI bundled: dist/cli.mjs and its chunks (dist/cli-*.mjs), by esbuild from src/cli/main.ts (run by
 * `npm run build` after tsc). An HTML build then reads and compiles 12 modules at start instead of about 280 (our
 * own, zod, yaml, Handlebars' runtime, yargs, marked): about a third less CPU time for a whole `briefing build`.
 *
 * What an HTML build never loads stays outside the bundle and is still imported by the code that needs it, from
 * node_modules: the browser and export libraries, the server's and the watcher's, the search index, font
 * subsetting, and Handlebars' compiler (needed only when the compiled templates are not in the cache).
 *
 * Paths: the bundle's files sit in dist/ like dist/paths.js, so `import.meta.url`'s folder is dist/ and the package
 * root one level up, as for tsc's output. The cache key of our own code (codeFingerprint, src/util/cache.ts) is, for
 * the bundle, a hash of the bundle's files (size and time): __BRIEFING_BUNDLE__ tells it the code is bundled.
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
        const to = 're(require("path").dirname(require.resolve("yargs/package.json")),"locales")';
        return { contents: text.replace(from, to), loader: 'js' };
      });
    },
  },
];

/** `require` for the CommonJS packages inside the bundle (yargs, Handlebars' runtime) and for the external ones. */
const banner = [
  "import { createRequire as __briefingCreateRequire } from 'node:module';",
  'const require = __briefingCreateRequire(import.meta.url);',
].join('\n');

/** The bundle's files in `dir`: cli.mjs and its chunks (cli-*.mjs), with their source maps. */
export const isBundleFile = (name) => /^cli(-[\w-]+)?\.mjs(\.map)?$/.test(name);

export async function bundle({ outdir = path.join(root, 'dist'), metafile = false, minify = false } = {}) {
  // Chunks are named by their content's hash: remove the last build's, or they pile up.
  const { readdir, rm } = await import('node:fs/promises');
  const old = (await readdir(outdir).catch(() => [])).filter(isBundleFile);
  await Promise.all(old.map((f) => rm(path.join(outdir, f), { force: true })));
  return build({
    absWorkingDir: root,
    entryPoints: { cli: path.join(root, 'src', 'cli', 'main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    // Code that only some commands run (serve, export, import, translate, search) goes into chunks of its own,
    // loaded when imported, as before: one file would hoist their static imports of external packages (pdf-lib,
    // sirv, minisearch…) to its top and load them for every command. The chunks sit beside cli.mjs in dist/, so
    // that `import.meta.url` is in dist/ in every one of them.
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    plugins,
    banner: { js: banner },
    define: { __BRIEFING_BUNDLE__: 'true' },
    sourcemap: 'linked',
    legalComments: 'none',
    minifyWhitespace: minify,
    minifySyntax: minify,
    logLevel: 'warning',
    metafile,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle();
}
