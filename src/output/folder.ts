import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULTS, PROJECT_ROOT } from '../paths.js';

/**
 * The folder name for a spec's default output, from its file name: never `.`, `..`, empty, hidden, or with a path
 * separator or a control character in it (a spec named `...yaml` would otherwise build into `out/..`, the project).
 */
export function outFolderName(specName: string): string {
  const clean = specName
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return clean || 'spec';
}

/** `out/<name>/` for a spec file (or a spec's name), in the project's out folder. */
export function defaultOutDir(specFileOrName: string): string {
  return path.join(DEFAULTS.out, outFolderName(path.basename(specFileOrName).replace(/\.(ya?ml)$/i, '')));
}

/** The folders a build reads: an output folder must neither be nor be inside nor contain any of them. */
export interface ProjectFolders {
  content?: string;
  templates?: string;
  themes?: string;
}

/**
 * The real path of `p`, also when it (or its end) does not exist yet: the nearest existing folder, resolved, + the rest.
 * Synchronous (the same realpath(3) as fs/promises' realpath): checkOutFolder resolves a dozen folders, twice per
 * build, and each took a round trip through the thread pool.
 */
export async function realPathOf(p: string): Promise<string> {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let at = abs; ; at = path.dirname(at)) {
    try {
      return path.join(realpathSync.native(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return abs;
      rest.push(path.basename(at));
    }
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Refuse an output folder that would let a build overwrite or pollute the project: the project folder itself, a
 * folder that contains it (out/ would then hold the project: `serve` serves .git/, a build writes beside src/), or a
 * folder that is (or is inside) the corpus, templates, themes, specs, sources, tests, node_modules or .git. Paths are
 * compared as real paths, so a link to one of them is refused too. Returns the output folder's real path.
 */
export async function checkOutFolder(outDir: string, folders: ProjectFolders = {}): Promise<string> {
  const real = await realPathOf(outDir);
  const named = (name: string) => path.join(PROJECT_ROOT, name);
  const read: [string, string][] = [
    ['content', folders.content ?? DEFAULTS.content],
    ['templates', folders.templates ?? DEFAULTS.templates],
    ['themes', folders.themes ?? DEFAULTS.themes],
  ];
  const project: [string, string][] = [
    ...['content', 'templates', 'themes', 'specs', 'src', 'tests', 'bench', 'bin', 'dist', 'node_modules', '.git'].map((n): [string, string] => [n, named(n)]),
    ...read,
  ];
  const refuse = (why: string, found: string) =>
    new UserError(`refusing to build into ${outDir}: ${why}`, {
      found,
      hint: 'choose a folder of its own: the default out/<spec name>/, or a new folder outside the project (--out)',
    });
  const root = await realPathOf(PROJECT_ROOT);
  if (inside(root, real)) throw refuse(real === root ? "it is the project's own folder" : 'it contains the project', real);
  for (const [name, dir] of project) {
    const r = await realPathOf(dir);
    if (inside(real, r)) throw refuse(`it ${real === r ? 'is' : 'is inside'} the ${name} folder (${r})`, real);
  }
  for (const [name, dir] of read) {
    const r = await realPathOf(dir);
    if (inside(r, real)) throw refuse(`it contains the ${name} folder (${r})`, real);
  }
  return real;
}
