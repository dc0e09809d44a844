/** One @font-face block of a Fontsource stylesheet: a file that covers some Unicode ranges. */
export interface FontChunk {
  family: string;
  weight: number;
  style: string;
  /** The woff2 file name, relative to the stylesheet's folder. */
  file: string;
  /** The unicode-ranges, flat: lo, hi, lo, hi… (tens of thousands for Noto Sans SC: no array per range). */
  ranges: Uint32Array;
}

/** Parse a Fontsource CSS file (e.g. @fontsource/noto-sans-sc/400.css) into its chunks. */
export function parseFontFaces(css: string): FontChunk[] {
  const chunks: FontChunk[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1]!;
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+);`).exec(body)?.[1]?.trim();
    const src = prop('src') ?? '';
    const file = /url\(['"]?([^'")]+\.woff2)['"]?\)/.exec(src)?.[1];
    if (!file) continue;
    const range = prop('unicode-range');
    chunks.push({
      family: (prop('font-family') ?? '').replace(/['"]/g, ''),
      weight: Number(prop('font-weight') ?? 400),
      style: prop('font-style') ?? 'normal',
      file: file.replace(/^\.\//, ''),
      ranges: Uint32Array.from((range ? parseRanges(range) : [[0, 0x10ffff]]).flat()),
    });
  }
  return chunks;
}

export function parseRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const p = part.trim().replace(/^U\+/i, '');
    if (p.includes('?')) return [parseInt(p.replace(/\?/g, '0'), 16), parseInt(p.replace(/\?/g, 'f'), 16)];
    const [a, b] = p.split('-');
    const lo = parseInt(a!, 16);
    return [lo, b ? parseInt(b, 16) : lo];
  });
}

/**
 * Characters a page may show that are not in its HTML text: made by CSS (separators, counters) or by scripts
 * (slide numbers, reveal.js's messages). Fonts always cover them, so they never fall back to another font.
 */
export const UI_CHARACTERS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '\u00a0\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2190\u2191\u2192\u2193\u2248\u00d7' +
  '\u3001\u3002\u300a\u300b\u3014\u3015\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f';

/** The code points a text uses, in the order they first appear. */
export function codePoints(text: string): Set<number> {
  return htmlCodePoints([], text);
}

const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/iy;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decodeEntity = (e: string): string => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return NAMED[e.toLowerCase()] ?? '';
};

/**
 * `codePoints(docs.map(htmlText).join('') + extra)`, without making those strings: one pass over each document
 * (after its scripts and styles are cut out), a tag counted as the space htmlText puts in its place, an entity as
 * what it decodes to. For a deck of thousands of slides this is several times faster.
 */
export function htmlCodePoints(docs: readonly string[], extra = ''): Set<number> {
  const set = new Set<number>();
  const seen = new Uint8Array(0x10000);
  const bmp = (c: number) => {
    if (seen[c]) return;
    seen[c] = 1;
    set.add(c);
  };
  /** A high surrogate waiting for the code unit after it (which may come from an entity, or the next document). */
  let high = -1;
  const unit = (c: number) => {
    if (high >= 0) {
      const h = high;
      high = -1;
      if (c >= 0xdc00 && c <= 0xdfff) {
        set.add(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000);
        return;
      }
      bmp(h);
    }
    if (c >= 0xd800 && c <= 0xdbff) high = c;
    else bmp(c);
  };
  const units = (s: string) => {
    for (let i = 0; i < s.length; i++) unit(s.charCodeAt(i));
  };
  for (const html of docs) {
    const text = html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/<style[\s\S]*?<\/style>/gi, '');
    const n = text.length;
    /** No '>' from here on: every '<' left is text. */
    let noClose = false;
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      if (c === 0x3c && !noClose) {
        const close = text.indexOf('>', i + 1);
        if (close < 0) noClose = true;
        else if (close > i + 1) {
          unit(0x20);
          i = close + 1;
          continue;
        }
      } else if (c === 0x26) {
        ENTITY.lastIndex = i;
        const m = ENTITY.exec(text);
        if (m) {
          units(decodeEntity(m[1]!));
          i += m[0].length;
          continue;
        }
      }
      unit(c);
      i++;
    }
  }
  units(extra);
  if (high >= 0) bmp(high);
  return set;
}

/** Index of the first element of the sorted array `a` that is >= x. */
function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/**
 * Which chunks draw some of `used`, and which code points of `used` some chunk covers. One binary search per range
 * of the fonts (tens of thousands) over the sorted code points of the text (a few thousand): a few milliseconds.
 */
function coverage(chunks: FontChunk[], used: Set<number>): { hit: Set<number>; covered: Set<number> } {
  const sorted = [...used].sort((a, b) => a - b);
  const hit = new Set<number>();
  const covered = new Set<number>();
  chunks.forEach((c, i) => {
    const r = c.ranges;
    for (let k = 0; k + 1 < r.length; k += 2) {
      const hi = r[k + 1]!;
      for (let j = lowerBound(sorted, r[k]!); j < sorted.length && sorted[j]! <= hi; j++) {
        hit.add(i);
        covered.add(sorted[j]!);
      }
    }
  });
  return { hit, covered };
}

/**
 * The chunks needed to draw every code point in `used` (each chunk at most once, in their original order), and the
 * code points no chunk covers (they would fall back to another font, or show as boxes). One pass over the fonts.
 */
export function fontCoverage(chunks: FontChunk[], used: Set<number>): { needed: FontChunk[]; uncovered: number[] } {
  const { hit, covered } = coverage(chunks, used);
  return { needed: chunks.filter((_, i) => hit.has(i)), uncovered: [...used].filter((cp) => cp > 0x20 && !covered.has(cp)) };
}

/** A chunk's flat ranges as [lo, hi] pairs. */
export function rangePairs(ranges: Uint32Array): [number, number][] {
  return Array.from({ length: ranges.length >> 1 }, (_, i): [number, number] => [ranges[2 * i]!, ranges[2 * i + 1]!]);
}

/** Whether a chunk's ranges cover `cp`. */
export function covers(ranges: Uint32Array, cp: number): boolean {
  for (let k = 0; k + 1 < ranges.length; k += 2) if (cp >= ranges[k]! && cp <= ranges[k + 1]!) return true;
  return false;
}

export function fontFaceCss(chunks: FontChunk[], urlPrefix: string): string {
  return chunks
    .map(
      (c) =>
        `@font-face {\n  font-family: '${c.family}';\n  font-style: ${c.style};\n  font-display: block;\n  font-weight: ${c.weight};\n  src: url(${urlPrefix}${c.file}) format('woff2');\n  unicode-range: ${rangePairs(c.ranges).map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',')};\n}\n`,
    )
    .join('\n');
}

/** Visible text of an HTML document, roughly: tags dropped, common entities decoded. Enough to choose glyphs. */
export function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, e: string) => decodeEntity(e));
}
