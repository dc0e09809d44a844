import { corpusGroups } from '../corpus/taxonomy.js';
/**
 * Search the corpus: which sections (and quotes) talk about 汽车, "connected vehicles", 数据? An index of every
 * section's title, points and text, and every quote's speakers and words, in both languages (MiniSearch, BM25 ranking,
 * with the tokenizer of ./tokenize.ts), and a query → ranked hits, each with the line that matched, marked. Pure:
 * a loaded Corpus in, values out.
 */
import MiniSearch, { type SearchResult as MsResult } from 'minisearch';
import type { Corpus, Quote, Section } from '../corpus/types.js';
import type { Lang } from '../corpus/taxonomy.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { bestLine, sentences, shorten, type CandidateLine, type Snippet } from './snippet.js';
import { indexTerms, isChineseQuery, prefixable, queryWords, type QueryWord } from './tokenize.js';

export { isChineseQuery, queryWords, tokenize } from './tokenize.js';
export type { Snippet } from './snippet.js';

export interface SearchHit {
  kind: 'section' | 'quote';
  id: string;
  doc: string;
  /** How the deck cites it: 二(三)1 / Part II (3) 1; for a quote, its speakers. */
  cite: string;
  title: string;
  score: number;
  /** Where the words were found: title, points, text (for a quote: its speakers are its title), keys (id, tags). */
  fields: string[];
  /** The line that matched best, marked (no marks when only the keys or the speakers matched). */
  line: Snippet;
  /** Ways to put it into a spec, each one YAML line under `sections:`; the first is the simplest. */
  spec: string[];
}

export interface SearchResult {
  query: string;
  lang: Lang;
  /** The words searched for, folded: stopwords dropped. */
  words: string[];
  /** All hits, best first (see `total` when limited). */
  hits: SearchHit[];
  total: number;
  /** No entry had every word: these hits have some of them. */
  partial: boolean;
}

export interface SearchOptions {
  /** The language searched and shown. Default: zh for a query with Chinese characters, else en. */
  lang?: Lang;
  /** Only this document's sections and quotes. */
  doc?: string;
  /** At most this many hits (default: all). */
  limit?: number;
}

interface Entry {
  key: string;
  kind: 'section' | 'quote';
  order: number;
  doc: string;
  [field: string]: string | number;
}

const FIELDS = ['title', 'points', 'text'] as const;
const BOOST = { title: 3, points: 2, text: 1 } as const;
/** Ids and tags (the keys a spec uses: safety, open-source), the same in both languages. */
const KEYS = 'keys';
const KEYS_BOOST = 0.5;
/** Characters of a shown line: Chinese characters are about twice as wide. */
const WIDTH: Record<Lang, number> = { zh: 60, en: 120 };

export interface SearchIndex {
  corpus: Corpus;
  mini: MiniSearch<Entry>;
  entries: Map<string, { entry: Entry; section?: Section; quote?: Quote }>;
}

const indexes = new WeakMap<Corpus, SearchIndex>();

const field = (name: string, lang: Lang) => `${name}_${lang}`;

/** The search index of a corpus (built once per loaded corpus). */
export function searchIndex(corpus: Corpus): SearchIndex {
  const known = indexes.get(corpus);
  if (known) return known;
  const mini = new MiniSearch<Entry>({
    idField: 'key',
    fields: [...(['zh', 'en'] as const).flatMap((l) => FIELDS.map((f) => field(f, l))), KEYS],
    tokenize: indexTerms,
    processTerm: (t) => t,
  });
  const entries: SearchIndex['entries'] = new Map();
  let order = 0;
  for (const s of corpus.sections) {
    const entry: Entry = { key: `s:${s.id}`, kind: 'section', order: order++, doc: s.doc, [KEYS]: keysLine(s.id, s.tags) };
    for (const l of ['zh', 'en'] as const) {
      entry[field('title', l)] = s.title[l];
      entry[field('points', l)] = s.points[l].join('\n');
      entry[field('text', l)] = s.text[l];
    }
    entries.set(entry.key, { entry, section: s });
  }
  for (const q of corpus.quotes) {
    const entry: Entry = { key: `q:${q.id}`, kind: 'quote', order: order++, doc: q.doc, [KEYS]: keysLine(q.id, q.tags) };
    for (const l of ['zh', 'en'] as const) {
      entry[field('title', l)] = speakerNames(corpus, q, l);
      entry[field('points', l)] = '';
      entry[field('text', l)] = q.text[l];
    }
    entries.set(entry.key, { entry, quote: q });
  }
  mini.addAll([...entries.values()].map((e) => e.entry));
  const index = { corpus, mini, entries };
  indexes.set(corpus, index);
  return index;
}

const keysLine = (id: string, tags: readonly string[]) => [id, ...tags.filter((t) => t !== id)].join(' ');

const speakerNames = (corpus: Corpus, q: Quote, lang: Lang) => q.speakers.map((id) => corpus.speakers.get(id)?.name[lang] ?? id).join(lang === 'zh' ? '、' : ', ');

/** The document filter, checked: an unknown id is a UserError with a suggestion. */
export function checkDoc(corpus: Corpus, doc: string): string {
  const ids = corpus.documents.map((d) => d.id);
  if (!ids.includes(doc)) throw new UserError(`unknown document "${doc}"`, { expected: `one of ${ids.join(', ')}`, found: `"${doc}"`, hint: didYouMean(doc, ids) ?? 'see briefing list' });
  return doc;
}

/** Rank the corpus for a query. Every word must match (in any field); if no entry has them all, any word may. */
export function search(corpus: Corpus, query: string, options: SearchOptions = {}): SearchResult {
  const index = searchIndex(corpus);
  const lang: Lang = options.lang ?? (isChineseQuery(query) ? 'zh' : 'en');
  const words = queryWords(query);
  const base = { query, lang, words: words.map((w) => w.text) };
  if (options.doc !== undefined) checkDoc(corpus, options.doc);
  const terms = [...new Set(words.flatMap((w) => w.terms))];
  if (!terms.length) return { ...base, hits: [], total: 0, partial: false };
  const run = (combineWith: 'AND' | 'OR') =>
    index.mini.search(terms.join(' '), {
      fields: [...FIELDS.map((f) => field(f, lang)), KEYS],
      boost: { ...Object.fromEntries(FIELDS.map((f) => [field(f, lang), BOOST[f]])), [KEYS]: KEYS_BOOST },
      combineWith,
      prefix: (term) => prefixable(term),
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
      ...(options.doc !== undefined ? { filter: (r: MsResult) => index.entries.get(r.id as string)?.entry.doc === options.doc } : {}),
    });
  const typed = words.filter((w) => !w.cjk).map((w) => w.text).join('-');
  const isKey = (e: { section?: Section; quote?: Quote }) => typed !== '' && (e.section ?? e.quote)!.id.toLowerCase() === typed && words.every((w) => !w.cjk);
  let found = run('AND');
  let partial = false;
  if (!found.length && terms.length > 1) {
    found = run('OR');
    partial = found.length > 0;
  }
  const hits = found
    .map((r) => ({ r, e: index.entries.get(r.id as string)! }))
    // The entry whose id is what was typed comes first: "safety", "open source" are the supports of those names.
    .sort((a, b) => Number(isKey(b.e)) - Number(isKey(a.e)) || b.r.score - a.r.score || a.e.entry.order - b.e.entry.order)
    .map(({ r, e }) => toHit(corpus, e, r, words, lang))
    .filter((h): h is SearchHit => h !== undefined);
  return { ...base, hits: options.limit !== undefined ? hits.slice(0, options.limit) : hits, total: hits.length, partial };
}

function toHit(corpus: Corpus, e: SearchIndex['entries'] extends Map<string, infer V> ? V : never, r: MsResult, words: QueryWord[], lang: Lang): SearchHit | undefined {
  const found = new Set(Object.values(r.match).flat().map((f) => f.replace(/_(zh|en)$/, '')));
  const fields = [...FIELDS, KEYS].filter((f) => found.has(f));
  const score = Math.round(r.score * 100) / 100;
  if (e.section) {
    const s = e.section;
    const lines: CandidateLine[] = [{ field: 'title', text: s.title[lang] }, ...s.points[lang].map((text) => ({ field: 'points' as const, text })), ...sentences(s.text[lang]).map((text) => ({ field: 'text' as const, text }))];
    // Found by its id or tags only: say so.
    const line = bestLine(lines, words, WIDTH[lang]) ?? bestLine([{ field: 'keys', text: keysLine(s.id, s.tags) }], words, WIDTH[lang]) ?? { field: 'title', text: s.title[lang], marks: [] };
    return { kind: 'section', id: s.id, doc: s.doc, cite: s.cite[lang], title: s.title[lang], score, fields, line, spec: specForms(corpus, s) };
  }
  const q = e.quote!;
  const names = speakerNames(corpus, q, lang);
  const said = bestLine([{ field: 'text', text: q.text[lang] }], words, WIDTH[lang]);
  // Found by its speaker or its tags: show what was said.
  const line = said ?? { field: 'text', ...shorten(q.text[lang], [[0, 0]], WIDTH[lang]), marks: [] };
  const roles = q.speakers.map((id) => corpus.speakers.get(id)?.role[lang]).filter(Boolean).join('; ');
  return { kind: 'quote', id: q.id, doc: q.doc, cite: names, title: roles, score, fields, line, spec: [`- quote: ${q.id}`] };
}

/**
 * How a section goes into a spec: by its id always; a member of a group its document declares (an area, a support…)
 * also by its group form, a child of a member also as that member with `items:`.
 */
export function specForms(corpus: Corpus, s: Section): string[] {
  const memberOf = (id: string) => {
    for (const group of corpusGroups(corpus.documents)) {
      const member = group.members.find((m) => m.section === id);
      if (member) return { group, member };
    }
    return undefined;
  };
  const own = memberOf(s.id);
  if (own) return [`- ${own.group.key}: ${own.member.key}`, `- ${s.id}`];
  const parent = s.parent ? memberOf(s.parent) : undefined;
  if (parent && s.number !== undefined) return [`- ${s.id}`, `- { ${parent.group.key}: ${parent.member.key}, items: [${s.number}] }`];
  return [`- ${s.id}`];
}

/**
 * What the user may have meant when nothing matched: close words of the index ("vehicels" → "vehicle"), for a Latin
 * query (Chinese bigrams do not make readable suggestions).
 */
export function suggest(corpus: Corpus, query: string, options: SearchOptions = {}): string | undefined {
  const lang: Lang = options.lang ?? (isChineseQuery(query) ? 'zh' : 'en');
  const words = queryWords(query);
  if (!words.length || words.some((w) => w.cjk)) return undefined;
  const { mini } = searchIndex(corpus);
  const terms = words.map((w) => w.terms[0]!);
  const found = mini.autoSuggest(terms.join(' '), {
    fields: [...FIELDS.map((f) => field(f, lang))],
    fuzzy: (term) => (term.length >= 4 ? 0.34 : false),
    combineWith: 'AND',
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
  });
  const best = found.find((f) => f.suggestion !== terms.join(' '));
  return best?.suggestion;
}
