import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** `child` as an absolute path, refusing anything that would land outside `root`. */
export function insideRoot(root: string, child: string): string {
  const abs = path.resolve(root, child);
  const rel = path.relative(path.resolve(root), abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError(`refusing to write outside the output folder: ${child}`, { location: { file: root } });
  }
  return abs;
}

export const tempName = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Temp files being written right now: removed by removeTempFiles() if the process is interrupted. */
const pending = new Set<string>();

/** Register a temp file being written (removed on Ctrl-C), and forget it once it is renamed or removed. */
export function trackTemp(file: string): void {
  pending.add(file);
}
export function untrackTemp(file: string): void {
  pending.delete(file);
}

/** Remove every temp file this process is still writing (on Ctrl-C). Synchronous: safe in a signal handler. */
export function removeTempFiles(): number {
  let n = 0;
  for (const f of pending) {
    try {
      rmSync(f, { force: true });
      n++;
    } catch {
      /* already gone */
    }
  }
  pending.clear();
  return n;
}

const made = new Set<string>();

/**
 * `mkdir -p`, one level at a time. (Node's recursive mkdir never returns on some special file systems, e.g. a path
 * under /proc; this fails fast there with the real error instead.)
 */
export async function ensureDir(dir: string): Promise<void> {
  const abs = path.resolve(dir);
  if (made.has(abs)) return;
  const parent = path.dirname(abs);
  if (parent !== abs) await ensureDir(parent);
  try {
    await mkdir(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'EISDIR') throw err;
    if (code === 'EEXIST' && !(await stat(abs)).isDirectory()) throw Object.assign(new Error(`not a folder: ${abs}`), { code: 'ENOTDIR' });
  }
  made.add(abs);
}

/**
 * Write `target` atomically: `write` fills a temp file beside it, which is then renamed over the target. A crash never
 * leaves half a file. A folder that vanished since it was made (deleted while `serve` runs) is made again.
 */
async function atomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await ensureDir(path.dirname(target));
    const tmp = tempName(target);
    pending.add(tmp);
    try {
      await write(tmp);
      await rename(tmp, target);
      return;
    } catch (err) {
      await rm(tmp, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) {
        forgetDirs(path.dirname(target));
        continue;
      }
      throw err;
    } finally {
      pending.delete(tmp);
    }
  }
}

/** Forget that `dir` and the folders above it were made, so that the next ensureDir checks them again. */
export function forgetDirs(dir: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    made.delete(d);
    if (path.dirname(d) === d) break;
  }
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await atomically(target, (tmp) => writeFile(tmp, data));
}

/**
 * Copy a file atomically. The copy takes the source's modification time, so a later build skips it only while size
 * and time are exactly the source's: an edited source is copied again even if it is older or the same size.
 */
export async function copyFileAtomic(from: string, target: string): Promise<void> {
  const [src, dst] = await Promise.all([stat(from), stat(target).catch(() => undefined)]);
  // utimes keeps milliseconds, the file system nanoseconds: "the same time" is within a millisecond.
  if (dst && dst.size === src.size && Math.abs(dst.mtimeMs - src.mtimeMs) < 1) return;
  await atomically(target, async (tmp) => {
    await copyFile(from, tmp);
    await utimes(tmp, src.atime, src.mtime);
  });
}
