#!/usr/bin/env node
// The CLI: dist/cli.cjs, the bundle `npm run build` makes (scripts/bundle.mjs), loaded with a V8 code cache
// (bin/load-bundle.js); or tsc's dist/cli/main.js when there is no bundle or, in a source checkout (src/ beside
// dist/), when tsc has built since the bundle was made (`npx tsc -p tsconfig.build.json`). An installed package has
// no src/: its files' times are those of their unpacking, in no set order, and say nothing about which was built last.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mtime = (file) => statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = mtime('../dist/cli.cjs');
const stale = () => mtime('../src') >= 0 && mtime('../dist/cli/main.js') > bundle;
const { main, store } =
  bundle >= 0 && !stale()
    ? await import('./load-bundle.js').then(({ loadBundle }) => {
        const loaded = loadBundle(fileURLToPath(new URL('../dist/cli.cjs', import.meta.url)));
        return { main: loaded.exports.main, store: loaded.store };
      })
    : await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
store?.();
