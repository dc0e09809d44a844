import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserError, type UserErrorDetails } from '../errors.js';

/**
 * How much of each kind of input is read, at most. Each is far above anything real (the largest corpus file is under
 * 100 KiB, a spec a few KiB), and low enough that a wrong file is refused at once instead of filling the memory.
 */
export const LIMITS = {
  /** A spec: a list of section ids and a few texts. */
  spec: 256 * 1024,
  /** One file of `content/` (a section's Markdown, `_document.yaml`, `quotes.yaml`). */
  corpusFile: 4 * 2 ** 20,
  /** All files of `content/` together. */
  corpusTotal: 64 * 2 ** 20,
  /** A theme's CSS file (read to check what it names). */
  stylesheet: 4 * 2 ** 20,
  /** A Handlebars template or partial of templates/. */
  template: 4 * 2 ** 20,
  /** The text `briefing import` reads (src/import/index.ts MAX_IMPORT_BYTES). */
  importText: 4 * 2 ** 20,
  /** An XLIFF file of translations (src/translate/index.ts MAX_XLIFF_BYTES). */
  xliff: 32 * 2 ** 20,
  /** One entry of the on-disk cache. */
  cacheEntry: 32 * 2 ** 20,
} as const;

/** A file that cannot be read as input: a UserError (exit 2) naming the path, with a code for callers. */
export class ReadError extends UserError {
  constructor(
    message: string,
    /** The errno code (ENOENT, EACCES…), or ENOTREG (not a regular file), EISDIR, EFBIG (too large), EILSEQ (not UTF-8). */
    readonly code: string,
    details: UserErrorDetails,
  ) {
    super(message, details);
    this.name = 'ReadError';
  }
}

export interface ReadOptions {
  /** Bytes at most. */
  limit: number;
  /** What the file is, for messages: "spec file", "corpus file". */
  what: string;
  /** A hint for the message (by error code), e.g. where the specs are when one is not found. */
  hint?: (code: string) => string | undefined;
}

/** The least a buffer grows by when the file turns out longer than fstat said. */
const SMALL_CHUNK = 64 * 1024;

/**
 * Read a regular file, refusing anything else (a device like /dev/zero, a FIFO, a socket, a folder) and anything
 * larger than `limit`, before reading it: the file is opened without waiting (a FIFO with no writer would block
 * forever), checked with fstat on the opened handle (no race with a rename in between), then read into one buffer of
 * the size fstat gave (and one byte more, to see the end), grown only for a file that grows, at most `limit + 1`
 * bytes in all, so a file that grows meanwhile is refused too. Reads go through the thread pool: Ctrl-C works.
 * Every failure is a ReadError naming the path.
 */
export async function readBounded(file: string, options: ReadOptions): Promise<Buffer> {
  const fail = failure(file, options);
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    const code = codeOf(err);
    throw fail(code, openMessage(code));
  }
  try {
    let st: Stats;
    try {
      st = await handle.stat();
    } catch (err) {
      throw fail(codeOf(err), `cannot be read (${codeOf(err)})`);
    }
    const bounds = checkFile(st, options, fail);
    for (;;) {
      if (!bounds.grow()) break;
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(bounds.buf, bounds.total, bounds.buf.length - bounds.total, bounds.total));
      } catch (err) {
        throw fail(codeOf(err), `cannot be read (${codeOf(err)})`);
      }
      if (bytesRead === 0) break;
      bounds.total += bytesRead;
    }
    return bounds.done();
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * readBounded without the thread pool, for files of our own that are read on every run (the cache's entries): each
 * step of an async read is a round trip through the thread pool, and a warm build reads a dozen entries. The same
 * checks, the same errors; the open does not wait either (a FIFO there is refused at once).
 */
export function readBoundedSync(file: string, options: ReadOptions): Buffer {
  const fail = failure(file, options);
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    const code = codeOf(err);
    throw fail(code, openMessage(code));
  }
  try {
    let st: Stats;
    try {
      st = fstatSync(fd);
    } catch (err) {
      throw fail(codeOf(err), `cannot be read (${codeOf(err)})`);
    }
    const bounds = checkFile(st, options, fail);
    for (;;) {
      if (!bounds.grow()) break;
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, bounds.buf, bounds.total, bounds.buf.length - bounds.total, bounds.total);
      } catch (err) {
        throw fail(codeOf(err), `cannot be read (${codeOf(err)})`);
      }
      if (bytesRead === 0) break;
      bounds.total += bytesRead;
    }
    return bounds.done();
  } finally {
    try {
      closeSync(fd);
    } catch {
      /* closed: nothing to do */
    }
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? 'EIO';
type Fail = (code: string, message: string, extra?: UserErrorDetails) => ReadError;
const failure =
  (file: string, options: ReadOptions): Fail =>
  (code, message, extra = {}) =>
    new ReadError(`${options.what} ${message}`, code, { location: { file }, ...extra, ...hintFor(options, code, extra.hint) });

/**
 * The opened file's fstat checked (a regular file, not over the limit), and the buffer it is read into: one of the
 * size fstat promised plus one byte to see the end; past that (a file that grew, a /proc file that says size 0) it
 * grows, doubling, up to limit + 1 bytes in all (one byte more than allowed says the file is too large).
 */
function checkFile(st: Stats, options: ReadOptions, fail: Fail): { buf: Buffer; total: number; grow(): boolean; done(): Buffer } {
  if (st.isDirectory()) throw fail('EISDIR', 'is a folder, not a file');
  if (!st.isFile()) throw fail('ENOTREG', kindOf(st), { hint: 'give the path of a file saved on disk' });
  const tooLarge = (size: string) => fail('EFBIG', 'is too large', { expected: `at most ${formatBytes(options.limit)}`, found: size, hint: 'is this the right file?' });
  if (st.size > options.limit) throw tooLarge(formatBytes(st.size));
  const cap = options.limit + 1;
  return {
    buf: Buffer.allocUnsafe(Math.min(cap, st.size + 1)),
    total: 0,
    /** Room to read into; false at the cap. */
    grow() {
      if (this.total < this.buf.length) return true;
      if (this.buf.length >= cap) return false;
      const bigger = Buffer.allocUnsafe(Math.min(cap, this.buf.length + Math.max(SMALL_CHUNK, this.buf.length)));
      this.buf.copy(bigger, 0, 0, this.total);
      this.buf = bigger;
      return true;
    },
    done() {
      if (this.total > options.limit) throw tooLarge(`more than ${formatBytes(options.limit)} (it grew while being read)`);
      return this.buf.subarray(0, this.total);
    },
  };
}

/** readBounded, decoded as UTF-8 (a leading byte-order mark is kept); text that is not UTF-8 is a ReadError. */
export async function readTextBounded(file: string, options: ReadOptions): Promise<string> {
  const bytes = await readBounded(file, options);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ReadError(`${options.what} is not valid UTF-8 text`, 'EILSEQ', { location: { file }, hint: 'save the file as UTF-8' });
  }
}

function hintFor(options: ReadOptions, code: string, fallback: string | undefined): { hint?: string } {
  const hint = options.hint?.(code) ?? fallback;
  return hint ? { hint } : {};
}

function openMessage(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'cannot be read: a part of its path is a file, not a folder';
    case 'ELOOP':
      return 'cannot be read: its symbolic links go round in a loop';
    case 'ENAMETOOLONG':
      return 'cannot be read: its name is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'cannot be opened: too many files are open';
    default:
      return `cannot be read (${code})`;
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/** 256 KiB, 4.0 MiB, 3.0 GiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return Number.isInteger(v) ? `${v} ${units[u]}` : `${v.toFixed(1)} ${units[u]}`;
}
