import { sha256Hex } from './hash.js';
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cacheKey, codeFingerprint, readCachedJson, writeCachedJson } from './cache.js';

/**
 * What a set of files held when they were last read, known from their stat alone: a cache key over thousands of
 * files (the corpus) without reading them. Each file read is remembered in the on-disk cache as its stamp (device,
 * inode, size, mtime and ctime) and a SHA-256 of its text; while the file's stamp is the same, so is its text.
 *
 * Why that holds when a file is changed and keeps its size and mtime (an editor or a tool that puts the mtime back,
 * `touch -r`, `rsync -t`, `git` restoring a file): every write sets the ctime to the current time, and no program
 * can set it back; a file replaced by a rename has a new inode. What stat cannot tell apart is two writes within one
 * tick of the file system's clock (coarse: a few milliseconds on Linux, up to 2 s elsewhere), one before the stat
 * and one after. So a stamp is only remembered when the file was last changed (ctime and mtime) well before the stat
 * was taken, RACY_MS before; a file changed more recently is read, and its text hashed, every time until it has aged.
 * A mtime in the future (clock skew, `touch -d`) is never trusted either. What remains is a clock that runs RACY_MS
 * or more behind the file system's (a network file system with a skewed server); `BRIEFING_NO_CACHE=1` is the way
 * out there.
 *
 * Best effort, like the cache it lives in: no stamps (no cache folder, a damaged entry) only means every file is read.
 */
export const RACY_MS = 3000;

/** The parts of a stat that change with a file's content or identity. */
export const stampOf = (st: Stats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

/** Whether a stat taken at `at` (ms since the epoch) can vouch for the text read after it: see the header. */
export const settled = (st: Pick<Stats, 'mtimeMs' | 'ctimeMs'>, at: number): boolean => Math.max(st.mtimeMs, st.ctimeMs) < at - RACY_MS;

export const textHash = (text: string): string => sha256Hex(text);

/** The cache entry: for each file (relative to the root), its stamp and the hash of its text. */
const storedSchema = () => z.object({ files: z.record(z.string(), z.tuple([z.string(), z.string()])) });

export interface FileStamps {
  /** The hash of the file's text, when its stamp is unchanged since it was read; undefined: read it. */
  known(file: string): string | undefined;
  /** The stat taken of the file before it is read (undefined when stat failed: reading will say why). */
  stat(file: string): Stats | undefined;
  /** The text just read of a file, to be remembered (if its stat was settled). */
  read(file: string, text: string): string;
  /** Store what changed. */
  save(): Promise<void>;
}

/**
 * Stat every one of `files` (under `root`, absolute paths; synchronously: a few thousand stats take milliseconds that
 * way, several times longer through the thread pool) and look their stamps up in the cache entry of `root`.
 * `now` is the time the stats are taken (tests move it on, to see a stamp trusted without waiting RACY_MS).
 */
export async function fileStamps(root: string, files: readonly string[], now = Date.now()): Promise<FileStamps> {
  // With this code's fingerprint: a checked entry is read back without its schema, so it must be of this code's shape.
  const key = cacheKey(['stamps', await codeFingerprint(), root]);
  const before = (await readCachedJson('stamps', key, storedSchema))?.files ?? {};
  const stats = new Map<string, Stats | undefined>();
  for (const file of files) {
    try {
      stats.set(file, statSync(file));
    } catch {
      stats.set(file, undefined);
    }
  }
  // Most files are under the root: their name after it (path.relative is slow for thousands of files).
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const rel = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, file));
  const after: Record<string, [string, string]> = {};
  let changed = false;
  for (const file of files) {
    const st = stats.get(file);
    const was = before[rel(file)];
    if (st && was && was[0] === stampOf(st)) after[rel(file)] = was;
  }
  if (Object.keys(before).length !== Object.keys(after).length) changed = true;
  return {
    known: (file) => after[rel(file)]?.[1],
    stat: (file) => stats.get(file),
    read(file, text) {
      const hash = textHash(text);
      const st = stats.get(file);
      const r = rel(file);
      if (st && st.isFile() && settled(st, now)) {
        const entry: [string, string] = [stampOf(st), hash];
        if (after[r]?.[0] !== entry[0] || after[r]?.[1] !== hash) changed = true;
        after[r] = entry;
      } else if (after[r]) {
        delete after[r];
        changed = true;
      }
      return hash;
    },
    async save() {
      if (changed) await writeCachedJson('stamps', key, { files: after }, storedSchema);
      changed = false;
    },
  };
}
