import { stringify } from 'yaml';
import type { TagKey } from '../corpus/taxonomy.js';
import { escapeMarkdown } from './escape.js';
import type { ImportedDocument, ImportedItem, ImportedPart, ImportedSubpart } from './parse.js';

/** A corpus file to write: path relative to the document's folder, and its text. */
export interface CorpusFile {
  name: string;
  text: string;
}

export interface OutlineLine {
  id: string;
  cite: string;
  title: string;
  tags: TagKey[];
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const roman = (n: number) => ROMAN[n] ?? String(n);

/**
 * Tag → title words that make it clear: the corpus's own (`keywords:` of the members of a document's `taxonomy:`,
 * see tagKeywords()). No list of keys in the code: a corpus whose documents declare none gets no suggestions.
 */
export type TagRules = readonly (readonly [string, readonly string[]])[];

/** The tag a title makes clear: a title matching exactly one key's words gets it, otherwise the user decides. */
export function suggestTags(title: string, rules: TagRules): TagKey[] {
  const hits = rules.filter(([, words]) => words.some((w) => title.includes(w))).map(([t]) => t);
  return hits.length === 1 ? hits : [];
}

/**
 * The key points of an untranslated section: the first three whole sentences after the title sentence, and every
 * sentence after those with a number, a percentage or a year in it.
 */
function pointsOf(title: string, text: string): string[] {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  // Sentences of the paragraphs that are sentences: a heading line inside the text (e.g. a transmitted document's
  // title) or an addressee line is not a point, unless the text has nothing else.
  const prose = paras.filter((para) => /[\u3002\uff1b;]/.test(para));
  const sentences = (prose.length ? prose : paras)
    .flatMap((para) => para.split(/(?<=[\u3002\uff1b;\uff01\uff1f])/))
    .map((s) => s.trim().replace(/[\u3002\uff1b;\uff01\uff1f]$/, ''))
    .filter((s) => s && s !== title)
    // A note in brackets after a sentence ("(省科技厅牵头)", the lead department) belongs to that sentence.
    .reduce<string[]>((acc, s) => {
      if (/^[(\uff08][^()\uff08\uff09]*[)\uff09]$/.test(s) && acc.length) acc[acc.length - 1] += s;
      else acc.push(s);
      return acc;
    }, []);
  // The first three sentences, and every later one that states a fact by a number: a target year, a percentage, an
  // amount ("到2035年…" must not be left out of 总体要求).
  const pts = sentences.filter((sentence, i) => i < 3 || FACT.test(sentence));
  return pts.length ? pts : [title || paras[0] || text].filter(Boolean);
}

/** A sentence with a number: digits (ASCII or full-width), a percent sign, 百分之…, a year written 二〇三五年. */
const FACT = /[0-9\uff10-\uff19]|[%\uff05\u2030]|百分之|[〇零一二三四五六七八九]{4}年/;

/**
 * How the text refers to the document: 《意见》 for a title ending in its kind, else the whole title when it is a
 * short plain name, else 《本文件》 ("this document"); never a bracketed note or a title with brackets or a colon.
 */
export function shortName(title: string): string {
  const t = title.trim().replace(/^[\u300a]|[\u300b]$/g, '');
  const m = /(意见|通知|方案|办法|规定|规划|决定|纲要|计划|指导意见|实施意见|行动计划|措施|细则|条例|要点|指南)$/.exec(t);
  if (m) return `《${m[1]}》`;
  return t && t.length <= 20 && /^[\u4e00-\u9fff0-9A-Za-z\u201c\u201d+]+$/.test(t) ? `《${t}》` : '\u300a\u672c\u6587\u4ef6\u300b';
}

interface Front {
  id: string;
  kind: string;
  parent?: string;
  order: number;
  number?: number;
  cite: { zh: string; en: string };
  title: { zh: string; en: string };
  points: { zh: string[]; en: string[] };
  tags: TagKey[];
  untranslated: string[];
}

function sectionFile(front: Front, zh: string): string {
  const fm = stringify(front, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd();
  const md = escapeMarkdown(zh);
  const body = zh ? `\n::: zh\n${md}\n:::\n\n::: en\n${md}\n:::\n` : '';
  return `---\n# Imported by \`briefing import\`: the Chinese is verbatim; the English fields repeat it until translated.\n${fm}\n---\n${body}`;
}

type Cite = { zh: string; en: string };

/** How ids and citations are made: parts 一、 (一) 1. or chapters, sections and articles. */
interface Scheme {
  partId(n: number): string;
  partCite(numeral: string, n: number): Cite;
  subId(partId: string, n: number): string;
  subCite(part: Cite, numeral: string, n: number): Cite;
  itemId(parentId: string, item: ImportedItem): string;
  itemCite(parent: Cite, item: ImportedItem): Cite;
}

/** 二 / Part II, 二(三) / Part II (3), 二(三)2 / Part II (3) 2; ids doc-2, doc-2-3, doc-2-3-2. */
const partScheme = (docId: string): Scheme => ({
  partId: (n) => `${docId}-${n}`,
  partCite: (numeral, n) => ({ zh: numeral, en: `Part ${roman(n)}` }),
  subId: (partId, n) => `${partId}-${n}`,
  subCite: (part, numeral, n) => ({ zh: `${part.zh}(${numeral})`, en: `${part.en} (${n})`.trim() }),
  itemId: (parentId, item) => `${parentId}-${item.number}`,
  itemCite: (parent, item) => ({ zh: `${parent.zh}${item.number}`, en: `${parent.en} ${item.number}`.trim() }),
});

/**
 * 第二章 / Chapter II, 第二章第一节 / Chapter II, Section 1, 第十条 / Article 10 (articles are numbered through the
 * whole text, so an article is cited by its number alone); ids doc-chapter-2, doc-chapter-2-section-1, doc-article-10.
 */
const articleScheme = (docId: string): Scheme => ({
  partId: (n) => `${docId}-chapter-${n}`,
  partCite: (numeral, n) => ({ zh: `\u7b2c${numeral}\u7ae0`, en: `Chapter ${roman(n)}` }),
  subId: (partId, n) => `${partId}-section-${n}`,
  subCite: (part, numeral, n) => ({ zh: `${part.zh}\u7b2c${numeral}\u8282`, en: [part.en, `Section ${n}`].filter(Boolean).join(', ') }),
  itemId: (_parentId, item) => `${docId}-article-${item.number}`,
  itemCite: (_parent, item) => ({ zh: `\u7b2c${item.numeral ?? item.number}\u6761`, en: `Article ${item.number}` }),
});

/**
 * The corpus files of an imported document: `_document.yaml` and one section file per part, sub-part and item, in
 * the corpus format, Chinese verbatim, English marked untranslated. Deterministic: the same text gives the same files.
 */
export function toCorpusFiles(doc: ImportedDocument, docId: string, rules: TagRules = []): { files: CorpusFile[]; outline: OutlineLine[] } {
  const suggest = (title: string) => suggestTags(title, rules);
  const files: CorpusFile[] = [];
  const outline: OutlineLine[] = [];
  let order = 0;
  const used = new Set<string>();
  const add = (front: Omit<Front, 'order' | 'untranslated'>, zh: string) => {
    // Numbering that repeats (a list restarting inside a part) must not make two files of one name.
    if (used.has(front.id)) {
      let k = 1;
      while (used.has(`${front.id}-${String.fromCharCode(97 + k)}`)) k++;
      front = { ...front, id: `${front.id}-${String.fromCharCode(97 + k)}` };
    }
    used.add(front.id);
    order += 1;
    const full: Front = { ...front, order, untranslated: ['en'] };
    files.push({ name: `${front.id}.md`, text: sectionFile(full, zh) });
    outline.push({ id: front.id, cite: front.cite.zh, title: front.title.zh, tags: front.tags });
  };
  const both = (s: string) => ({ zh: s, en: s });

  if (doc.notice?.text) {
    // The notice that transmits the document: its own section, apart from the document's preamble.
    const n = doc.notice;
    const text = [n.addressee, n.text, ...(n.signature ?? [])].filter(Boolean).join('\n\n');
    add({ id: `${docId}-notice`, kind: 'preamble', cite: { zh: '\u5370\u53d1\u901a\u77e5', en: 'Transmitting notice' }, title: both(n.title), points: both1(pointsOf('', n.text)), tags: [] }, text);
  }
  const preamble = [doc.addressee, doc.preamble].filter(Boolean).join('\n\n');
  if (preamble) {
    add({ id: `${docId}-preamble`, kind: 'preamble', cite: { zh: '序言', en: 'Preamble' }, title: { zh: '序言', en: 'Preamble' }, points: both1(pointsOf('', doc.preamble || preamble)), tags: [] }, preamble);
  }
  const scheme = doc.numbering === 'articles' ? articleScheme(docId) : partScheme(docId);
  doc.parts.forEach((part: ImportedPart, pi) => {
    // A document with sub-parts (一) but no parts 一、 (or articles before any chapter) has one unnamed part: it gets
    // no section of its own.
    const unnamed = !part.numeral;
    const pn = part.number || pi + 1;
    const partId = unnamed ? docId : scheme.partId(pn);
    const partCite = unnamed ? { zh: '', en: '' } : scheme.partCite(part.numeral, pn);
    const partTitle = part.title || `\u7b2c${part.numeral || pn}\u90e8\u5206`;
    // Items numbered straight under a part (一、 then 1. 2. …, no (一); or a chapter's articles): the parser holds
    // them in an unnamed sub-part, which gets no section of its own; the items hang off the part.
    const holder = (sub: ImportedSubpart) => !sub.number && !sub.numeral && !sub.title && !sub.text;
    const partPoints = part.subparts.flatMap((sub) => (holder(sub) ? sub.items.map((it) => it.title) : [sub.title])).filter(Boolean);
    if (!unnamed) {
      add(
        // A part whose items follow it directly is an area (heading and items), like a sub-part with items.
        { id: partId, kind: part.subparts.length && part.subparts.every(holder) ? 'area' : 'part', number: pn, cite: partCite, title: both(partTitle), points: both1(partPoints.length && !part.text ? partPoints.slice(0, 5) : pointsOf(part.title, part.text || partTitle)), tags: suggest(partTitle) },
        part.text,
      );
    }
    const items = (list: ImportedItem[], parentId: string | undefined, cite: { zh: string; en: string }, inherited: TagKey[]) => {
      for (const it of list) {
        const itemTags = suggest(it.title);
        add(
          {
            id: scheme.itemId(parentId ?? docId, it),
            kind: 'item',
            ...(parentId ? { parent: parentId } : {}),
            number: it.number,
            cite: scheme.itemCite(cite, it),
            title: both(it.title),
            points: both1(pointsOf(it.title, it.text)),
            tags: itemTags.length ? itemTags : inherited,
          },
          it.text,
        );
      }
    };
    part.subparts.forEach((sub: ImportedSubpart, si) => {
      if (holder(sub)) {
        items(sub.items, unnamed ? undefined : partId, partCite, unnamed ? [] : suggest(partTitle));
        return;
      }
      const sn = sub.number || si + 1;
      const subId = scheme.subId(partId, sn);
      const subCite = scheme.subCite(partCite, sub.numeral || String(sn), sn);
      const subTitle = sub.title || subCite.zh;
      const subTags = suggest(subTitle);
      const isArea = sub.items.length > 0 || !sub.text;
      add(
        {
          id: subId,
          kind: isArea ? 'area' : 'section',
          ...(unnamed ? {} : { parent: partId }),
          number: sn,
          cite: subCite,
          title: both(subTitle),
          points: both1(sub.items.length ? sub.items.map((it) => it.title).slice(0, 5) : pointsOf(sub.title, sub.text || subTitle)),
          tags: subTags,
        },
        sub.text,
      );
      items(sub.items, subId, subCite, subTags);
    });
  });
  doc.annexes.forEach((annex, k) => {
    if (!annex.text) return;
    const n = doc.annexes.filter((a) => a.text).length > 1 ? k + 1 : undefined;
    const title = annex.heading.replace(/^\u9644\u4ef6\s*[0-9\uff10-\uff19]*\s*[:\uff1a]?\s*/, '') || '\u9644\u4ef6';
    add(
      { id: `${docId}-annex${n ? `-${n}` : ''}`, kind: 'section', cite: { zh: `\u9644\u4ef6${n ?? ''}`, en: `Annex${n ? ` ${n}` : ''}` }, title: both(title), points: both1(pointsOf(title, annex.text)), tags: suggest(title) },
      annex.text,
    );
  });
  const meta = {
    id: docId,
    kind: 'policy',
    order: 100,
    title: both(doc.title),
    short: { zh: shortName(doc.attachedTitle ?? doc.title), en: doc.docNumber ?? docId },
    ...(doc.docNumber ? { number: doc.docNumber } : {}),
    ...(doc.issuer ? { issuer: both(doc.issuer) } : {}),
    ...(doc.date ? { date: doc.date } : {}),
    ...(doc.published ? { published: doc.published } : {}),
    untranslated: ['en'],
  };
  const closing = [...doc.closing, ...doc.attachments];
  files.unshift({
    name: '_document.yaml',
    text: `# Imported by \`briefing import\`. English fields repeat the Chinese until translated.\n${closing.length ? `# Closing lines of the source: ${closing.join(' / ')}\n` : ''}${stringify(meta, { lineWidth: 0, aliasDuplicateObjects: false })}`,
  });
  return { files, outline };
}

function both1(list: string[]): { zh: string[]; en: string[] } {
  const pts = list.filter(Boolean).slice(0, 5);
  return { zh: pts, en: pts };
}
