import { constants, lstatSync, statSync, type Stats } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, realpath, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefingFailure, UserError } from '../errors.js';
import { ensureDir, forgetDirs, tempName, trackTemp, untrackTemp } from '../util/fs.js';
import { checkOutFolder, type ProjectFolders } from './folder.js';
import { acquireLock, type Lock, type LockOptions } from './lock.js';
import { outcome, WRITE_HINTS } from './messages.js';

/** A file to put in the output folder: copied from `from`, or written from `content`. `to` is relative, with `/`. */
export type OutputFile = { to: string; from: string } | { to: string; content: string | Uint8Array };

export interface OpenOptions extends LockOptions {
  /** The folders the build reads: the output folder may not be, be inside, or contain them. */
  folders?: ProjectFolders;
}

/** A page of the output: an HTML file at its top level (not in assets/). */
export const isPage = (rel: string) => rel.endsWith('.html') && !rel.includes('/');

/** Writers open in this process: what Ctrl-C reports on. */
const openWriters = new Set<OutputWriter>();

/**
 * The one way a build writes its outputs. Created for an output folder (checked against the project's folders,
 * locked against other builds), it writes only real files in real folders inside it: a path that would leave it is
 * refused, a symbolic link to a folder is never followed (refused, naming it), a link in place of a file is replaced
 * by the file (the link's target is never written). Files are first written to temp names beside their targets
 * (`stage`), then all renamed at once (`commit`): a failure while writing replaces nothing; the writer always knows
 * which files it replaced, so messages can say exactly that.
 */
export class OutputWriter {
  /** Files of this build written to temp names, not yet renamed over their targets. */
  private readonly staged = new Map<string, { tmp: string; target: string }>();
  /**
   * Folders checked to be real folders inside the root (absolute paths), or being checked: files are staged in
   * parallel, and the files of one folder wait for one check of it.
   */
  private readonly dirs = new Map<string, Promise<void>>();
  /** Files this build renamed into place, in order. */
  readonly replaced: string[] = [];
  /** Copies skipped because the target was already the same file (size and time). */
  readonly unchanged: string[] = [];

  private constructor(
    /** The output folder as given (resolved): what messages name. */
    readonly dir: string,
    /** Its real path: where files are written. */
    readonly root: string,
    private readonly lock: Lock,
  ) {}

  /** The lock of a build that died, when this writer took it over. */
  get tookOver(): Lock['tookOver'] {
    return this.lock.tookOver;
  }

  static async open(outDir: string, options: OpenOptions = {}): Promise<OutputWriter> {
    const dir = path.resolve(outDir);
    await checkOutFolder(dir, options.folders);
    try {
      // Made again if it was deleted since (serve keeps running while out/ is removed): no memory of earlier builds.
      forgetDirs(dir);
      await ensureDir(dir);
    } catch (err) {
      throw writeFailure(err, dir, `nothing in ${dir} was replaced`);
    }
    const root = await realpath(dir);
    // The folder may have been swapped for a link since the check: check its real path again.
    await checkOutFolder(root, options.folders);
    const lock = await acquireLock(root, options).catch((err: unknown) => {
      throw err instanceof BriefingFailure ? err : writeFailure(err, dir, `nothing in ${dir} was replaced`);
    });
    const writer = new OutputWriter(dir, root, lock);
    openWriters.add(writer);
    return writer;
  }

  /** Write files to temp names beside their targets. Any failure removes every staged file: nothing is replaced. */
  async stage(files: OutputFile[]): Promise<void> {
    const results = await Promise.allSettled(files.map((f) => this.stageOne(f)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.discard();
      throw this.failure(failed.reason);
    }
  }

  /**
   * Rename staged files over their targets (all of them, or those named): assets first, then pages, so a page never
   * names an asset that is not there yet; the manifest, which describes the pages, last. Within each, by name: files
   * are staged in parallel, in any order, and messages list them in the order they were renamed.
   */
  async commit(only?: string[]): Promise<string[]> {
    const names = [...this.staged.keys()].filter((n) => !only || only.includes(n));
    const rank = (n: string) => (n === 'manifest.json' ? 2 : Number(isPage(n)));
    names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const rel of names) {
      const s = this.staged.get(rel)!;
      try {
        await rename(s.tmp, s.target);
      } catch (err) {
        await this.discard();
        throw this.failure(err);
      }
      untrackTemp(s.tmp);
      this.staged.delete(rel);
      this.replaced.push(rel);
    }
    return names;
  }

  /** stage + commit: returns the paths written (relative), including copies already up to date. */
  async write(files: OutputFile[]): Promise<string[]> {
    await this.stage(files);
    await this.commit(files.map((f) => f.to));
    return files.map((f) => f.to);
  }

  /** What this build did to the folder so far: what it replaced, what it kept. */
  outcome(): string {
    return outcome(this.root, this.replaced, [...this.staged.keys()]);
  }

  /** Remove every staged temp file (nothing is replaced). */
  async discard(): Promise<void> {
    const all = [...this.staged.values()];
    this.staged.clear();
    await Promise.all(all.map((s) => rm(s.tmp, { force: true }).finally(() => untrackTemp(s.tmp))));
  }

  /** Discard what was not committed and release the folder. */
  async close(): Promise<void> {
    openWriters.delete(this);
    await this.discard();
    await this.lock.release();
  }

  private failure(err: unknown): unknown {
    return err instanceof UserError || err instanceof BriefingFailure ? err : writeFailure(err, this.dir, this.outcome());
  }

  private async stageOne(f: OutputFile): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { target, st: dst } = await this.place(f.to);
        // Synchronous, like the target's lstat (place): a build checks dozens of copies that are up to date, and a
        // stat takes microseconds that way, several times longer through the thread pool.
        const src = 'from' in f ? statSync(f.from) : undefined;
        // A copy already up to date (size, and time to the millisecond: utimes keeps no more) is left alone.
        if (src && dst?.isFile() && dst.size === src.size && Math.abs(dst.mtimeMs - src.mtimeMs) < 1) {
          this.unchanged.push(f.to);
          return;
        }
        const tmp = tempName(target);
        trackTemp(tmp);
        if ('from' in f) {
          await copyFile(f.from, tmp, constants.COPYFILE_EXCL);
          await utimes(tmp, src!.atime, src!.mtime);
        } else {
          await writeFile(tmp, f.content, { flag: 'wx' });
        }
        const before = this.staged.get(f.to);
        this.staged.set(f.to, { tmp, target });
        if (before) await rm(before.tmp, { force: true }).finally(() => untrackTemp(before.tmp));
        return;
      } catch (err) {
        // A folder deleted while the build runs (serve, with out/ removed by hand): made again, once.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0 && !('from' in f && !(await exists(f.from)))) {
          this.dirs.clear();
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * The absolute path for `rel`, its folders made: every folder on the way a real folder inside the root (a link is
   * refused, never followed), nothing resolving outside it. With what stands at that path now (lstat), if anything.
   */
  private async place(rel: string): Promise<{ target: string; st: Stats | undefined }> {
    const parts = rel.split('/');
    if (!rel || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel) || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new UserError(`refusing to write outside the output folder: ${rel}`, { location: { file: this.dir } });
    }
    let at = this.root;
    for (const part of parts.slice(0, -1)) {
      at = path.join(at, part);
      let checked = this.dirs.get(at);
      if (!checked) {
        const dir = at;
        checked = this.realFolder(dir);
        // A failed check is not kept: the next file of that folder checks it again (and fails the same way, or not).
        checked.catch(() => {
          if (this.dirs.get(dir) === checked) this.dirs.delete(dir);
        });
        this.dirs.set(dir, checked);
      }
      await checked;
    }
    const target = path.join(at, parts.at(-1)!);
    let st: Stats | undefined;
    try {
      st = lstatSync(target);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) throw Object.assign(new Error(`a folder stands where a file is needed: ${target}`), { code: 'EISDIR' });
    return { target, st };
  }

  /** Make `dir` (its parent already checked) or check it: a real folder, not a link, whose real path is inside. */
  private async realFolder(dir: string): Promise<void> {
    let st = await lstat(dir).catch(() => undefined);
    if (!st) {
      await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      st = await lstat(dir);
    }
    if (st.isSymbolicLink()) {
      const to = await readlink(dir).catch(() => '?');
      throw new UserError(`refusing to write through a symbolic link in the output folder: ${dir} → ${to}`, {
        location: { file: dir },
        hint: 'a build writes only real folders inside its output folder: remove the link (its target is left alone), or choose another --out',
      });
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`not a folder: ${dir}`), { code: 'ENOTDIR' });
    const real = await realpath(dir);
    const relative = path.relative(this.root, real);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UserError(`refusing to write outside the output folder: ${dir} resolves to ${real}`, { location: { file: dir } });
    }
  }
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/** A file-system error while writing outputs → a failure naming the folder, what to do, and what was replaced. */
export function writeFailure(err: unknown, dir: string, done: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code || !(code in WRITE_HINTS)) return err;
  return new BriefingFailure(`cannot write the output to ${dir} (${code})`, `${WRITE_HINTS[code]}; ${done}`, { cause: err });
}

/**
 * Ctrl-C: remove the temp files being written, release the folders, and say exactly what the interrupted builds had
 * replaced. Synchronous.
 */
export function interruptedOutputs(): string {
  const lines = [...openWriters].map((w) => w.outcome());
  openWriters.clear();
  return lines.length ? lines.join('; ') : 'no output was replaced: the earlier outputs are untouched';
}
