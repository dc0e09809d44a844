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
  const steps = boundedRead(file, options);
  let handle: FileHandle | undefined;
  try {
    for (let next = steps.next(); ; ) {
      if (next.done) return next.value;
      const step = next.value;
      let result: unknown;
      try {
        if (step.op === 'open') handle = await open(file, OPEN_FLAGS);
        else if (step.op === 'stat') result = await handle!.stat();
        else result = (await handle!.read(step.buf, step.offset, step.buf.length - step.offset, step.offset)).bytesRead;
      } catch (err) {
        next = steps.throw(err);
        continue;
      }
      next = steps.next(result);
    }
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * readBounded without the thread pool, for the small files read on every run (the cache's entries, templates, theme
 * stylesheets, the composer's spec): each step of an async read is a round trip through the thread pool. The same
 * steps (boundedRead), so the same checks and errors; the open does not wait either (a FIFO there is refused at once).
 */
export function readBoundedSync(file: string, options: ReadOptions): Buffer {
  const steps = boundedRead(file, options);
  let fd: number | undefined;
  try {
    for (let next = steps.next(); ; ) {
      if (next.done) return next.value;
      const step = next.value;
      let result: unknown;
      try {
        if (step.op === 'open') fd = openSync(file, OPEN_FLAGS);
        else if (step.op === 'stat') result = fstatSync(fd!);
        else result = readSync(fd!, step.buf, step.offset, step.buf.length - step.offset, step.offset);
      } catch (err) {
        next = steps.throw(err);
        continue;
      }
      next = steps.next(result);
    }
  } finally {
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      /* closed: nothing to do */
    }
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? 'EIO';

/** A step of a bounded read, for the caller to do: open the file, fstat it, or read into `buf` at `offset` (to its end). */
type ReadStep = { op: 'open' } | { op: 'stat' } | { op: 'read'; buf: Buffer; offset: number };

/**
 * A bounded read as its steps, the same whether they are done synchronously or not: what each step gives is sent
 * back in (the fstat, the bytes read), an error it throws is thrown in. The open's fstat is checked (a regular file,
 * not over the limit); the buffer is of the size fstat promised plus one byte to see the end; past that (a file that
 * grew, a /proc file that says size 0) it grows, doubling, up to limit + 1 bytes in all (one byte more than allowed
 * says the file is too large).
 */
function* boundedRead(file: string, options: ReadOptions): Generator<ReadStep, Buffer, unknown> {
  const fail = (code: string, message: string, extra: UserErrorDetails = {}): ReadError =>
    new ReadError(`${options.what} ${message}`, code, { location: { file }, ...extra, ...hintFor(options, code, extra.hint) });
  const failed = (err: unknown) => fail(codeOf(err), `cannot be read (${codeOf(err)})`);
  try {
    yield { op: 'open' };
  } catch (err) {
    throw fail(codeOf(err), openMessage(codeOf(err)));
  }
  let st: Stats;
  try {
    st = (yield { op: 'stat' }) as Stats;
  } catch (err) {
    throw failed(err);
  }
  if (st.isDirectory()) throw fail('EISDIR', 'is a folder, not a file');
  if (!st.isFile()) throw fail('ENOTREG', kindOf(st), { hint: 'give the path of a file saved on disk' });
  const tooLarge = (size: string) => fail('EFBIG', 'is too large', { expected: `at most ${formatBytes(options.limit)}`, found: size, hint: 'is this the right file?' });
  if (st.size > options.limit) throw tooLarge(formatBytes(st.size));
  const cap = options.limit + 1;
  let buf = Buffer.allocUnsafe(Math.min(cap, st.size + 1));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (buf.length >= cap) break;
      const bigger = Buffer.allocUnsafe(Math.min(cap, buf.length + Math.max(SMALL_CHUNK, buf.length)));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    let bytesRead: number;
    try {
      bytesRead = (yield { op: 'read', buf, offset: total }) as number;
    } catch (err) {
      throw failed(err);
    }
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  if (total > options.limit) throw tooLarge(`more than ${formatBytes(options.limit)} (it grew while being read)`);
  return buf.subarray(0, total);
}

/** readBounded, decoded as UTF-8 (a leading byte-order mark is kept); text that is not UTF-8 is a ReadError. */
export async function readTextBounded(file: string, options: ReadOptions): Promise<string> {
  return utf8Text(await readBounded(file, options), file, options);
}

/** readTextBounded, synchronously (readBoundedSync): the same checks, the same errors. */
export function readTextBoundedSync(file: string, options: ReadOptions): string {
  return utf8Text(readBoundedSync(file, options), file, options);
}

function utf8Text(bytes: Uint8Array, file: string, options: ReadOptions): string {
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
