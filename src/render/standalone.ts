import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssetFile } from './assets.js';
import { codePoints, htmlText, parseFontFaces, UI_CHARACTERS } from './fonts.js';

export interface StandaloneResult {
  html: string;
  bytes: number;
  fonts: { files: number; bytes: number };
}

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.webp': 'image/webp', '.woff2': 'font/woff2', '.woff': 'font/woff' };

/**
 * One self-contained HTML file: every stylesheet and script of `assets/` inlined, fonts subset to the characters the
 * page uses (hb-subset through subset-font) and embedded as data: URLs, images in CSS embedded too. Opens from an
 * e-mail attachment with no network and no folder beside it.
 */
export async function makeStandalone(html: string, assets: AssetFile[]): Promise<StandaloneResult> {
  const byTarget = new Map(assets.map((a) => [a.to, a]));
  const read = async (rel: string): Promise<Buffer> => {
    const a = byTarget.get(rel);
    if (!a) throw new Error(`standalone: no asset ${rel}`);
    return 'content' in a ? Buffer.from(a.content) : readFile(a.from);
  };
  // The page's text, and what CSS and scripts add to it (separators, counters, slide numbers).
  const used = codePoints(htmlText(html) + UI_CHARACTERS);
  const fontStats = { files: 0, bytes: 0 };
  const { default: subsetFont } = await import('subset-font');

  const inlineCssUrls = async (css: string, cssPath: string): Promise<string> => {
    const dir = path.posix.dirname(cssPath);
    const urls = [...new Set([...css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)].map((m) => m[1]!))].filter((u) => !/^(data:|https?:|#)/.test(u));
    let out = css;
    for (const u of urls) {
      // url(x.svg?v=2) and url(x.svg#icon) name the file x.svg.
      const rel = path.posix.normalize(path.posix.join(dir, u.replace(/[?#].*$/, '')));
      if (!byTarget.has(rel)) continue;
      const ext = path.posix.extname(rel).toLowerCase();
      const data = await read(rel);
      out = out.split(u).join(`data:${MIME[ext] ?? 'application/octet-stream'};base64,${data.toString('base64')}`);
    }
    return out;
  };

  /** fonts.css: each chunk subset to the characters of this page that it covers. */
  const inlineFonts = async (css: string, cssPath: string): Promise<string> => {
    const dir = path.posix.dirname(cssPath);
    const faces = parseFontFaces(css);
    const blocks = await Promise.all(
      faces.map(async (face) => {
        const chars = [...used].filter((cp) => face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
        if (!chars.length) return '';
        const source = await read(path.posix.join(dir, face.file));
        const subset = await subsetFont(source, String.fromCodePoint(...chars), { targetFormat: 'woff2' });
        fontStats.files += 1;
        fontStats.bytes += subset.byteLength;
        const range = chars.map((c) => `U+${c.toString(16)}`).join(',');
        return `@font-face{font-family:'${face.family}';font-style:${face.style};font-weight:${face.weight};font-display:block;src:url(data:font/woff2;base64,${Buffer.from(subset).toString('base64')}) format('woff2');unicode-range:${range}}`;
      }),
    );
    return blocks.filter(Boolean).join('\n');
  };

  let out = html;
  for (const m of [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)]) {
    // The href is HTML text: a theme named "a&b" or "it's" is escaped there.
    const rel = decodeAttribute(m[1]!);
    const css = (await read(rel)).toString('utf8');
    const inlined = rel.endsWith('fonts/fonts.css') ? await inlineFonts(css, rel) : await inlineCssUrls(css, rel);
    out = out.replace(m[0], () => `<style data-from="${m[1]!}">\n${inlined.replace(/<\/style/gi, '<\\/style')}\n</style>`);
  }
  for (const m of [...html.matchAll(/<script src="([^"]+)"><\/script>/g)]) {
    const js = (await read(decodeAttribute(m[1]!))).toString('utf8').replace(/<\/script/gi, '<\\/script').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
    out = out.replace(m[0], () => `<script data-from="${m[1]}">\n${js}\n</script>`);
  }
  return { html: out, bytes: Buffer.byteLength(out), fonts: fontStats };
}

/** An attribute value as written in HTML → the text it stands for (&amp; &#x27; &quot; &lt; &gt;). */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ({ amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[e.toLowerCase()]!;
  });
}
