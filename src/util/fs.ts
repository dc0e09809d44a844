import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
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

const tempName = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** Write a file atomically: to a temp file beside it, then rename over the target. A crash never leaves half a file. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Copy a file atomically, skipping the copy when the target already has the same size and is not older. */
export async function copyFileAtomic(from: string, target: string): Promise<void> {
  const [src, dst] = await Promise.all([stat(from), stat(target).catch(() => undefined)]);
  if (dst && dst.size === src.size && dst.mtimeMs >= src.mtimeMs) return;
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await copyFile(from, tmp);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
