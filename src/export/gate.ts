import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside, realPathSoFar } from '../util/real-path.js';

/** Decides whether an export page may load a URL. Answers from a cache once a path has been resolved. */
export interface Gate {
  allows(url: string): boolean | Promise<boolean>;
}

/**
 * The default-deny rule of every page an export opens: data: URLs and about:blank load, and file: URLs whose real
 * path (symlinks resolved) is inside `root`; nothing else — no other file, no network, no other scheme. The file
 * URL is decoded once, the way the browser maps it to a path (WHATWG URL, then the path), and its real path is
 * looked up once per path for the whole session, so a page's second request for a file costs nothing.
 */
export function fileGate(root: string): Gate {
  const lexicalRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const decided = new Map<string, boolean>();
  const pending = new Map<string, Promise<boolean>>();

  const decideFile = async (file: string): Promise<boolean> => {
    if (!isInside(lexicalRoot, file)) return false;
    try {
      const real = realPathSoFar(file); // synchronous: may throw before the root's promise is made
      return isInside(await (realRoot ??= realpath(lexicalRoot)), real);
    } catch {
      return false;
    }
  };

  return {
    allows(url: string): boolean | Promise<boolean> {
      if (url.startsWith('data:') || url === 'about:blank') return true;
      if (!url.startsWith('file:')) return false;
      let file: string;
      try {
        const u = new URL(url);
        if (u.host !== '') return false;
        file = path.resolve(fileURLToPath(u));
      } catch {
        return false; // encoded slashes, a host, a malformed address: not a file of the output folder
      }
      const known = decided.get(file);
      if (known !== undefined) return known;
      let p = pending.get(file);
      if (!p) {
        p = decideFile(file).then((ok) => {
          decided.set(file, ok);
          pending.delete(file);
          return ok;
        });
        pending.set(file, p);
      }
      return p;
    },
  };
}
