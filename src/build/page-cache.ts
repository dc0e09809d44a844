/**
 * Rendered pages in the on-disk cache (src/util/cache.ts), keyed by everything they are made from: the briefing's
 * signature (src/util/signature.ts: the whole selection, the spec's options and texts, the build date), the deck's
 * and the brief's template sources, this program's code and the Handlebars version (the templates' key holds those).
 * The view functions and the templates are pure, so the same key always renders the same pages: a build of an
 * unchanged briefing reads them back instead of rendering them again, with what the rest of the build needs of the
 * render (the slides' ids, the code points the fonts are chosen for).
 */
import path from 'node:path';
import { z } from 'zod';
import { ASSET_DIR } from '../render/assets.js';
import { readSharedPartials, readTemplates, type TemplateSet } from '../render/templates.js';
import type { Briefing } from '../select/types.js';
import { cacheDir, cacheKey, dropCached, readCachedBytes, readCachedBytesEntry, writeCached, writeCachedBytes } from '../util/cache.js';
import { dataSignature } from '../util/signature.js';

export interface RenderedPages {
  /** The pages' HTML: text when rendered, UTF-8 bytes when read from the cache (written out as they are). */
  deck: string | Uint8Array;
  brief: string | Uint8Array;
  /** The deck's slide ids, in order (the manifest lists them). */
  slides: string[];
  /** The code points of both pages' text and the UI characters, in the order they first appear (planFonts). */
  codePoints: number[];
}

const KIND = 'pages';

/** A page's HTML as text: rendered pages are text already, pages read back are UTF-8 bytes. */
export const pageText = (html: string | Uint8Array): string => (typeof html === 'string' ? html : Buffer.from(html.buffer, html.byteOffset, html.byteLength).toString('utf8'));

/**
 * An entry is a line of JSON (the slide ids, the code points, the pages' byte lengths), then the deck's bytes and the
 * brief's: read back, the pages are slices of the entry, neither decoded nor parsed (for a deck of thousands of
 * slides that is most of the time reading it would take).
 */
const metaSchema = () =>
  z.strictObject({
    slides: z.array(z.string()),
    codePoints: z.array(z.number().int().min(0).max(0x10ffff)),
    deck: z.number().int().min(0),
    brief: z.number().int().min(0),
  });

/**
 * The key of a briefing's pages, and the template sources it was made from (render with these, not with the files
 * read again: a template saved in between would be cached under the key of the old one). Undefined when there is no
 * cache, or the briefing holds something that has no signature.
 */
export async function pagesKey(briefing: Briefing, templatesDir: string): Promise<{ key: string; templates: Record<'deck' | 'brief', TemplateSet> } | undefined> {
  if (cacheDir() === undefined) return undefined;
  const signature = dataSignature(briefing);
  if (signature === undefined) return undefined;
  const shared = await readSharedPartials(templatesDir);
  const [deck, brief] = await Promise.all((['deck', 'brief'] as const).map((page) => readTemplates(path.join(templatesDir, page), page, shared)));
  return { key: cacheKey([`${KIND} 1`, deck!.key, brief!.key, ASSET_DIR, signature]), templates: { deck: deck!, brief: brief! } };
}

type Meta = z.output<ReturnType<typeof metaSchema>>;

/**
 * The pages of `key`, when the cache has an intact entry of the right shape. An entry this code wrote was checked
 * then (writePages), and its line of JSON is not checked again: for a deck of thousands of slides, zod's check of
 * the ids and code points took longer than reading the entry.
 */
export async function readPages(key: string): Promise<RenderedPages | undefined> {
  const read = await readCachedBytesEntry(KIND, key);
  if (!read) return undefined;
  const entry = read.body;
  const newline = entry.indexOf(0x0a);
  let meta: Meta | undefined;
  try {
    const json: unknown = JSON.parse(entry.toString('utf8', 0, Math.max(newline, 0)));
    meta = read.checked ? (json as Meta) : metaSchema().parse(json);
  } catch {
    meta = undefined;
  }
  if (newline < 0 || !meta || newline + 1 + meta.deck + meta.brief !== entry.length) {
    await dropCached(KIND, key);
    return undefined;
  }
  const deckEnd = newline + 1 + meta.deck;
  return { deck: entry.subarray(newline + 1, deckEnd), brief: entry.subarray(deckEnd), slides: meta.slides, codePoints: meta.codePoints };
}

export async function writePages(key: string, pages: RenderedPages): Promise<void> {
  const [deck, brief] = [pages.deck, pages.brief].map((p) => (typeof p === 'string' ? Buffer.from(p) : p)) as [Uint8Array, Uint8Array];
  const meta: Meta = { slides: pages.slides, codePoints: pages.codePoints, deck: deck.byteLength, brief: brief.byteLength };
  // The key holds this code's fingerprint (the templates' keys do), as a checked entry needs.
  if (!metaSchema().safeParse(meta).success) return;
  await writeCachedBytes(KIND, key, [Buffer.from(`${JSON.stringify(meta)}\n`), deck, brief], true);
}

/**
 * The manifest's text for pages with a key: from the cache, or made (`make`) and kept. It is made of the briefing
 * (in the pages' key), the slide ids (in the pages) and the spec's path and hash; making it hashes every selected
 * section's text, which for thousands of sections takes longer than reading it back.
 */
export async function manifestText(key: string | undefined, spec: { file: string; sha256?: string }, make: () => string): Promise<string | Uint8Array> {
  if (key === undefined) return make();
  const manifestKey = cacheKey(['manifest 1', key, spec.file, spec.sha256 ?? '']);
  const cached = await readCachedBytes('manifest', manifestKey);
  if (cached) return cached;
  const text = make();
  await writeCached('manifest', manifestKey, text);
  return text;
}
