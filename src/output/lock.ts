import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BriefingFailure } from '../errors.js';
import { readBoundedSync } from '../util/read.js';

/** The lock file in an output folder while a build writes it. */
export const LOCK_FILE = '.briefing.lock';

export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the build took the lock. */
  started: string;
  /** Tells two builds of one process apart. */
  token: string;
  /**
   * When the process started, as the system counts it (Linux: boot id and start time in clock ticks, from /proc):
   * a pid reused by a later process has another. Absent where the system does not say.
   */
  pidStart?: string;
}

export interface LockOptions {
  /** Milliseconds to wait for another build to finish with the folder (default 120 s); then fail. */
  waitMs?: number;
  /** Told once when the folder is busy and the build waits. */
  onWait?: (holder: LockInfo) => void;
  /** Milliseconds between looks at a busy lock (default 100). */
  pollMs?: number;
}

/** Locks this process holds: released on exit and by releaseLocksSync() (Ctrl-C). */
const held = new Map<string, string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * When process `pid` started, where the system says (Linux's /proc): its boot's id and the start time, in clock ticks
 * since boot (field 22 of /proc/<pid>/stat). Undefined elsewhere, or when the process is gone.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the fields are counted after its last ")".
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    if (!ticks || !/^\d+$/.test(ticks)) return undefined;
    return `${bootId()}/${ticks}`;
  } catch {
    return undefined;
  }
}

let boot: string | undefined;
const bootId = (): string => {
  try {
    boot ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    boot = '';
  }
  return boot;
};

/**
 * A lock left by a process of this machine that no longer runs (killed, crashed): its pid is not running, or is
 * running a later process (the pid was reused: another start time).
 */
function isStale(info: LockInfo): boolean {
  if (info.host !== os.hostname()) return false;
  if (info.pid === process.pid) return ![...held.values()].includes(info.token);
  if (!alive(info.pid)) return true;
  const now = info.pidStart === undefined ? undefined : processStart(info.pid);
  return now !== undefined && now !== info.pidStart;
}

const parse = (text: string): LockInfo | undefined => {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    const ok = typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string' && (v.pidStart === undefined || typeof v.pidStart === 'string');
    return ok ? (v as LockInfo) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Create the lock file with our info, unless one exists. Synchronous, like the reads below: a build takes and releases
 * its lock once, and each of these steps waited for a round trip through the thread pool.
 */
function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeFileSync(fd, `${JSON.stringify(info)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * The lock file's text; undefined when it cannot be read, is not a regular file or is larger than any lock
 * (readBoundedSync: opened without waiting, so a FIFO put in its place does not hang the build).
 */
function readLock(file: string): string | undefined {
  try {
    return readBoundedSync(file, { limit: LOCK_LIMIT, what: 'lock file' }).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A lock is a line of JSON of a hundred bytes or so. */
const LOCK_LIMIT = 4096;

/**
 * Remove a stale lock, once: under a second, short-lived lock, so that two builds finding the same stale lock do not
 * both take it over (one could otherwise remove the lock the other had just made).
 */
async function removeStale(file: string, seen: string): Promise<void> {
  const guard = `${file}.takeover`;
  // A takeover guard left by a process killed in the middle of one (a few ms): old after 10 s.
  const old = await stat(guard).then((s) => Date.now() - s.mtimeMs > 10_000, () => false);
  if (old) await rm(guard, { force: true });
  const fh = await open(guard, 'wx').catch(() => undefined);
  if (!fh) return;
  try {
    if (readLock(file) === seen) await rm(file, { force: true });
  } finally {
    await fh.close();
    await rm(guard, { force: true });
  }
}

export interface Lock {
  info: LockInfo;
  /** Set when a stale lock (of a process that died) was taken over. */
  tookOver?: LockInfo;
  release(): Promise<void>;
}

/**
 * Take the output folder's lock: one build at a time per folder. A lock of a process that died is taken over; a live
 * one is waited for up to `waitMs`, then the build fails saying who holds the folder.
 */
export async function acquireLock(dir: string, options: LockOptions = {}): Promise<Lock> {
  const file = path.join(dir, LOCK_FILE);
  const pidStart = processStart(process.pid);
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    started: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
    ...(pidStart ? { pidStart } : {}),
  };
  const waitMs = options.waitMs ?? 120_000;
  const until = Date.now() + waitMs;
  let told = false;
  let tookOver: LockInfo | undefined;
  for (;;) {
    if (tryCreate(file, info)) break;
    const standing = lstatSync(file, { throwIfNoEntry: false });
    if (standing && !standing.isFile()) {
      // Not a lock any build made (a folder, a FIFO, a link): it would never be released.
      throw new BriefingFailure(
        `the output folder ${dir} holds a ${LOCK_FILE} that is not a lock file (${standing.isDirectory() ? 'a folder' : standing.isSymbolicLink() ? 'a symbolic link' : standing.isFIFO() ? 'a named pipe' : 'not a regular file'})`,
        `remove ${file} and build again, or choose another --out`,
      );
    }
    const text = readLock(file) ?? '';
    const holder = parse(text);
    // An empty or damaged lock is being written this instant, or was left by a process killed while writing it
    // (it takes microseconds): after 10 s it is stale. (Its time from the lstat above: removeStale removes it only if
    // it still holds the text read here.)
    const damagedAndOld = !holder && standing !== undefined && Date.now() - standing.mtimeMs > 10_000;
    if ((holder && isStale(holder)) || damagedAndOld) {
      await removeStale(file, text);
      if (holder) tookOver = holder;
      continue;
    }
    if (Date.now() >= until) {
      const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.started}` : 'an unreadable lock';
      throw new BriefingFailure(
        `the output folder ${dir} is busy: another build is writing it (${who})`,
        `wait for it to finish and build again, or choose another --out; if no build is running, delete ${file}`,
      );
    }
    if (!told && holder) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  held.set(file, info.token);
  return {
    info,
    ...(tookOver ? { tookOver } : {}),
    release: async () => {
      if (held.get(file) !== info.token) return;
      held.delete(file);
      // Only our own lock: never one another build took over after ours was (wrongly) thought stale.
      if (parse(readLock(file) ?? '')?.token === info.token) rmSync(file, { force: true });
    },
  };
}

/** Release every lock this process holds. Synchronous: safe in a signal handler and on exit. */
export function releaseLocksSync(): void {
  for (const [file, token] of held) {
    try {
      if (parse(readLock(file) ?? '')?.token === token) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  }
  held.clear();
}

process.on('exit', releaseLocksSync);
