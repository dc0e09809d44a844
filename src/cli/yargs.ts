import { createRequire } from 'node:module';
import type yargsFactory from 'yargs';

/**
 * yargs through its CommonJS entry: the ES module one lays help out with cliui's stand-in wrap, which cuts words at
 * the column ("section\ns", "specs/default\n.yaml"); the CommonJS one wraps at spaces (wrap-ansi, string-width).
 * (The bundle, scripts/bundle.mjs, puts that same CommonJS entry in its place.)
 */
const yargs = createRequire(import.meta.url)('yargs') as typeof yargsFactory;

export default yargs;
