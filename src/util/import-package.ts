import { createRequire } from 'node:module';

/**
 * Loading an installed package on demand (puppeteer-core, chokidar, Handlebars' compiler…): the one place the CLI
 * does. Under tsc's output and tsx these are the plain import() and require(). In the bundle (scripts/bundle.mjs)
 * this module is replaced by one that calls what bin/load-bundle.js hands the bundle: the bundle is compiled with a
 * V8 code cache (vm.Script), and a script compiled from a code cache cannot call import() itself (Node's host-defined
 * options are not in the cache), so the ES module that loaded it imports for it; and a package the build bundled on
 * its own (dist/cli.<package>.cjs: puppeteer-core) is loaded from that file, with a code cache of its own.
 */
export function importPackage<T>(name: string): Promise<T> {
  return import(name) as Promise<T>;
}

/** A package by its CommonJS entry (require()). */
export function requirePackage<T>(name: string): T {
  return createRequire(import.meta.url)(name) as T;
}
