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

/** Resolve a package's file from this project's node_modules. */
const require = createRequire(import.meta.url);
export function packageFile(spec: string): string {
  return require.resolve(spec);
}
