/** One @font-face block of a Fontsource stylesheet: a file that covers some Unicode ranges. */
export interface FontChunk {
  family: string;
  weight: number;
  style: string;
  /** The woff2 file name, relative to the stylesheet's folder. */
  file: string;
  ranges: [number, number][];
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
      ranges: range ? parseRanges(range) : [[0, 0x10ffff]],
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

/** The code points a text uses. */
export function codePoints(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  return set;
}

/** Sorted ranges of all chunks, for binary search: a code point's chunks in O(log n). */
function rangeIndex(chunks: FontChunk[]): { lo: number; hi: number; chunk: number }[] {
  return chunks.flatMap((c, chunk) => c.ranges.map(([lo, hi]) => ({ lo, hi, chunk }))).sort((a, b) => a.lo - b.lo);
}

function chunksOf(index: { lo: number; hi: number; chunk: number }[], cp: number, out: Set<number>): void {
  // The last range starting at or before cp, then every earlier range that still reaches it (ranges may overlap
  // across fonts and weights).
  let a = 0;
  let b = index.length - 1;
  let last = -1;
  while (a <= b) {
    const m = (a + b) >> 1;
    if (index[m]!.lo <= cp) {
      last = m;
      a = m + 1;
    } else b = m - 1;
  }
  for (let i = last; i >= 0; i--) {
    const r = index[i]!;
    if (r.hi >= cp) out.add(r.chunk);
    if (cp - r.lo > 0x20000) break;
  }
}

/** The chunks needed to draw every code point in `used` (each chunk at most once), in their original order. */
export function chunksFor(chunks: FontChunk[], used: Set<number>): FontChunk[] {
  const index = rangeIndex(chunks);
  const hit = new Set<number>();
  for (const cp of used) chunksOf(index, cp, hit);
  return chunks.filter((_, i) => hit.has(i));
}

/** Code points not covered by any chunk (they will fall back to another font, or show as boxes). */
export function uncovered(chunks: FontChunk[], used: Set<number>): number[] {
  const index = rangeIndex(chunks);
  return [...used].filter((cp) => {
    if (cp <= 0x20) return false;
    const hit = new Set<number>();
    chunksOf(index, cp, hit);
    return hit.size === 0;
  });
}

export function fontFaceCss(chunks: FontChunk[], urlPrefix: string): string {
  return chunks
    .map(
      (c) =>
        `@font-face {\n  font-family: '${c.family}';\n  font-style: ${c.style};\n  font-display: block;\n  font-weight: ${c.weight};\n  src: url(${urlPrefix}${c.file}) format('woff2');\n  unicode-range: ${c.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',')};\n}\n`,
    )
    .join('\n');
}

/** Visible text of an HTML document, roughly: tags dropped, common entities decoded. Enough to choose glyphs. */
export function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[e.toLowerCase()] ?? '';
    });
}
