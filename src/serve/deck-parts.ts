/**
 * A deck page cut into what a live update needs: its slides (the top-level sections of `.slides`, each with its id),
 * its title and named meta tags (set in place), and everything else (the "around": when it changes, the page
 * reloads). Pure string work on the page our own deck template writes; anything it is not sure of gives undefined,
 * and the page is then updated the slow way (fetched and compared by the live script, or reloaded).
 */

export interface DeckSlide {
  id: string;
  html: string;
}

export interface DeckParts {
  /** The page without its slides, its title and its named meta tags. */
  around: string;
  /** The <title> element's text as written (HTML-escaped). */
  title: string;
  /** The head's <meta name=…> tags, as written, one after the other. */
  meta: string;
  slides: DeckSlide[];
}

/** A deck update as the live script applies it: from the page of build `from` to the page of build `to`. */
export interface DeckUpdate {
  from: number;
  to: number;
  title: string;
  meta: string;
  /** Every slide id of the new page, in order. */
  order: string[];
  /** The HTML of each slide that is new or differs from the page of `from` (the others are kept as they are). */
  slides: Record<string, string>;
}

const SLIDES_OPEN = '<div class="slides">';
/** Elements whose text is not markup (a "<section" in them is not a tag), and comments: not cut, to be sure. */
const RAW_TEXT = /<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template)\b|<!--/i;
const SECTION_TAG = /<(\/?)section\b[^>]*>/gi;

/** The deck page cut into its parts, or undefined when it is not laid out as our deck template lays it out. */
export function deckParts(html: string): DeckParts | undefined {
  const headEnd = html.indexOf('</head>');
  const open = html.indexOf(SLIDES_OPEN);
  if (headEnd < 0 || open < headEnd || html.indexOf(SLIDES_OPEN, open + 1) >= 0) return undefined;
  const head = html.slice(0, headEnd);
  const titles = [...head.matchAll(/<title>([^<]*)<\/title>/g)];
  if (titles.length !== 1) return undefined;
  const metas = [...head.matchAll(/<meta\s+name="[^"<>]*"[^<>]*>/g)].map((m) => m[0]);
  const headAround = head.replace(titles[0]![0], '').replace(/<meta\s+name="[^"<>]*"[^<>]*>/g, '');

  const start = open + SLIDES_OPEN.length;
  const slides: DeckSlide[] = [];
  const ids = new Set<string>();
  let depth = 0;
  let at = start;
  let sectionStart = -1;
  let end = -1;
  SECTION_TAG.lastIndex = start;
  for (let m = SECTION_TAG.exec(html); m; m = SECTION_TAG.exec(html)) {
    if (depth === 0) {
      const between = html.slice(at, m.index);
      if (between.trim() !== '') {
        // After the last slide, only the close of .slides.
        if (/^\s*<\/div>/.test(between)) {
          end = at + between.indexOf('</div>');
          break;
        }
        return undefined;
      }
    }
    if (m[1]) {
      depth--;
      if (depth < 0) return undefined;
      if (depth === 0) {
        const slide = html.slice(sectionStart, SECTION_TAG.lastIndex);
        if (RAW_TEXT.test(slide)) return undefined;
        const id = /^<section\b[^>]*?\sid="([^"&<>]+)"/.exec(slide)?.[1];
        if (!id || ids.has(id)) return undefined;
        ids.add(id);
        slides.push({ id, html: slide });
        at = SECTION_TAG.lastIndex;
      }
    } else {
      // A slide inside a slide: reveal.js would nest it; the live script reloads for those.
      if (depth > 0) return undefined;
      depth++;
      sectionStart = m.index;
    }
  }
  if (end < 0) {
    if (depth !== 0) return undefined;
    const rest = html.slice(at);
    const close = /^\s*<\/div>/.exec(rest);
    if (!close) return undefined;
    end = at + rest.indexOf('</div>');
  }
  const around = `${headAround}${html.slice(headEnd, start)}\u0000${html.slice(end)}`;
  return { around, title: titles[0]![1]!, meta: metas.join('\n'), slides };
}

/**
 * What the live script needs to turn the page of `before` (build `from`) into `after` (build `to`) in place: the
 * order of the slides and the HTML of those that changed. Undefined when it cannot be done in place (either page not
 * cut, or anything around the slides changed): the page then reloads.
 */
export function deckUpdate(before: DeckParts | undefined, after: DeckParts | undefined, from: number, to: number): DeckUpdate | undefined {
  if (!before || !after || before.around !== after.around) return undefined;
  const old = new Map(before.slides.map((s) => [s.id, s.html]));
  const slides: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const s of after.slides) if (old.get(s.id) !== s.html) slides[s.id] = s.html;
  return { from, to, title: after.title, meta: after.meta, order: after.slides.map((s) => s.id), slides };
}
