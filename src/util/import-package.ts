/**
 * import() of an installed package (puppeteer-core, chokidar, Handlebars' compiler…): the one place the CLI loads a
 * package on demand. Under tsc's output and tsx it is the plain import(). In the bundle (scripts/bundle.mjs) this
 * module is replaced by one that calls the importer bin/briefing.js hands the bundle: the bundle is compiled with a
 * V8 code cache (vm.Script), and a script compiled from a code cache cannot call import() itself (Node's host-defined
 * options are not in the cache), so the ES module that loaded it imports for it.
 */
export function importPackage<T>(name: string): Promise<T> {
  return import(name) as Promise<T>;
}
