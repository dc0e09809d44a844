import type { Bilingual, DocumentMeta, Quote, Section, Speaker } from '../corpus/types.js';
import type { Lang } from '../corpus/taxonomy.js';
import type { Language, Typography } from '../spec/schema.js';
import type { Briefing, Slide } from '../select/types.js';
import { markdownInline, markdownToHtml, presenterInline, presenterMarkdown } from './markdown.js';
import { presenterFor, type PresenterText } from '../spec/presenter.js';
import type { Takeaway } from '../select/types.js';
import { LABELS, type LabelKey } from './labels.js';
import { fullWidthPunctuation } from './typography.js';
import { remembered } from '../util/memo.js';
import { memoHtml } from './markdown-memo.js';

/** Most targets a year that the horizontal timeline shows; more turn it into one band per year. */
const TIMELINE_COLUMN_ROWS = 3;
/** A citation of an item in a sub-part of a part: 二(二)3. */
const PART_ITEM_CITE = /^[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]+\([\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]+\)\d+$/;
/** A content slide whose one point is at most this long (characters; Chinese counts double) gets the short layout. */
const SHORT_POINT = 110;
/** Most targets side by side in a band. */
const TIMELINE_BAND_COLUMNS = 5;

/** One run of text in one language. `html` is set only for text rendered from trusted corpus Markdown. */
export interface Run {
  lang: Lang;
  text: string;
  html?: string;
  /** The wanted language had no translation; this is the original. */
  untranslated?: boolean;
}
/** A piece of text in the languages the briefing shows, in display order (one or two runs). */
export type Text = Run[];

export interface Picker {
  langs: Lang[];
  text(b: Bilingual, untranslated?: readonly Lang[]): Text;
  md(b: Bilingual, untranslated?: readonly Lang[]): Text;
  list(b: Record<Lang, string[]>, untranslated?: readonly Lang[]): Text[];
  /** Only the languages that have a value (say, an English-only name), each once: identical texts show once. */
  some(b: Partial<Bilingual>): Text;
}

/** Display order of languages: bilingual shows the original Chinese first, the English under it. */
export function langsFor(language: Language): Lang[] {
  return language === 'bilingual' ? ['zh', 'en'] : [language];
}

/**
 * Corpus Markdown rendered, remembered by its text: a build renders the same text more than once (the deck and the
 * brief, a point in a heading's notes and on its own slide), and marked is the costliest step of a view. Pure, so a
 * remembered result is the result. Between runs, in the on-disk cache too (markdown-memo.ts).
 */
const blockMarked = remembered(markdownToHtml, 10_000);
const inlineMarked = remembered(markdownInline, 10_000);
// The on-disk memo first (while its cache folder is in use): what it gives is never remembered here, so a build
// without the cache renders every text itself.
const blockHtml = (text: string) => memoHtml('block', text, blockMarked);
const inlineHtml = (text: string) => memoHtml('inline', text, inlineMarked);

/**
 * `typography`: Chinese text is shown with full-width punctuation (，：；（）) unless it is 'source', which keeps the
 * corpus's own marks. The corpus itself is never changed.
 */
export function picker(language: Language, typography: Typography = 'full-width'): Picker {
  const langs = langsFor(language);
  const other = (l: Lang): Lang => (l === 'zh' ? 'en' : 'zh');
  const show = (l: Lang, s: string) => (l === 'zh' && typography !== 'source' ? fullWidthPunctuation(s) : s);
  const runs = (b: Bilingual, untranslated: readonly Lang[] = [], html?: (s: string) => string): Text => {
    const out: Text = [];
    for (const l of langs) {
      const missing = untranslated.includes(l);
      const src = missing ? other(l) : l;
      if (missing && langs.includes(src)) continue; // bilingual: the original is shown anyway
      const text = show(src, b[src]);
      out.push({ lang: src, text, ...(html ? { html: html(text) } : {}), ...(missing ? { untranslated: true } : {}) });
    }
    return out;
  };
  return {
    langs,
    some: (b) => {
      const out: Text = [];
      for (const l of langs) {
        const v = b[l];
        if (!v || out.some((r) => r.text === v)) continue;
        const lang: Lang = /[\u3400-\u9fff]/.test(v) ? 'zh' : l;
        out.push({ lang, text: show(lang, v) });
      }
      return out;
    },
    text: (b, u) => runs(b, u),
    md: (b, u) => runs(b, u, blockHtml),
    list: (b, u) => {
      const n = Math.max(b.zh.length, b.en.length);
      return Array.from({ length: n }, (_, i) => runs({ zh: b.zh[i] ?? '', en: b.en[i] ?? '' }, u, inlineHtml)).map((t) => t.filter((r) => r.text));
    },
  };
}

export interface QuoteView {
  id: string;
  text: Text;
  direct: boolean;
  speakers: { name: Text; role: Text }[];
  /** Where the quote is from: "As reported by the explainer article (2026-01-23)" for a secondary source. */
  cite?: Text;
}

/** A document as the title slide, the brief and the sources name it. */
export interface DocView {
  title: Text;
  /** 发文字号, in English form in English output when the document gives one. */
  number?: Text;
  /** The name readers search for, said once: "the AI+ Action (widely known as the AI+ Initiative)". */
  aka?: Text;
  issuer?: Text;
  date?: string;
}

export interface SlideView {
  type: Slide['type'];
  id: string;
  title?: Text;
  cite?: Text;
  points?: Text[];
  /** heading slides: the titles of what follows; agenda: the entries. */
  list?: { title: Text; cite: Text }[];
  /** A long agenda: its entries under their parts (numbered on from `first`, a part's heading repeated when continued). */
  agendaParts?: { title?: Text; cite?: Text; continued: boolean; entries: { n: number; title: Text; cite: Text }[] }[];
  /** content slides with one short point: a layout with larger type that fills the slide. */
  short?: boolean;
  years?: { year: number; rows: { indicator: Text; value: Text }[] }[];
  /** timeline slides: years side by side ('columns') or one band per year ('bands'), and the cards per band row. */
  layout?: 'columns' | 'bands';
  columns?: number;
  quote?: QuoteView;
  documents?: DocView[];
  /** sources slide: explain the citation format. */
  citationNote?: boolean;
  notes?: { text: Text; quotes: QuoteView[]; cite?: Text; own?: boolean };
  /** The presenter's own slide: its style, no citation footer. */
  own?: boolean;
  /** own slides: the Markdown body and the image (a path in the output folder). */
  body?: Text;
  image?: string;
  /** The presenter's comment on this selection, and whose it is. */
  takeaway?: { by: string; text: Text };
}

/** What every slide and page is stamped with. */
export interface StampView {
  classification?: string;
  version?: string;
  buildDate: string;
  brand?: { name: string; logo?: string };
}

export interface DeckView {
  htmlLang: string;
  language: Language;
  meta: Briefing['meta'];
  /** Plain title for <title> and PDF metadata. */
  plainTitle: string;
  slides: SlideView[];
  labels: Labels;
  /** The policy documents briefed on, for the title slide. */
  sourceLine: DocView[];
  stamp: StampView;
}

export type Labels = Record<LabelKey, Text>;

/** What the deck and the brief views share: language picking, citations, quotes, labels. */
export function viewKit(b: Briefing) {
  const pick = picker(b.language, b.typography);
  /** For text briefing writes itself (labels, citations it puts together): always full-width in Chinese. */
  const own = picker(b.language);
  const docsById = new Map(b.documents.map((d) => [d.id, d]));
  const citeOf = (s: Section): Text => {
    const d = docsById.get(s.doc);
    return pick.text(d ? { zh: `${d.short.zh}${s.cite.zh}`, en: `${cap(d.short.en)}, ${s.cite.en}` } : s.cite);
  };
  const quoteView = (q: Quote): QuoteView => ({
    id: q.id,
    // Reported speech starts mid-sentence in the source ("proposed five approaches…"); give it a capital on its own.
    text: pick.text(q.kind === 'paraphrase' ? { zh: q.text.zh, en: cap(q.text.en) } : q.text),
    direct: q.kind === 'direct',
    speakers: q.speakers.map((id) => b.speakers.get(id)).filter((s): s is Speaker => !!s).map((s) => ({ name: pick.text(s.name), role: pick.text(s.role) })),
  });
  const labels = <K extends string>(table: Record<K, Bilingual>): Record<K, Text> =>
    Object.fromEntries(Object.entries<Bilingual>(table).map(([k, v]) => [k, own.text(v)])) as Record<K, Text>;
  const docView = (d: DocumentMeta, withAka = false): DocView => {
    const aka = withAka && d.aka ? pick.some(d.aka) : [];
    return {
      title: pick.text(d.title),
      ...(d.number ? { number: pick.some({ zh: d.number, en: d.numberEn ?? d.number }) } : {}),
      ...(aka.length ? { aka } : {}),
      ...(d.issuer ? { issuer: pick.text(d.issuer) } : {}),
      ...(d.date ? { date: d.date } : {}),
    };
  };
  const sourceLine = b.documents.filter((d) => d.kind === 'policy').map((d) => docView(d, true));
  const timeline = (s: Section) => {
    const years = new Map<number, { indicator: Text; value: Text }[]>();
    for (const t of s.targets ?? []) {
      const rows = years.get(t.year) ?? [];
      rows.push({ indicator: pick.text(t.indicator), value: pick.text(t.value) });
      years.set(t.year, rows);
    }
    return [...years].sort(([a], [c]) => a - c).map(([year, rows]) => ({ year, rows }));
  };
  const quoteFrom = (q: Quote): Text => quoteCite(q, b.documents, own);
  /** The presenter's text in the briefing's languages: one run when the same words serve both. */
  const presenterRuns = (t: PresenterText | undefined, html?: (s: string) => string): Text => {
    if (t === undefined) return [];
    const out: Text = [];
    for (const l of pick.langs) {
      const text = presenterFor(t, l);
      if (text === undefined || out.some((r) => r.text === text)) continue;
      // The language the words are in: the one they were written for, or (a plain string) what they look like.
      const lang: Lang = typeof t === 'string' ? (/[\u3400-\u9fff]/.test(text) ? 'zh' : 'en') : t[l] !== undefined ? l : l === 'zh' ? 'en' : 'zh';
      out.push({ lang, text, ...(html ? { html: html(text) } : {}) });
    }
    return out;
  };
  const ownInline = (t: PresenterText | undefined) => presenterRuns(t, presenterInline);
  const ownBlock = (t: PresenterText | undefined) => presenterRuns(t, presenterMarkdown);
  const takeawayOf = (t: Takeaway | undefined) =>
    t ? { by: b.meta.brand?.name ?? b.meta.presenter ?? pick.text(LABELS.presenterFallback).map((r) => r.text).join(' / '), text: ownInline(t.text) } : undefined;
  const stamp: StampView = {
    ...(b.meta.classification ? { classification: b.meta.classification } : {}),
    ...(b.meta.version ? { version: b.meta.version } : {}),
    buildDate: b.meta.buildDate,
    ...(b.meta.brand ? { brand: b.meta.brand } : {}),
  };
  return { pick, citeOf, quoteView, quoteFrom, docView, labels, sourceLine, timeline, ownInline, ownBlock, takeawayOf, stamp, htmlLang: b.language === 'en' ? 'en' : 'zh-Hans' };
}

const deckViews = new WeakMap<Briefing, DeckView>();

/**
 * Briefing → the plain view model the deck templates receive: strings chosen, Markdown rendered, citations formatted.
 * Made once per briefing (a build asks for it twice: the manifest's slide ids, the deck); treat it as read-only.
 */
export function deckView(b: Briefing): DeckView {
  let view = deckViews.get(b);
  if (!view) deckViews.set(b, (view = makeDeckView(b)));
  return view;
}

function makeDeckView(b: Briefing): DeckView {
  const { pick, citeOf, quoteView, quoteFrom, docView, labels, sourceLine, timeline, ownInline, ownBlock, takeawayOf, stamp, htmlLang } = viewKit(b);
  const notesFor = (s: Section, quotes: Quote[]) =>
    b.deck.notes ? { text: s.text.zh ? pick.md(s.text, s.untranslated) : [], quotes: quotes.map(quoteView), cite: citeOf(s) } : undefined;

  const slides = b.slides.map((slide, i): SlideView => {
    const view = slideView(slide, i);
    const takeaway = takeawayOf(slide.takeaway);
    return takeaway ? { ...view, takeaway } : view;
  });
  function slideView(slide: Slide, i: number): SlideView {
    const id = `s${i + 1}`;
    switch (slide.type) {
      case 'own': {
        const o = slide.slide;
        return {
          type: 'own',
          id: `own-${i + 1}`,
          own: true,
          title: ownInline(o.title),
          ...(o.points?.length ? { points: o.points.map(ownInline) } : {}),
          ...(o.text || o.markdown ? { body: ownBlock(o.text ?? o.markdown) } : {}),
          ...(o.imageAsset ? { image: o.imageAsset } : {}),
          // The notes say whose words these are, even when the presenter wrote none.
          notes: { text: o.notes ? ownBlock(o.notes) : [], quotes: [], cite: pick.text(LABELS.ownNotes), own: true },
        };
      }
      case 'title':
        return { type: 'title', id };
      case 'agenda': {
        const title = pick.text(slide.continued ? LABELS.agendaContinued : LABELS.agenda);
        if (!slide.grouped) return { type: 'agenda', id, title, list: slide.entries.map((e) => ({ title: pick.text(e.title, e.untranslated), cite: pick.text(e.cite) })) };
        const parts: (NonNullable<SlideView['agendaParts']>[number] & { id?: string })[] = [];
        slide.entries.forEach((e, k) => {
          const last = parts.at(-1);
          const entry = { n: slide.first + k, title: pick.text(e.title, e.untranslated), cite: pick.text(e.cite) };
          if (last && last.id === e.part?.id) {
            last.entries.push(entry);
            return;
          }
          // A part already begun on the slide before: its heading again, marked as continued.
          const before = slide.first > 1 && k === 0 && e.part ? b.slides.some((x) => x.type === 'agenda' && x !== slide && x.entries.at(-1)?.part?.id === e.part!.id && x.first < slide.first) : false;
          parts.push({ id: e.part?.id, ...(e.part ? { title: pick.text(e.part.title, e.part.untranslated), cite: pick.text(e.part.cite) } : {}), continued: before, entries: [entry] });
        });
        return { type: 'agenda', id, title, agendaParts: parts.map(({ id: _id, ...p }) => p) };
      }
      case 'timeline': {
        const years = timeline(slide.section);
        const most = Math.max(0, ...years.map((y) => y.rows.length));
        return {
          type: 'timeline',
          // Few targets a year: the years side by side on a horizontal axis. Many: one band per year down a vertical
          // axis, its targets side by side, so a dense bilingual timeline keeps readable type.
          layout: most > TIMELINE_COLUMN_ROWS ? 'bands' : 'columns',
          columns: Math.min(most, TIMELINE_BAND_COLUMNS),
          id: slide.section.id,
          title: pick.text(slide.section.title, slide.section.untranslated),
          cite: citeOf(slide.section),
          years,
          notes: notesFor(slide.section, []),
        };
      }
      case 'heading':
        return {
          type: 'heading',
          id: slide.section.id,
          title: pick.text(slide.section.title, slide.section.untranslated),
          cite: citeOf(slide.section),
          list: slide.children.map((c) => ({ title: pick.text(c.title, c.untranslated), cite: pick.text(c.cite) })),
          // A heading with text of its own (an imported sub-part's opening sentences) has it in the notes, in full.
          notes: slide.section.text.zh
            ? notesFor(slide.section, slide.quotes)
            : b.deck.notes
              ? { text: pick.list(slide.section.points, slide.section.untranslated).flat(), quotes: slide.quotes.map(quoteView), cite: citeOf(slide.section) }
              : undefined,
        };
      case 'content': {
        const title = pick.text(slide.section.title, slide.section.untranslated);
        let points = pick.list(slide.section.points, slide.section.untranslated);
        // A point that only repeats the title (an item of one short sentence) is not said twice.
        const said = normText(title);
        points = points.filter((p) => normText(p) !== said);
        const short = points.length <= 1 && points.every((p) => p.every((r) => width(r.text) <= SHORT_POINT));
        return {
          type: 'content',
          id: slide.section.id,
          title,
          cite: citeOf(slide.section),
          points,
          ...(short ? { short: true } : {}),
          notes: notesFor(slide.section, slide.quotes),
        };
      }
      case 'quote':
        return { type: 'quote', id: `quote-${slide.quote.id}`, quote: { ...quoteView(slide.quote), cite: quoteFrom(slide.quote) } };
      case 'sources':
        return {
          type: 'sources',
          id: 'sources',
          title: pick.text(LABELS.sources),
          documents: slide.documents.map((d) => docView(d)),
          // The note explains citations like 二(二)3 / Part II (2) 3; a deck without any has no use for it.
          ...(b.slides.some((x) => x.type === 'content' && PART_ITEM_CITE.test(x.section.cite.zh)) ? { citationNote: true } : {}),
        };
    }
  }
  return {
    htmlLang,
    language: b.language,
    meta: b.meta,
    plainTitle: b.meta.title,
    slides,
    labels: labels(LABELS),
    sourceLine,
    stamp,
  };
}

/**
 * Where a quote is from. A commentary is a secondary source (a content site reporting what experts said), so its
 * quotes are "as reported by" it; a policy document's words are "from" it.
 */
export function quoteCite(q: Quote, documents: DocumentMeta[], pick: Picker): Text {
  const d = documents.find((x) => x.id === q.doc);
  if (!d) return [];
  const label = d.kind === 'commentary' ? LABELS.reportedBy : LABELS.quoteFrom;
  return pick.text({ zh: `${label.zh}${d.short.zh}${d.date ? `（${d.date}）` : ''}`, en: `${label.en} ${d.short.en}${d.date ? ` (${d.date})` : ''}` });
}

/** A text without punctuation, spaces and Markdown marks: two texts that say the same give the same string. */
const normText = (t: Text): string => t.map((r) => withoutMarks(r.text)).join('|');
const withoutMarks = remembered((text) => text.replace(/[\s\p{P}*_]/gu, ''), 10_000);
/** Display width: a Chinese character takes about two Latin ones. */
const width = (s: string): number => [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

export const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
