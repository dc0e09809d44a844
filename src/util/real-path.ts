import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Whether `p` is `root` or inside it (both absolute, compared as written). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * `p` with symlinks resolved as far as it exists; a missing tail is kept as written (it names nothing yet, so no
 * link in it can lead anywhere). Other errors (a loop of links, no permission) are thrown. Synchronous: a few
 * microseconds, where an async realpath is a round trip through the thread pool.
 */
export function realPathSoFar(p: string): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync.native(cur), ...rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(cur);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === cur) throw err;
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}
