#!/usr/bin/env node
// The CLI: dist/cli.cjs, the bundle `npm run build` makes (scripts/bundle.mjs), loaded with a V8 code cache
// (bin/load-bundle.js); or tsc's dist/cli/main.js when there is no bundle or, in a source checkout (src/ beside
// dist/), when tsc has built since the bundle was made (`npx tsc -p tsconfig.build.json`). An installed package has
// no src/: its files' times are those of their unpacking, in no set order, and say nothing about which was built last.
// CommonJS (bin/package.json says so): Node starts a CommonJS entry some 30-40 ms sooner than an ES module.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');

const mtime = (file) => statSync(path.join(__dirname, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = mtime('../dist/cli.cjs');
const stale = () => mtime('../src') >= 0 && mtime('../dist/cli/main.js') > bundle;

/**
 * Run the CLI's main and exit with its code; `store` keeps what V8 compiled (bin/load-bundle.js). A main that never
 * settles (nothing left to wait for) exits 13, as an ES module's unsettled top-level await does, not 0.
 */
const run = (main, store) => {
  let settled = false;
  // beforeExit: the event loop ran empty (an explicit process.exit, e.g. on Ctrl-C, keeps its own code).
  process.on('beforeExit', () => {
    if (!settled) process.exitCode = 13;
  });
  return main(process.argv.slice(2)).then(
    (code) => {
      settled = true;
      process.exitCode = code;
      store?.();
    },
    (err) => {
      settled = true;
      throw err;
    },
  );
};

if (bundle >= 0 && !stale()) {
  const loaded = require('./load-bundle.js').loadBundle(path.join(__dirname, '../dist/cli.cjs'));
  void run(loaded.exports.main, loaded.store);
} else {
  void import('../dist/cli/main.js').then(({ main }) => run(main));
}
