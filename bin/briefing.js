#!/usr/bin/env node
// The CLI: dist/cli.mjs, the bundle `npm run build` makes (one module to load, see scripts/bundle.mjs), or tsc's
// dist/cli/main.js when there is no bundle or tsc has built since it was made (`npx tsc -p tsconfig.build.json`).
import { statSync } from 'node:fs';

const mtime = (file) => statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = mtime('../dist/cli.mjs');
const { main } = await (bundle >= 0 && bundle >= mtime('../dist/cli/main.js') ? import('../dist/cli.mjs') : import('../dist/cli/main.js'));

process.exitCode = await main(process.argv.slice(2));
