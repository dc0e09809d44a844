import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { packageDir, PROJECT_ROOT } from '../paths.js';
import { sha256Hex } from './hash.js';
import { LIMITS, readBoundedSync } from './read.js';

/**
 * A small on-disk cache of derived data (the validated corpus, compiled templates), each entry keyed by a hash of
 * everything it was derived from, including the code that derived it. Best effort: when the cache cannot be read or
 * written the work is simply done again, and nothing is ever reported to the user.
 *
 * `BRIEFING_CACHE_DIR` moves it (default `node_modules/.cache/briefing`); `BRIEFING_NO_CACHE=1` turns it off.
 *
 * An entry is never trusted: it starts with a header line naming its kind, its key and a SHA-256 of the data, and is
 * read with the bounded reader (a regular file of at most LIMITS.cacheEntry; synchronously, see readBoundedSync). A damaged entry (cut short, edited,
 * not a file, the wrong shape for its schema) is removed and the data derived again: never a crash, never a message.
 *
 * A JSON entry written by writeCachedJson was checked against its schema before it was written, and its header says
 * so ("checked"): read back intact (its SHA-256 matches), it is not checked again. Checking the corpus and the font
 * table with zod took more time than the rest of reading them. Any other entry is checked when read.
 */
const KEEP_PER_KIND = 8;

export function cacheDir(): string | undefined {
  if (process.env.BRIEFING_NO_CACHE && process.env.BRIEFING_NO_CACHE !== '0') return undefined;
  return process.env.BRIEFING_CACHE_DIR || path.join(PROJECT_ROOT, 'node_modules', '.cache', 'briefing');
}

let fingerprint: Promise<string> | undefined;

/** Set (to true) by the bundler in dist/cli.cjs (scripts/bundle.mjs); not defined in tsc's output or under tsx. */
declare const __BRIEFING_BUNDLE__: boolean | undefined;

/**
 * A hash of this program's own code, so that a changed loader never reads stale data: the size and mtime of every
 * module file of its folder tree (dist/ or src/) or, in the bundle (dist/cli.cjs, which also holds the libraries
 * bundled with it), of the bundle's file: a readdir and a stat, not a walk of dist/.
 */
export function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const self = fileURLToPath(import.meta.url);
    const bundled = typeof __BRIEFING_BUNDLE__ !== 'undefined' && __BRIEFING_BUNDLE__;
    const code = bundled ? bundleFingerprint(path.dirname(self)) : `${treeFingerprint(path.dirname(path.dirname(self)))}\n${dependencyVersions()}`;
    return sha256Hex(`${code}\n${RUNTIME}`);
  })();
  return fingerprint;
}

/** What else derived data depends on: Node's version and its ICU (Unicode classes in regular expressions, collation). */
const RUNTIME = `node ${process.version} icu ${process.versions.icu ?? '-'} unicode ${process.versions.unicode ?? '-'}`;

/**
 * The versions of the packages briefing depends on, as installed: outside the bundle (tsc's output, the sources
 * under tsx) they are not in the files the fingerprint covers, and an `npm update` of marked, yaml or zod changes
 * what is derived. (The bundle holds them: its fingerprint covers them.)
 */
function dependencyVersions(): string {
  const version = (file: string): string => {
    try {
      return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
    } catch {
      return '-';
    }
  };
  let names: string[] = [];
  try {
    names = Object.keys((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
  } catch {
    /* no package.json: the code's own files only */
  }
  // Found where Node finds them (packageDir): hoisted above the project when briefing is itself a dependency.
  return names
    .map((n) => {
      const dir = packageDir(n);
      return `${n}@${dir === undefined ? '-' : version(path.join(dir, 'package.json'))}`;
    })
    .join('\n');
}

// Synchronous on purpose: once per process, and a few dozen stats are several times faster than through the thread
// pool that fs/promises uses.
const statLine = (root: string, file: string) => {
  const s = statSync(file);
  return `${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`;
};

/** The bundle's file, as scripts/bundle.mjs names it (its source map is not code). */
export const BUNDLE_FILE = /^cli\.cjs$/;

export function bundleFingerprint(dir: string): string {
  const names = readdirSync(dir).filter((n) => BUNDLE_FILE.test(n)).sort();
  return sha256Hex(`bundle\n${names.map((n) => statLine(dir, path.join(dir, n))).join('')}`);
}

/** Every module file under `root` (not type declarations). */
function treeFingerprint(root: string): string {
  const names = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort();
  return sha256Hex(names.map((n) => statLine(root, path.join(root, n))).join(''));
}

/** A key for the given inputs: each part is length-prefixed, so no two different lists hash alike. */
export function cacheKey(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    hash.update(`${typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength}:`);
    hash.update(p);
  }
  return hash.digest('hex').slice(0, 40);
}

const entryFile = (dir: string, kind: string, key: string) => path.join(dir, `${kind}-${key}.json`);

/**
 * A cache folder that other users may write to is not used: compiled templates are run from it, so it must be as
 * private as the code itself.
 */
async function usable(dir: string): Promise<boolean> {
  try {
    const st = statSync(dir);
    const mine = process.getuid === undefined || st.uid === process.getuid();
    return mine && (st.mode & 0o022) === 0;
  } catch {
    return true; // not made yet: writeCached makes it, private
  }
}

const HEADER = 'briefing-cache 1';
const CHECKED = ' checked';
const headerLine = (kind: string, key: string, digest: string, checked: boolean) => `${HEADER} ${kind} ${key} sha256:${digest}${checked ? CHECKED : ''}\n`;
/** The header of an entry whose data is `parts`, one after the other (hashed as they are, not joined first). */
const header = (kind: string, key: string, parts: readonly Uint8Array[], checked: boolean) => {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return headerLine(kind, key, hash.digest('hex'), checked);
};

/** The data of an entry, when there is an intact one (its header matches its kind, key and content). */
export async function readCached(kind: string, key: string): Promise<string | undefined> {
  return (await readEntry(kind, key))?.body.toString('utf8');
}

/** The data of an entry as bytes (writeCachedBytes), when there is an intact one: not decoded. */
export async function readCachedBytes(kind: string, key: string): Promise<Buffer | undefined> {
  return (await readEntry(kind, key))?.body;
}

/**
 * readCachedBytes, and whether the entry was checked when written (writeCachedBytes with `checked`): its data is then
 * of the shape this code writes, and need not be checked again.
 */
export function readCachedBytesEntry(kind: string, key: string): Promise<{ body: Buffer; checked: boolean } | undefined> {
  return readEntry(kind, key);
}

/** An intact entry's data, and whether the header says it was checked against its schema when written. */
async function readEntry(kind: string, key: string): Promise<{ body: Buffer; checked: boolean } | undefined> {
  const dir = cacheDir();
  if (!dir || !(await usable(dir))) return undefined;
  const file = entryFile(dir, kind, key);
  let bytes: Buffer;
  try {
    bytes = readBoundedSync(file, { limit: LIMITS.cacheEntry, what: 'cache entry' });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') await dropCached(kind, key);
    return undefined;
  }
  // The digest is of the data's bytes as written (the UTF-8 of the string hashed when it was written): hashing them
  // as read is the same check, without encoding the decoded text back to UTF-8 (a third of reading a large entry).
  const newline = bytes.indexOf(0x0a);
  const line = newline < 0 ? '' : bytes.toString('utf8', 0, newline + 1);
  const checked = line.endsWith(`${CHECKED}\n`);
  const body = bytes.subarray(newline + 1);
  if (newline < 0 || line !== headerLine(kind, key, sha256Hex(body), checked)) {
    await dropCached(kind, key);
    return undefined;
  }
  // Used: it counts as new for prune (the newest KEEP_PER_KIND of a kind are kept), so the entries a user builds
  // from again and again are the last to go. Best effort.
  const now = new Date();
  void utimes(file, now, now).catch(() => undefined);
  return { body, checked };
}

/**
 * An entry's JSON, checked against `schema`; an entry that is not JSON or not of that shape is removed (and
 * undefined returned, so the caller derives the data again and stores it anew).
 */
export async function readCachedJson<S extends CacheSchema>(kind: string, key: string, schema: SchemaOf<S>): Promise<z.output<S> | undefined> {
  const entry = await readEntry(kind, key);
  if (entry === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(entry.body.toString('utf8'));
  } catch {
    await dropCached(kind, key);
    return undefined;
  }
  if (entry.checked) return value as z.output<S>;
  const parsed = schemaOf(schema).safeParse(value);
  if (parsed.success) return parsed.data;
  await dropCached(kind, key);
  return undefined;
}

/**
 * A schema for a JSON entry: what JSON.parse gives back must be its output as is, since a checked entry is not parsed
 * by it again (no transforms, no defaults; an identity cast to a type is fine).
 */
type CacheSchema = z.ZodType;

/**
 * A schema, or a function that makes it: made only when an entry needs checking (making zod schemas costs time too),
 * and then kept for the next entry of the same kind.
 */
type SchemaOf<S extends CacheSchema> = S | (() => S);
const madeSchemas = new WeakMap<() => CacheSchema, CacheSchema>();
const schemaOf = <S extends CacheSchema>(s: SchemaOf<S>): S => {
  if (typeof s !== 'function') return s;
  let made = madeSchemas.get(s) as S | undefined;
  if (!made) madeSchemas.set(s, (made = s()));
  return made;
};

/** Store a JSON entry checked against `schema` first (an entry that fails is not stored: a bug, not the user's). */
export async function writeCachedJson<S extends CacheSchema>(kind: string, key: string, value: z.output<S>, schema: SchemaOf<S>): Promise<void> {
  if (!schemaOf(schema).safeParse(value).success) return;
  await writeEntry(kind, key, [Buffer.from(JSON.stringify(value))], true);
}

/** Remove an entry found to be bad (best effort). */
export async function dropCached(kind: string, key: string): Promise<void> {
  const dir = cacheDir();
  if (dir) await rm(entryFile(dir, kind, key), { force: true, recursive: true }).catch(() => undefined);
}

/** dropCached, for a caller that cannot wait (a template that failed while rendering). */
export function dropCachedSync(kind: string, key: string): void {
  const dir = cacheDir();
  try {
    if (dir) rmSync(entryFile(dir, kind, key), { force: true, recursive: true });
  } catch {
    /* best effort */
  }
}

/**
 * Store an entry (temp file and rename, so a reader never sees half of one) and keep only the newest few per kind:
 * those written or read last.
 */
export async function writeCached(kind: string, key: string, data: string): Promise<void> {
  await writeEntry(kind, key, [Buffer.from(data)], false);
}

/**
 * writeCached for data that is bytes (its parts written one after the other), read back by readCachedBytes.
 * `checked`: the caller has checked the data's shape (readCachedBytesEntry says so when reading it back); the key
 * must then hold this code's fingerprint, as a checked entry is trusted to be of this code's shape.
 */
export async function writeCachedBytes(kind: string, key: string, parts: readonly Uint8Array[], checked = false): Promise<void> {
  await writeEntry(kind, key, parts, checked);
}

async function writeEntry(kind: string, key: string, parts: readonly Uint8Array[], checked: boolean): Promise<void> {
  const dir = cacheDir();
  // An entry too large to be read back (readEntry's limit) would only be written again at every run.
  if (!dir || parts.reduce((n, p) => n + p.byteLength, 0) > LIMITS.cacheEntry - 4096) return;
  const target = entryFile(dir, kind, key);
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await usable(dir))) return;
    // One copy: the header and the parts joined once.
    await writeFile(temp, Buffer.concat([Buffer.from(header(kind, key, parts, checked)), ...parts]), { mode: 0o600 });
    await rename(temp, target);
    await prune(dir, kind);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

async function prune(dir: string, kind: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.startsWith(`${kind}-`) && n.endsWith('.json'));
  if (names.length <= KEEP_PER_KIND) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(KEEP_PER_KIND).map(({ n }) => rm(path.join(dir, n), { force: true }).catch(() => undefined)));
}
