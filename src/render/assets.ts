import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { packageFile } from '../paths.js';
import { cacheKey, codeFingerprint, dropCached, readCachedJson, writeCachedJson } from '../util/cache.js';
import { fontCoverage, fontFaceCss, htmlCodePoints, parseFontFaces, UI_CHARACTERS, type FontChunk } from './fonts.js';

/** A file the output needs: copied from `from`, or written from `content`. `to` is relative to the output folder. */
export type AssetFile = { to: string; from: string } | { to: string; content: string | Uint8Array };

export const ASSET_DIR = 'assets';
const FONT_WEIGHTS = [400, 700];
/** Latin text is set in Noto Sans (proportional quotes and dashes), Chinese in Noto Sans SC. */
const FONT_PACKAGES = ['@fontsource/noto-sans', '@fontsource/noto-sans-sc'];

let fontChunks: Promise<FontChunk[]> | undefined;

/**
 * The parsed chunk table in the on-disk cache: each chunk's flat ranges as the base64 of their 32-bit little-endian
 * values, one string per chunk. Reading it back is a few hundred small objects to check and decode, not tens of
 * thousands of unicode-ranges to parse again (or tens of thousands of numbers to check one by one).
 */
const storedChunks = z.object({
  chunks: z.array(z.object({ family: z.string(), weight: z.number(), style: z.string(), file: z.string(), ranges: z.string() })),
});

/** A chunk's stored ranges decoded, or undefined when they are not a list of code point ranges. */
function decodeRanges(text: string): Uint32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text || bytes.length === 0 || bytes.length % 8 !== 0) return undefined;
  const ranges = new Uint32Array(bytes.length >> 2);
  for (let i = 0; i < ranges.length; i++) ranges[i] = bytes.readUInt32LE(4 * i);
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! > ranges[i + 1]! || ranges[i + 1]! > 0x10ffff) return undefined;
  return ranges;
}

const rangesText = (ranges: Uint32Array): string => {
  const bytes = Buffer.alloc(ranges.length * 4);
  ranges.forEach((v, i) => bytes.writeUInt32LE(v, 4 * i));
  return bytes.toString('base64');
};

/**
 * The Fontsource chunks of the fonts we ship (absolute file paths), parsed once per process and kept in the on-disk
 * cache under a hash of the stylesheets' paths and text (and of this code).
 */
export function loadFontChunks(): Promise<FontChunk[]> {
  fontChunks ??= readFontChunks();
  return fontChunks;
}

/** loadFontChunks without the per-process memo: from the on-disk cache or parsed (and then stored). */
export async function readFontChunks(): Promise<FontChunk[]> {
  const cssFiles = FONT_PACKAGES.flatMap((pkg) => FONT_WEIGHTS.map((w) => packageFile(`${pkg}/${w}.css`)));
  const css = await Promise.all(cssFiles.map((f) => readFile(f, 'utf8')));
  const key = cacheKey([await codeFingerprint(), ...cssFiles.flatMap((f, i) => [f, css[i]!])]);
  const stored = await readCachedJson('fonts', key, storedChunks);
  if (stored) {
    const chunks = stored.chunks.map((c) => ({ ...c, ranges: decodeRanges(c.ranges) }));
    if (chunks.every((c): c is FontChunk => c.ranges !== undefined)) return chunks;
    await dropCached('fonts', key);
  }
  const chunks = cssFiles.flatMap((f, i) => parseFontFaces(css[i]!).map((c) => ({ ...c, file: path.join(path.dirname(f), c.file) })));
  await writeCachedJson('fonts', key, { chunks: chunks.map((c) => ({ ...c, ranges: rangesText(c.ranges) })) }, storedChunks);
  return chunks;
}

export interface FontPlan {
  files: AssetFile[];
  /** Characters of the text that no shipped font covers. */
  missing: string[];
}

/** Only the font chunks that the given HTML documents need, and a fonts.css that loads them. */
export async function planFonts(htmlDocs: string[]): Promise<FontPlan> {
  const chunks = await loadFontChunks();
  const used = htmlCodePoints(htmlDocs, UI_CHARACTERS);
  const { needed, uncovered } = fontCoverage(chunks, used);
  const files: AssetFile[] = needed.map((c) => ({ from: c.file, to: `${ASSET_DIR}/fonts/${path.basename(c.file)}` }));
  files.push({ to: `${ASSET_DIR}/fonts/fonts.css`, content: fontFaceCss(needed.map((c) => ({ ...c, file: path.basename(c.file) })), './') });
  const ignorable = (cp: number) => cp <= 0x20 || (cp >= 0x2000 && cp <= 0x200f) || cp === 0xfeff || cp === 0xa0;
  return { files, missing: uncovered.filter((cp) => !ignorable(cp)).map((cp) => String.fromCodePoint(cp)) };
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
