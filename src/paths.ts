import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project (package) root: where templates/, themes/, content/ and specs/ ship. */
export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export const DEFAULTS = {
  content: path.join(PROJECT_ROOT, 'content'),
  templates: path.join(PROJECT_ROOT, 'templates'),
  themes: path.join(PROJECT_ROOT, 'themes'),
  specs: path.join(PROJECT_ROOT, 'specs'),
  spec: path.join(PROJECT_ROOT, 'specs', 'default.yaml'),
  out: path.join(PROJECT_ROOT, 'out'),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const packageDirs = new Map<string, string | undefined>();

/**
 * The folder of an installed package, as Node's require finds it: the first node_modules/<name> holding a
 * package.json on the way up from this code's folder (as found: packageFile gives a file's real path). Undefined when there is none on the way (then
 * only require.resolve knows: NODE_PATH, the global folders). Found with a few stats: require.resolve takes some 5 ms
 * the first time in a process (its resolver's own modules are loaded then), and a build would pay that on every run.
 */
export function packageDir(name: string): string | undefined {
  if (!packageDirs.has(name)) {
    let found: string | undefined;
    for (let dir = here; ; dir = path.dirname(dir)) {
      const at = path.join(dir, 'node_modules', name);
      if (path.basename(dir) !== 'node_modules' && existsSync(path.join(at, 'package.json'))) {
        found = at;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    packageDirs.set(name, found);
  }
  return packageDirs.get(name);
}

/**
 * A file of an installed package (`<name>/<path in it>`), to be read, not imported: the file at that path in the
 * package's folder (packageDir), or what require.resolve says where packageDir finds none. Only for files the package
 * ships at the path named (the font stylesheets, reveal.js, package.json): an `exports` map is not applied.
 */
export function packageFile(spec: string): string {
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  const dir = parts.length > nameLength ? packageDir(parts.slice(0, nameLength).join('/')) : undefined;
  if (dir !== undefined) {
    try {
      // Its real path, as require.resolve gives (a file that is itself a link: Bazel's, Nix's stores).
      return realpathSync.native(path.join(dir, ...parts.slice(nameLength)));
    } catch {
      // Not there (a package found nearer than the one that has the file): where require.resolve looks further.
    }
  }
  return require.resolve(spec);
}
