import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageFile } from '../paths.js';
import { codePoints, fontCoverage, fontFaceCss, htmlText, parseFontFaces, UI_CHARACTERS, type FontChunk } from './fonts.js';

/** A file the output needs: copied from `from`, or written from `content`. `to` is relative to the output folder. */
export type AssetFile = { to: string; from: string } | { to: string; content: string | Uint8Array };

export const ASSET_DIR = 'assets';
const FONT_WEIGHTS = [400, 700];
/** Latin text is set in Noto Sans (proportional quotes and dashes), Chinese in Noto Sans SC. */
const FONT_PACKAGES = ['@fontsource/noto-sans', '@fontsource/noto-sans-sc'];

let fontChunks: Promise<FontChunk[]> | undefined;

/** The Fontsource chunks of the fonts we ship (absolute file paths), parsed once per process. */
export function loadFontChunks(): Promise<FontChunk[]> {
  fontChunks ??= Promise.all(
    FONT_PACKAGES.flatMap((pkg) =>
      FONT_WEIGHTS.map(async (w) => {
        const cssFile = packageFile(`${pkg}/${w}.css`);
        return parseFontFaces(await readFile(cssFile, 'utf8')).map((c) => ({ ...c, file: path.join(path.dirname(cssFile), c.file) }));
      }),
    ),
  ).then((lists) => lists.flat());
  return fontChunks;
}

export interface FontPlan {
  files: AssetFile[];
  /** Characters of the text that no shipped font covers. */
  missing: string[];
}

/** Only the font chunks that the given HTML documents need, and a fonts.css that loads them. */
export async function planFonts(htmlDocs: string[]): Promise<FontPlan> {
  const chunks = await loadFontChunks();
  const used = codePoints(htmlDocs.map(htmlText).join('') + UI_CHARACTERS);
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
