import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { packageFile } from '../paths.js';
import { cacheKey, codeFingerprint, readCachedJson, writeCachedJson } from '../util/cache.js';
import { fontCoverage, fontFaceCss, htmlCodePoints, parseFontFaces, UI_CHARACTERS, type FontChunk } from './fonts.js';

/** A file the output needs: copied from `from`, or written from `content`. `to` is relative to the output folder. */
export type AssetFile = { to: string; from: string } | { to: string; content: string | Uint8Array };

export const ASSET_DIR = 'assets';
const FONTS_CSS = `${ASSET_DIR}/fonts/fonts.css`;
const FONT_WEIGHTS = [400, 700];
/** Latin text is set in Noto Sans (proportional quotes and dashes), Chinese in Noto Sans SC. */
const FONT_PACKAGES = ['@fontsource/noto-sans', '@fontsource/noto-sans-sc'];

let fontSource: Promise<FontSource> | undefined;
let fontChunks: Promise<FontChunk[]> | undefined;

/**
 * The parsed chunk table in the on-disk cache: each chunk's ranges as the flat [lo, hi, lo, hi…] list of numbers it
 * has in memory. JSON.parse of numbers is several times faster than parsing the tens of thousands of unicode-ranges
 * of the stylesheets again, and the entry is checked when written (writeCachedJson), not each time it is read. (A
 * function, like every schema of a cache entry: making zod schemas takes time at start, and a checked entry needs
 * none.)
 */
const storedChunks = () => {
  const ranges = z
    .array(z.number().int().min(0).max(0x10ffff))
    .refine((r) => r.length > 0 && r.length % 2 === 0 && r.every((v, i) => i % 2 === 0 || r[i - 1]! <= v), 'not a list of code point ranges');
  return z.object({ chunks: z.array(z.object({ family: z.string(), weight: z.number(), style: z.string(), file: z.string(), ranges })) });
};

/** The Fontsource stylesheets of the fonts we ship (absolute paths), their text, and the key of the table parsed from them. */
interface FontSource {
  cssFiles: string[];
  css: string[];
  /** A hash of the stylesheets' paths and text, and of this code. */
  key: string;
}

async function readFontSource(): Promise<FontSource> {
  const cssFiles = FONT_PACKAGES.flatMap((pkg) => FONT_WEIGHTS.map((w) => packageFile(`${pkg}/${w}.css`)));
  const css = await Promise.all(cssFiles.map((f) => readFile(f, 'utf8')));
  return { cssFiles, css, key: cacheKey([await codeFingerprint(), ...cssFiles.flatMap((f, i) => [f, css[i]!])]) };
}

/** The stylesheets, read once per process. */
function loadFontSource(): Promise<FontSource> {
  fontSource ??= readFontSource();
  return fontSource;
}

/**
 * The Fontsource chunks of the fonts we ship (absolute file paths), parsed once per process and kept in the on-disk
 * cache under a hash of the stylesheets' paths and text (and of this code).
 */
export function loadFontChunks(): Promise<FontChunk[]> {
  fontChunks ??= loadFontSource().then(chunksOf);
  return fontChunks;
}

/** loadFontChunks without the per-process memo: from the on-disk cache or parsed (and then stored). */
export async function readFontChunks(): Promise<FontChunk[]> {
  return chunksOf(await readFontSource());
}

async function chunksOf({ cssFiles, css, key }: FontSource): Promise<FontChunk[]> {
  const stored = await readCachedJson('fonts', key, storedChunks);
  if (stored) return stored.chunks.map((c) => ({ ...c, ranges: Uint32Array.from(c.ranges) }));
  const chunks = cssFiles.flatMap((f, i) => parseFontFaces(css[i]!).map((c) => ({ ...c, file: path.join(path.dirname(f), c.file) })));
  await writeCachedJson('fonts', key, { chunks: chunks.map((c) => ({ ...c, ranges: Array.from(c.ranges) })) }, storedChunks);
  return chunks;
}

export interface FontPlan {
  files: AssetFile[];
  /** Characters of the text that no shipped font covers. */
  missing: string[];
}

/** Only the font chunks that the given HTML documents need, and a fonts.css that loads them. */
export function planFonts(htmlDocs: string[]): Promise<FontPlan> {
  return fontPlan(htmlCodePoints(htmlDocs, UI_CHARACTERS));
}

/**
 * A plan in the on-disk cache: the chunk files to copy, fonts.css's text, the characters no font covers. Checked when
 * written, like the chunk table.
 */
const storedPlan = () => z.strictObject({ fonts: z.array(z.strictObject({ from: z.string(), to: z.string() })), css: z.string(), missing: z.array(z.string()) });

/**
 * planFonts for the code points of the documents (htmlCodePoints, with the UI characters), when the caller has them.
 * Kept in the on-disk cache under the chunk table's key and the set of code points (sorted: the plan does not depend
 * on their order): a build of pages read back from the cache has the same characters, and then neither loads the
 * chunk table nor writes fonts.css again.
 */
export async function fontPlan(used: Set<number>): Promise<FontPlan> {
  const source = await loadFontSource();
  const key = cacheKey(['font-plan 1', source.key, ASSET_DIR, new Uint8Array(Uint32Array.from(used).sort().buffer)]);
  const stored = await readCachedJson('font-plan', key, storedPlan);
  if (stored) {
    // In the order of `used`, as when made.
    const missing = new Set(stored.missing);
    return { files: [...stored.fonts, { to: FONTS_CSS, content: stored.css }], missing: [...used].map((cp) => String.fromCodePoint(cp)).filter((c) => missing.has(c)) };
  }
  const chunks = await loadFontChunks();
  const { needed, uncovered } = fontCoverage(chunks, used);
  const fonts = needed.map((c) => ({ from: c.file, to: `${ASSET_DIR}/fonts/${path.basename(c.file)}` }));
  const css = fontFaceCss(needed.map((c) => ({ ...c, file: path.basename(c.file) })), './');
  const ignorable = (cp: number) => cp <= 0x20 || (cp >= 0x2000 && cp <= 0x200f) || cp === 0xfeff || cp === 0xa0;
  const missing = uncovered.filter((cp) => !ignorable(cp)).map((cp) => String.fromCodePoint(cp));
  await writeCachedJson('font-plan', key, { fonts, css, missing }, storedPlan);
  return { files: [...fonts, { to: FONTS_CSS, content: css }], missing };
}

/** reveal.js and the plugins the deck uses, from node_modules: no CDN. */
export function revealFiles(): AssetFile[] {
  const root = path.dirname(path.dirname(packageFile('reveal.js/dist/reveal.js')));
  return [
    'dist/reveal.css',
    'dist/reveal.js',
    'plugin/notes/notes.js',
    'plugin/search/search.js',
    'plugin/zoom/zoom.js',
  ].map((f) => ({ from: path.join(root, f), to: `${ASSET_DIR}/reveal/${f.replace(/^dist\//, '')}` }));
}
