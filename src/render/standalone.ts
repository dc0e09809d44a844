import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssetFile } from './assets.js';
import { scanCss } from './css-refs.js';
import { covers, htmlCodePoints, parseFontFaces, UI_CHARACTERS } from './fonts.js';
import { importPackage } from '../util/import-package.js';

export interface StandaloneResult {
  html: string;
  bytes: number;
  fonts: { files: number; bytes: number };
}

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.webp': 'image/webp', '.woff2': 'font/woff2', '.woff': 'font/woff' };

/**
 * One self-contained HTML file: every stylesheet and script of `assets/` inlined, fonts subset to the characters the
 * page uses (hb-subset through subset-font) and embedded as data: URLs, images in CSS and the page's <img> of files in
 * `assets` (the presenter's logo and slide images) embedded too. Opens from an
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
  const used = htmlCodePoints([html], UI_CHARACTERS);
  const fontStats = { files: 0, bytes: 0 };
  const { default: subsetFont } = await importPackage<typeof import('subset-font')>('subset-font');

  /**
   * Every file a stylesheet names that the build has (url(), image-set() strings, however written: the same CSS
   * parser as the theme check) → a data: URL. Anything else is left as it is: the page's policy loads nothing else.
   */
  const inlineCssUrls = async (css: string, cssPath: string): Promise<string> => {
    const dir = path.posix.dirname(cssPath);
    const refs = scanCss(css).refs.filter((r) => !/^(data:|#)/i.test(r.url.trim()));
    let out = css;
    for (const r of [...refs].sort((a, b) => b.start - a.start)) {
      // url(x.svg?v=2) and url(x.svg#icon) name the file x.svg.
      let rel: string;
      try {
        rel = decodeURIComponent(path.posix.normalize(path.posix.join(dir, r.url.trim().replace(/[?#].*$/, ''))));
      } catch {
        continue;
      }
      if (!byTarget.has(rel)) continue;
      const ext = path.posix.extname(rel).toLowerCase();
      const data = `data:${MIME[ext] ?? 'application/octet-stream'};base64,${(await read(rel)).toString('base64')}`;
      const token = css.slice(r.start, r.end);
      // A string stays a string (image-set("a.png")), a url() stays a url().
      out = out.slice(0, r.start) + (/^["']/.test(token) ? `"${data}"` : `url("${data}")`) + out.slice(r.end);
    }
    return out;
  };

  /** fonts.css: each chunk subset to the characters of this page that it covers. */
  const inlineFonts = async (css: string, cssPath: string): Promise<string> => {
    const dir = path.posix.dirname(cssPath);
    const faces = parseFontFaces(css);
    const blocks = await Promise.all(
      faces.map(async (face) => {
        const chars = [...used].filter((cp) => covers(face.ranges, cp));
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

  /** Every image the page shows from a file the build has (the presenter's logo and slide images) → a data: URL. */
  const inlineImages = async (page: string): Promise<string> => {
    const IMG_SRC = /(<img\b[^>]*?\ssrc=")([^"]+)(")/g;
    const data = new Map<string, string>();
    for (const m of page.matchAll(IMG_SRC)) {
      const rel = decodeAttribute(m[2]!);
      if (data.has(m[2]!) || !byTarget.has(rel)) continue;
      const ext = path.posix.extname(rel).toLowerCase();
      data.set(m[2]!, `data:${MIME[ext] ?? 'application/octet-stream'};base64,${(await read(rel)).toString('base64')}`);
    }
    return data.size ? page.replace(IMG_SRC, (all, open: string, src: string, close: string) => (data.has(src) ? `${open}${data.get(src)}${close}` : all)) : page;
  };

  // Images first, in the page's own markup: the scripts and styles inlined next are never searched for <img>.
  let out = await inlineImages(html);
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
  out = withPolicy(out, STANDALONE_CSP);
  return { html: out, bytes: Buffer.byteLength(out), fonts: fontStats };
}

/** An attribute value as written in HTML → the text it stands for (&amp; &#x27; &quot; &lt; &gt;). */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ({ amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[e.toLowerCase()]!;
  });
}

/**
 * A standalone page has everything inside: inline scripts and styles, data: images and fonts, and loads nothing, not
 * even a file beside it. frame-src 'self': the speaker view shows the deck itself in frames.
 */
export const STANDALONE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; media-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'";

/** `html` with `policy` as its Content-Security-Policy meta tag (replacing the page's own, or added after the charset). */
export function withPolicy(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const existing = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/i;
  if (existing.test(html)) return html.replace(existing, () => tag);
  return html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n${tag}`);
}
