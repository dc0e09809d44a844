import type { Corpus, Section } from '../corpus/types.js';
import { corpusGroups, type Lang } from '../corpus/taxonomy.js';
import { childrenOf } from '../corpus/load.js';
import { ancestors } from '../corpus/tree.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { table } from './columns.js';

/** What a person needs to write a spec: documents, areas with their items, supports, other sections, as text lines. */
export function listCorpus(corpus: Corpus, lang: Lang): string[] {
  const lines: (string | string[])[] = [];
  const row = (id: string, s: Section, indent = '  ') => [`${indent}${id}`, s.cite[lang], s.title[lang]];
  const head = (zh: string, en: string) => lines.push('', lang === 'zh' ? zh : en);
  for (const doc of corpus.documents) {
    lines.push(`${doc.title[lang]}${doc.number ? `  ${doc.number}` : ''}  [${doc.id}]`);
  }
  // Each group a document declares (its taxonomy): "- <group>: <key>", members with their items.
  const shown = new Set<string>();
  for (const g of corpusGroups(corpus.documents)) {
    const members = g.members.map((m) => ({ key: m.key, s: corpus.byId.get(m.section) })).filter((m): m is { key: string; s: Section } => !!m.s);
    if (!members.length) continue;
    const withItems = members.some((m) => childrenOf(corpus, m.s.id).length);
    const noun = lang === 'zh' ? g.noun.zh : g.plural.charAt(0).toUpperCase() + g.plural.slice(1);
    const form = withItems ? `"- ${g.key}: <key>"` : `"- ${g.key}: [<key>, …]"`;
    const more = withItems ? (lang === 'zh' ? ',可加 "items: [1, 2]"' : ', optionally "items: [1, 2]"') : '';
    head(`${noun}(spec: ${form}${more})`, `${noun} (spec: ${form}${more})`);
    for (const m of members) {
      lines.push(row(m.key, m.s));
      shown.add(m.s.id);
      for (const item of childrenOf(corpus, m.s.id)) {
        if (withItems) lines.push(row(`${item.number}. ${item.id}`, item, '      '));
        shown.add(item.id);
      }
    }
  }
  for (const doc of corpus.documents) {
    const rest = corpus.sections.filter((s) => s.doc === doc.id && !shown.has(s.id));
    if (!rest.length) continue;
    head(`其他章节 — ${doc.title.zh}(spec: "- <id>")`, `Other sections — ${doc.short.en} (spec: "- <id>")`);
    for (const s of rest) lines.push(row(s.id, s));
  }
  lines.push('', lang === 'zh' ? `引语:${corpus.quotes.length} 条(briefing list --quotes)` : `Quotes: ${corpus.quotes.length} (briefing list --quotes)`);
  return table(lines, [34, 18]);
}

/** Quotes grouped by speaker, with ids for `- quote: <id>`. */
export function listQuotes(corpus: Corpus, lang: Lang): string[] {
  const lines: string[] = [];
  for (const sp of corpus.speakers.values()) {
    const quotes = corpus.quotes.filter((q) => q.speakers.includes(sp.id));
    if (!quotes.length) continue;
    lines.push(`${sp.name[lang]} — ${sp.role[lang]}`);
    for (const q of quotes) {
      const t = q.text[lang];
      const tags = q.tags.length ? ` [${q.tags.join(', ')}]` : '';
      lines.push(`  ${q.id}${tags}${q.kind === 'paraphrase' ? (lang === 'zh' ? ' (转述)' : ' (paraphrase)') : ''}`);
      lines.push(`    ${t.length > 110 ? `${t.slice(0, 107)}…` : t}`);
    }
    lines.push('');
  }
  return lines;
}

/** Every section of one document, in order, indented by depth: what `- <id>` or `- doc: <id>` can select. */
export function listDocument(corpus: Corpus, docId: string, lang: Lang): string[] {
  const doc = corpus.documents.find((d) => d.id === docId);
  if (!doc) {
    const ids = corpus.documents.map((d) => d.id);
    throw new UserError(`unknown document "${docId}"`, { expected: `one of ${ids.join(', ')}`, hint: didYouMean(docId, ids) });
  }
  // Levels of parents within this document: a loop up the (bounded) ancestors, never recursion.
  const depth = (s: Section): number => {
    const up = ancestors(corpus, s);
    const outside = up.findIndex((a) => a.doc !== docId);
    return outside < 0 ? up.length : outside;
  };
  const lines: (string | string[])[] = [`${doc.title[lang]}${doc.number ? `  ${doc.number}` : ''}  [${doc.id}]${doc.untranslated?.includes('en') ? (lang === 'en' ? '  (untranslated)' : '  (未翻译)') : ''}`, ''];
  for (const s of corpus.sections.filter((x) => x.doc === docId)) {
    const indent = '  '.repeat(depth(s) + 1);
    lines.push([`${indent}${s.id}`, s.cite[lang], `${s.title[lang]}${s.untranslated.includes(lang) ? ' *' : ''}`]);
  }
  if (corpus.sections.some((x) => x.doc === docId && x.untranslated.includes(lang))) lines.push('', lang === 'en' ? '* untranslated: shown in Chinese, marked' : '* 未翻译');
  return table(lines, [40, 20]);
}
