/**
 * The corpus Markdown's HTML, kept between runs in the on-disk cache (src/util/cache.ts): a build whose pages must be
 * rendered again (an edited spec, another title) renders mostly the same section texts as the build before it, and
 * marked (loading it, then lexing and rendering every text) was about a third of rendering a deck. The HTML is a pure
 * function of the text and this code (marked's version is in the code's fingerprint, the entry's key), so a text
 * found here is its HTML.
 *
 * Per process and cache folder: `loadMarkdownMemo()` reads the entry once (a build calls it only when it renders:
 * pages read from the cache need no Markdown); `memoHtml()` gives a text's HTML, from the entry or made and noted,
 * while that folder is the cache folder in use (with another, or none, it is made); `saveMarkdownMemo()` writes the
 * entry when texts were made, those of this run first, then the others kept, up to MAX_TEXTS and MAX_CHARS.
 */
import { z } from 'zod';
import { cacheDir, cacheKey, codeFingerprint, dropCached, readCachedJson, writeCachedJson } from '../util/cache.js';

export type MarkdownKind = 'block' | 'inline';

const KIND = 'markdown';
/** Texts kept at most (of both kinds together), and their characters (texts and HTML): a few MB of JSON. */
const MAX_TEXTS = 20_000;
const MAX_CHARS = 8_000_000;

const storedSchema = () => z.strictObject({ block: z.array(z.tuple([z.string(), z.string()])), inline: z.array(z.tuple([z.string(), z.string()])) });

interface Memo {
  /** The cache folder it was read from, and is written to: used only while that is the cache folder. */
  dir: string;
  key: string;
  /** Read from the entry: text → HTML. */
  stored: Record<MarkdownKind, Map<string, string>>;
  /** Used in this run (read or made), in the order of use. */
  used: Record<MarkdownKind, Map<string, string>>;
  /** Whether this run made any text's HTML (then the entry is written again). */
  made: boolean;
}

/** By cache folder: a process (the API, tests) may build with one, then another, then none. */
const memos = new Map<string, Promise<Memo>>();
let current: Memo | undefined;

/** Read the entry of the cache folder in use (once per process and folder; nothing without a cache folder). */
export async function loadMarkdownMemo(): Promise<void> {
  const dir = cacheDir();
  if (dir === undefined) return;
  let memo = memos.get(dir);
  if (!memo) {
    memo = readMemo(dir);
    memos.set(dir, memo);
  }
  current = await memo;
}

async function readMemo(dir: string): Promise<Memo> {
  const key = cacheKey(['markdown 1', await codeFingerprint()]);
  const entry = await readCachedJson(KIND, key, storedSchema);
  const empty = (): Memo['stored'] => ({ block: new Map(), inline: new Map() });
  let stored = empty();
  try {
    if (entry) stored = { block: new Map(entry.block), inline: new Map(entry.inline) };
  } catch {
    // A checked entry is not checked again: one of another shape (not written by this code) is dropped.
    await dropCached(KIND, key);
    stored = empty();
  }
  return { dir, key, stored, used: empty(), made: false };
}

/** The memo in use: the one read last, while its cache folder is still the one in use. */
const inUse = (): Memo | undefined => (current && current.dir === cacheDir() ? current : undefined);

/** `text`'s HTML: from the entry when it holds it, else `make(text)`, noted for save(). */
export function memoHtml(kind: MarkdownKind, text: string, make: (text: string) => string): string {
  const m = inUse();
  if (!m) return make(text);
  let html = m.used[kind].get(text) ?? m.stored[kind].get(text);
  if (html === undefined) {
    html = make(text);
    m.made = true;
  }
  // A long serve session renders ever new texts: bounded like the entry.
  if (m.used[kind].size >= MAX_TEXTS) m.used[kind].clear();
  m.used[kind].set(text, html);
  return html;
}

/** Write the entry when this run made HTML: this run's texts first, then the others read, within the bounds. */
export async function saveMarkdownMemo(): Promise<void> {
  const m = inUse();
  if (!m || !m.made) return;
  m.made = false;
  const out: Record<MarkdownKind, [string, string][]> = { block: [], inline: [] };
  let texts = 0;
  let chars = 0;
  const add = (kind: MarkdownKind, text: string, html: string): boolean => {
    if (texts >= MAX_TEXTS || chars + text.length + html.length > MAX_CHARS) return false;
    out[kind].push([text, html]);
    texts++;
    chars += text.length + html.length;
    return true;
  };
  const kinds: MarkdownKind[] = ['block', 'inline'];
  for (const kind of kinds) for (const [text, html] of m.used[kind]) add(kind, text, html);
  for (const kind of kinds) for (const [text, html] of m.stored[kind]) if (!m.used[kind].has(text) && !add(kind, text, html)) break;
  await writeCachedJson(KIND, m.key, out, storedSchema);
  for (const kind of kinds) m.stored[kind] = new Map(out[kind]);
}
