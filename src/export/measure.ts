import type { Page } from 'puppeteer-core';

/**
 * What the browser measured of one slide of the fitted deck (deck.html?print-pdf), in CSS pixels of the 1280×720
 * slide: every text box with its paragraphs and runs, every painted box (backgrounds, borders, bands, dots) as a
 * shape, in painting order. The PPTX writer (pptx.ts) places native objects from this; nothing here knows PowerPoint.
 */
export interface MeasuredDeck {
  width: number;
  height: number;
  slides: MeasuredSlide[];
}

export interface MeasuredSlide {
  id: string;
  kind: string;
  background: Rgba;
  items: MeasuredItem[];
  /** The speaker notes as plain paragraphs (cite, text, quotes), empty when the slide has none. */
  notes: string[];
}

export type MeasuredItem = MeasuredShape | MeasuredText;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0 (transparent) … 1 (opaque). */
  a: number;
}

export interface MeasuredShape extends Box {
  type: 'shape';
  geometry: 'rect' | 'roundRect' | 'ellipse';
  /** Corner radius in px (roundRect). */
  radius: number;
  fill?: Rgba;
  line?: { color: Rgba; width: number };
}

export interface MeasuredRun {
  text: string;
  /** "zh" or "en" (from the closest lang attribute). */
  lang: string;
  fontFamily: string;
  /** px */
  fontSize: number;
  bold: boolean;
  italic: boolean;
  color: Rgba;
  /** This run starts a new line inside its paragraph (a bilingual point's second language). */
  breakBefore: boolean;
}

export interface MeasuredParagraph {
  runs: MeasuredRun[];
  align: 'left' | 'center' | 'right' | 'justify';
  /** Distance between baselines in px (the paragraph's height over its line count). */
  lineHeight: number;
  /** Lines the browser broke it into. */
  lines: number;
  /** Space after the paragraph in px (a list item's bottom margin). */
  spaceAfter: number;
  bullet?: { kind: 'char'; char: string; indent: number } | { kind: 'number'; start: number; indent: number };
}

export interface MeasuredText extends Box {
  type: 'text';
  /** The element's class, for tests and debugging. */
  role: string;
  paragraphs: MeasuredParagraph[];
  /** One line only: the HTML keeps it on one line (white-space: nowrap). */
  nowrap: boolean;
}

/**
 * The in-page part, as a script: page.evaluate() runs it in the browser. Kept as plain JavaScript text so that no
 * compiler helper (e.g. esbuild's __name) ends up in code that runs where those helpers do not exist.
 */
const MEASURE = String.raw`(() => {
  const px = (v) => { const n = parseFloat(v); return Number.isFinite(n) ? n : 0; };
  const rgba = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return { r: 0, g: 0, b: 0, a: 0 };
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const visible = (c) => c.a > 0.01;
  const isBlock = (d) => !(d.startsWith('inline') || d === 'contents' || d === 'none');
  const langOf = (el) => { const l = (el.closest('[lang]') || document.documentElement).getAttribute('lang') || 'en'; return l.toLowerCase().startsWith('zh') ? 'zh' : 'en'; };

  function slideOf(page, index) {
    const section = page.querySelector('section.slide') || page.querySelector('section');
    const frame = section.querySelector('.frame') || section;
    const o = page.getBoundingClientRect();
    const scale = 1280 / o.width;
    const box = (r) => ({ x: (r.left - o.left) * scale, y: (r.top - o.top) * scale, w: r.width * scale, h: r.height * scale });
    const items = [];

    function gradientShapes(el, cs, r) {
      const img = cs.backgroundImage;
      if (!img || !img.startsWith('linear-gradient(')) return;
      const inner = img.slice('linear-gradient('.length, -1);
      const parts = inner.split(/,(?![^(]*\))/).map((s) => s.trim());
      let angle = 180;
      if (/^-?[\d.]+deg$/.test(parts[0])) angle = parseFloat(parts.shift());
      else if (/^to /.test(parts[0])) { const t = parts.shift(); angle = /right/.test(t) ? 90 : /left/.test(t) ? 270 : /top/.test(t) ? 0 : 180; }
      // The painted area: background-size and -position (e.g. a 3px strip at the bottom).
      const size = cs.backgroundSize.split(' ');
      const sw = size[0] && size[0] !== 'auto' ? (size[0].endsWith('%') ? r.width * px(size[0]) / 100 : px(size[0])) : r.width;
      const sh = size[1] && size[1] !== 'auto' ? (size[1].endsWith('%') ? r.height * px(size[1]) / 100 : px(size[1])) : (size[0] && size[0] !== 'auto' && !size[1] ? r.height : r.height);
      const pos = cs.backgroundPosition.split(' ');
      const off = (v, free) => (v.endsWith('%') ? free * px(v) / 100 : px(v));
      const ax = r.left + off(pos[0] || '0%', r.width - sw), ay = r.top + off(pos[1] || '0%', r.height - sh);
      const horizontal = angle === 90 || angle === 270;
      const length = horizontal ? sw : sh;
      // Colour stops with their positions along the gradient line; missing positions are spread evenly.
      const stops = [];
      for (const p of parts) {
        const m = /^(rgba?\([^)]*\))\s*(.*)$/.exec(p);
        if (!m) continue;
        const color = rgba(m[1]);
        const at = m[2].split(/\s+/).filter(Boolean).map((v) => (v.endsWith('%') ? length * px(v) / 100 : px(v)));
        if (!at.length) stops.push({ color, at: undefined });
        for (const a of at) stops.push({ color, at: a });
      }
      if (!stops.length) return;
      if (stops[0].at === undefined) stops[0].at = 0;
      if (stops[stops.length - 1].at === undefined) stops[stops.length - 1].at = length;
      for (let i = 1; i < stops.length - 1; i++) if (stops[i].at === undefined) {
        let j = i; while (stops[j].at === undefined) j++;
        const a = stops[i - 1].at, b = stops[j].at;
        for (let k = i; k < j; k++) stops[k].at = a + ((b - a) * (k - i + 1)) / (j - i + 1);
      }
      // Solid segments; a smooth blend between two colours is split at its middle. The first and last colours
      // extend to the ends of the line.
      const segs = [];
      if (stops[0].at > 0.5) segs.push({ color: stops[0].color, from: 0, to: stops[0].at });
      const end = stops[stops.length - 1];
      if (end.at < length - 0.5) stops.push({ color: end.color, at: length });
      for (let i = 0; i < stops.length - 1; i++) {
        const s = stops[i], t = stops[i + 1];
        if (t.at - s.at <= 0.5) continue;
        const same = s.color.r === t.color.r && s.color.g === t.color.g && s.color.b === t.color.b && s.color.a === t.color.a;
        if (same) segs.push({ color: s.color, from: s.at, to: t.at });
        else { const mid = (s.at + t.at) / 2; segs.push({ color: s.color, from: s.at, to: mid }, { color: t.color, from: mid, to: t.at }); }
      }
      for (const g of segs) {
        if (!visible(g.color)) continue;
        const from = angle === 270 || angle === 0 ? length - g.to : g.from;
        const to = angle === 270 || angle === 0 ? length - g.from : g.to;
        const rr = horizontal ? { left: ax + from, top: ay, width: to - from, height: sh } : { left: ax, top: ay + from, width: sw, height: to - from };
        items.push({ type: 'shape', geometry: 'rect', radius: 0, fill: g.color, ...box(rr) });
      }
    }

    /** Backgrounds and borders of an element (or a pseudo-element, with its own box) as shapes. */
    function shapesOf(cs, r) {
      const bg = rgba(cs.backgroundColor);
      const radius = px(cs.borderTopLeftRadius);
      const round = cs.borderTopLeftRadius.endsWith('%') ? (px(cs.borderTopLeftRadius) >= 50 ? 'ellipse' : 'roundRect') : radius > 0.5 ? (radius >= Math.min(r.width, r.height) / 2 - 0.5 ? 'ellipse' : 'roundRect') : 'rect';
      const sides = ['Top', 'Right', 'Bottom', 'Left'].map((s) => ({ s, w: px(cs['border' + s + 'Width']), c: rgba(cs['border' + s + 'Color']), style: cs['border' + s + 'Style'] }))
        .map((b) => ({ ...b, on: b.w > 0 && b.style !== 'none' && b.style !== 'hidden' && visible(b.c) }));
      const all = sides.every((b) => b.on && b.w === sides[0].w && b.c.r === sides[0].c.r && b.c.g === sides[0].c.g && b.c.b === sides[0].c.b);
      if (visible(bg) || all) {
        const shape = { type: 'shape', geometry: round, radius: round === 'roundRect' ? radius : 0, ...box(r) };
        if (visible(bg)) shape.fill = bg;
        if (all) {
          // PowerPoint centres a line on the edge; CSS paints the border inside the box.
          const w = sides[0].w;
          Object.assign(shape, box({ left: r.left + w / 2, top: r.top + w / 2, width: r.width - w, height: r.height - w }));
          shape.line = { color: sides[0].c, width: w * scale };
        }
        items.push(shape);
      }
      if (!all) for (const b of sides) {
        if (!b.on) continue;
        const rr = b.s === 'Top' ? { left: r.left, top: r.top, width: r.width, height: b.w }
          : b.s === 'Bottom' ? { left: r.left, top: r.bottom - b.w, width: r.width, height: b.w }
          : b.s === 'Left' ? { left: r.left, top: r.top, width: b.w, height: r.height }
          : { left: r.right - b.w, top: r.top, width: b.w, height: r.height };
        items.push({ type: 'shape', geometry: 'rect', radius: 0, fill: b.c, ...box(rr) });
      }
    }

    /** An absolutely placed ::before of el: a shape (content: '') or a text box (the quote mark). */
    function pseudo(el, r) {
      const ps = getComputedStyle(el, '::before');
      if (!ps.content || ps.content === 'none' || ps.content === 'normal' || ps.display === 'none') return;
      if (ps.position !== 'absolute') return;
      const left = r.left + px(getComputedStyle(el).borderLeftWidth) + px(ps.left);
      const top = r.top + px(getComputedStyle(el).borderTopWidth) + px(ps.top);
      const pr = { left, top, width: px(ps.width), height: px(ps.height), right: left + px(ps.width), bottom: top + px(ps.height) };
      const text = /^["'](.*)["']$/.exec(ps.content);
      if (text && text[1]) {
        const color = rgba(ps.color);
        color.a *= Number(ps.opacity || 1);
        const size = px(ps.fontSize);
        items.push({ type: 'text', role: 'before', nowrap: true, ...box({ left, top, width: Math.max(pr.width, size), height: Math.max(pr.height, px(ps.lineHeight) || size * 1.2) }),
          paragraphs: [{ align: 'left', lineHeight: (px(ps.lineHeight) || size) * scale, spaceAfter: 0, runs: [{ text: text[1], lang: 'en', fontFamily: ps.fontFamily, fontSize: size * scale, bold: Number(ps.fontWeight) >= 600, italic: ps.fontStyle === 'italic', color, breakBefore: false }] }] });
      } else if (pr.width > 0 && pr.height > 0) {
        shapesOf(ps, pr);
        gradientShapes(el, ps, pr);
      }
    }

    /** Lines of text under el: rectangles of its text that do not overlap vertically. */
    function lineCount(el, skip) {
      // Text nodes only: a range over an element would add the element's own box as one tall rectangle.
      const range = document.createRange();
      const rects = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.data.trim()) continue;
        if (skip && skip.some((s) => s.contains(n))) continue;
        range.selectNodeContents(n);
        for (const q of range.getClientRects()) if (q.width > 0 && q.height > 0) rects.push(q);
      }
      rects.sort((a, b) => a.top - b.top);
      let lines = 0, bottom = -Infinity;
      for (const q of rects) { if (q.top >= bottom - 1) { lines++; bottom = q.bottom; } else bottom = Math.max(bottom, q.bottom); }
      return Math.max(1, lines);
    }

    /** The runs of a paragraph element: one per text node, a line break where a block starts below the last. */
    function runsOf(el, skip) {
      const runs = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let lastBlock = null, lastBottom = -Infinity;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || parent.closest('aside.notes')) continue;
        if (skip && skip.some((s) => s.contains(parent))) continue;
        const cs = getComputedStyle(parent);
        if (cs.display === 'none' || cs.visibility === 'hidden') continue;
        let text = n.data.replace(/[\t\n\r ]+/g, ' ');
        if (!text.trim() && !runs.length) continue;
        let block = parent;
        while (block !== el && !isBlock(getComputedStyle(block).display)) block = block.parentElement;
        let breakBefore = false;
        if (lastBlock && block !== lastBlock) {
          const br = block.getBoundingClientRect();
          if (br.top >= lastBottom - 1) breakBefore = true;
          else if (runs.length && !/\s$/.test(runs[runs.length - 1].text)) text = ' ' + text.replace(/^ /, '');
        }
        // A gap made by a margin (the translation beside its original in a footer or kicker) becomes a space.
        if (!breakBefore && runs.length && !/\s$/.test(runs[runs.length - 1].text) && !/^\s/.test(text) && n.previousSibling === null && px(getComputedStyle(parent).marginLeft) > 0) text = ' ' + text;
        if (block !== lastBlock) { lastBlock = block; lastBottom = block.getBoundingClientRect().bottom; }
        if (breakBefore) { if (runs.length) runs[runs.length - 1].text = runs[runs.length - 1].text.replace(/ $/, ''); text = text.replace(/^ /, ''); }
        if (!text) continue;
        const color = rgba(cs.color);
        runs.push({ text, lang: langOf(parent), fontFamily: cs.fontFamily, fontSize: px(cs.fontSize) * scale, bold: Number(cs.fontWeight) >= 600, italic: cs.fontStyle === 'italic', color, breakBefore });
      }
      if (runs.length) { runs[0].text = runs[0].text.replace(/^ /, ''); runs[runs.length - 1].text = runs[runs.length - 1].text.replace(/ $/, ''); }
      return runs.filter((x) => x.text);
    }

    function paragraph(el, bullet, skip) {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const inner = r.height - px(cs.paddingTop) - px(cs.paddingBottom) - px(cs.borderTopWidth) - px(cs.borderBottomWidth);
      const align = cs.textAlign === 'center' ? 'center' : cs.textAlign === 'right' || cs.textAlign === 'end' ? 'right' : cs.textAlign === 'justify' ? 'justify' : 'left';
      const lines = lineCount(el, skip);
      return { runs: runsOf(el, skip), align, lines, lineHeight: (inner / lines) * scale, spaceAfter: px(cs.marginBottom) * scale, ...(bullet ? { bullet } : {}) };
    }

    const contentBox = (el) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const l = px(cs.paddingLeft) + px(cs.borderLeftWidth), t = px(cs.paddingTop) + px(cs.borderTopWidth);
      return { left: r.left + l, top: r.top + t, width: r.width - l - px(cs.paddingRight) - px(cs.borderRightWidth), height: r.height - t - px(cs.paddingBottom) - px(cs.borderBottomWidth) };
    };
    const hasText = (el) => !!el.textContent && el.textContent.trim() !== '';
    const leaf = (el) => [...el.children].every((c) => !isBlock(getComputedStyle(c).display) || getComputedStyle(c).position === 'absolute' && !hasText(c));

    /**
     * The text blocks under el when they stand in one column, one under the other (a heading and its translation; a
     * card's value and indicator; a quote and its speaker): one text box, one paragraph each, so that a line more in
     * one pushes the next down instead of running into it. Not when there are lists, cards or side-by-side blocks.
     */
    function columnOf(el) {
      const leaves = [];
      let ok = true;
      (function collect(e) {
        for (const c of e.children) {
          if (!ok) return;
          const cs = getComputedStyle(c);
          if (cs.display === 'none' || cs.visibility === 'hidden' || c.matches('aside.notes, script, style')) continue;
          if (!hasText(c)) continue;
          if (c.tagName === 'UL' || c.tagName === 'OL' || c.tagName === 'IMG' || cs.position === 'absolute' || cs.position === 'fixed') { ok = false; return; }
          if (visible(rgba(cs.backgroundColor)) || cs.backgroundImage !== 'none' || px(cs.borderTopWidth) + px(cs.borderBottomWidth) + px(cs.borderLeftWidth) + px(cs.borderRightWidth) > 0) { if (isBlock(cs.display)) { ok = false; return; } }
          const before = getComputedStyle(c, '::before');
          if (before.content && before.content !== 'none' && before.content !== 'normal' && isBlock(cs.display)) { ok = false; return; }
          if (leaf(c)) leaves.push(c); else collect(c);
        }
      })(el);
      if (!ok || leaves.length < 2) return undefined;
      for (let i = 1; i < leaves.length; i++) if (leaves[i].getBoundingClientRect().top < leaves[i - 1].getBoundingClientRect().bottom - 1) return undefined;
      return leaves;
    }

    /** A list whose items are plain (no card background): one text box, one paragraph per item, real bullets. */
    function listBox(el) {
      if (el.tagName !== 'UL' && el.tagName !== 'OL') return false;
      const lis = [...el.children].filter((c) => c.tagName === 'LI');
      if (!lis.length) return false;
      return lis.every((li) => !visible(rgba(getComputedStyle(li).backgroundColor)) && getComputedStyle(li).display !== 'none');
    }

    function bulletOf(el, li, i) {
      const before = getComputedStyle(li, '::before');
      const lcs = getComputedStyle(li);
      const indent = px(lcs.paddingLeft) * scale;
      if (before.content && /counter/.test(before.content)) return { kind: 'number', start: i + 1, indent: Math.max(indent, px(before.width) * scale + px(lcs.columnGap || lcs.gap) * scale) };
      if (before.content === '""' || before.content === "''") {
        const radius = before.borderTopLeftRadius;
        return { kind: 'char', char: /%/.test(radius) && px(radius) >= 50 ? '\u25CF' : '\u25A0', indent };
      }
      if (lcs.display === 'list-item' && lcs.listStyleType !== 'none') {
        const numbered = /decimal|roman|alpha|latin/.test(lcs.listStyleType);
        const ind = px(getComputedStyle(el).paddingLeft) * scale;
        return numbered ? { kind: 'number', start: i + 1, indent: ind } : { kind: 'char', char: '\u2022', indent: ind };
      }
      return undefined;
    }

    function walk(el) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.matches('aside.notes, script, style')) return;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) return;
      shapesOf(cs, r);
      gradientShapes(el, cs, r);
      if (el.tagName === 'IMG') return;
      if (listBox(el) && hasText(el)) {
        const lis = [...el.children].filter((c) => c.tagName === 'LI');
        for (const li of lis) { const lcs = getComputedStyle(li); shapesOf(lcs, li.getBoundingClientRect()); for (const c of li.querySelectorAll('*')) walkShapesOnly(c); }
        // A column beside an item's text (an agenda item's cite, right-aligned) is a text box of its own.
        const beside = lis.map((li) => {
          const kids = [...li.children].filter(hasText);
          if (kids.length < 2) return [];
          const main = kids[0].getBoundingClientRect();
          return kids.slice(1).filter((k) => k.getBoundingClientRect().left >= main.right - 1);
        });
        const paragraphs = lis.map((li, i) => paragraph(li, bulletOf(el, li, i), beside[i]));
        // Between two items: from the end of one's text to the start of the next's (margins, padding, rules).
        const inner = lis.map(contentBox);
        paragraphs.forEach((p, i) => { p.spaceAfter = i + 1 < inner.length ? Math.max(0, inner[i + 1].top - (inner[i].top + inner[i].height)) * scale : 0; });
        const first = { top: inner[0].top, left: lis[0].getBoundingClientRect().left };
        const last = { bottom: inner[inner.length - 1].top + inner[inner.length - 1].height, right: lis[lis.length - 1].getBoundingClientRect().right };
        const cb = contentBox(el);
        const mainRight = Math.max(...lis.map((li, i) => (beside[i].length ? Math.min(...beside[i].map((k) => k.getBoundingClientRect().left)) - 4 : li.getBoundingClientRect().right)));
        items.push({ type: 'text', role: el.className || el.tagName.toLowerCase(), nowrap: false, paragraphs, ...box({ left: Math.min(cb.left, first.left), top: first.top, width: Math.min(Math.max(cb.width, last.right - cb.left), mainRight - Math.min(cb.left, first.left)), height: last.bottom - first.top }) });
        for (const k of beside.flat()) walk(k);
        return;
      }
      pseudo(el, r);
      const column = hasText(el) && !leaf(el) ? columnOf(el) : undefined;
      if (column) {
        for (const c of el.querySelectorAll('*')) walkShapesOnly(c);
        const paragraphs = column.map((l, i) => {
          const p = paragraph(l, undefined);
          const next = column[i + 1];
          p.spaceAfter = next ? Math.max(0, next.getBoundingClientRect().top - l.getBoundingClientRect().bottom) * scale : 0;
          return p;
        }).filter((p) => p.runs.length);
        const rs = column.map((l) => contentBox(l));
        const left = Math.min(...rs.map((q) => q.left)), right = Math.max(...rs.map((q) => q.left + q.width));
        const top = column[0].getBoundingClientRect().top, bottom = column[column.length - 1].getBoundingClientRect().bottom;
        items.push({ type: 'text', role: el.className || el.tagName.toLowerCase(), nowrap: false, paragraphs, ...box({ left, top, width: right - left, height: bottom - top }) });
        return;
      }
      if (hasText(el) && leaf(el)) {
        const p = paragraph(el, undefined);
        p.spaceAfter = 0;
        // Shapes inside the text (a document number's frame, a highlight) go under it.
        for (const c of el.querySelectorAll('*')) walkShapesOnly(c);
        // One short line stays one line where PowerPoint's font is wider than the browser's (a year, a cite).
        const cb = contentBox(el);
        const nowrap = cs.whiteSpace === 'nowrap' || (p.lines === 1 && cb.width < 420 && !cs.textAlign.match(/center|right|end/));
        if (p.runs.length) items.push({ type: 'text', role: el.className || el.tagName.toLowerCase(), nowrap, paragraphs: [p], ...box(cb) });
        return;
      }
      for (const c of el.children) walk(c);
    }

    function walkShapesOnly(el) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') return;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) return;
      shapesOf(cs, r);
      gradientShapes(el, cs, r);
      pseudo(el, r);
    }

    walk(frame);
    const number = page.querySelector('.slide-number');
    if (number) walk(number);
    const bg = [frame, section, page, document.body].map((e) => rgba(getComputedStyle(e).backgroundColor)).find(visible) || { r: 255, g: 255, b: 255, a: 1 };
    const aside = section.querySelector('aside.notes');
    const notes = [];
    if (aside) for (const p of aside.querySelectorAll('p, li, hr')) {
      if (p.tagName === 'HR') { notes.push('—'); continue; }
      if (p.closest('li') && p.tagName !== 'LI') continue;
      const t = p.textContent.replace(/\s+/g, ' ').trim();
      if (t) notes.push(t);
    }
    return { id: section.id, kind: section.dataset.slideType || '', background: bg, items, notes };
  }

  const pages = [...document.querySelectorAll('.pdf-page')];
  return { width: 1280, height: 720, slides: pages.map(slideOf) };
})()`;

/** Measure every slide of deck.html opened in print mode (?print-pdf), after deck.js has fitted it. */
export async function measureDeck(page: Page): Promise<MeasuredDeck> {
  return (await page.evaluate(MEASURE)) as MeasuredDeck;
}
