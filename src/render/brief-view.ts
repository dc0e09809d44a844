import type { Bilingual, Quote, Section, Target } from '../corpus/types.js';
import type { Briefing, Group, ScopeGroup } from '../select/types.js';
import { viewKit, type DocView, type Labels, type QuoteView, type StampView, type Text } from './view.js';
import { fullWidthPunctuation } from './typography.js';
import { LABELS } from './labels.js';

export interface BriefBlock {
  id: string;
  title: Text;
  cite: Text;
  points: Text[];
  /** The presenter's comment on this block. */
  takeaway?: { by: string; text: Text };
  /** brief.keep: its points survive condensing first. */
  keep?: boolean;
}

export interface BriefView {
  htmlLang: string;
  language: Briefing['language'];
  meta: Briefing['meta'];
  plainTitle: string;
  sourceLine: DocView[];
  bottomLine: Text;
  targets?: { title: Text; cite: Text; years: { year: number; rows: { indicator: Text; value: Text }[] }[] };
  blocks: BriefBlock[];
  /**
   * The same selection rolled up, for when the blocks cannot fit even condensed: items into their parts, then parts
   * into the top-level parts of their document. The page tries each in turn (brief.js); empty when nothing rolls up.
   */
  rollups: { level: number; what: string; blocks: BriefBlock[]; /** titles run on in one paragraph, never dropped */ inline?: boolean }[];
  quotes: (QuoteView & { from: Text })[];
  sources: DocView[];
  labels: Labels;
  stamp: StampView;
}


/** A block's points: an area's own summary when all its items are in, otherwise the selected items' titles. */
function blockPoints(g: Exclude<Group, { kind: 'quotes' | 'targets' | 'own' | 'part' }>): { points: Record<'zh' | 'en', string[]>; untranslated: Section['untranslated'] } {
  if (g.kind === 'area') {
    const all = g.section.points;
    const complete = g.items.length === g.allItems;
    if (complete || !g.items.length) return { points: all, untranslated: g.section.untranslated };
    return { points: { zh: g.items.map((i) => i.title.zh), en: g.items.map((i) => i.title.en) }, untranslated: g.items.flatMap((i) => i.untranslated) };
  }
  return { points: g.section.points, untranslated: g.section.untranslated };
}

const ZH_NUMERALS = ['\u96f6', '\u4e00', '\u4e8c', '\u4e09', '\u56db', '\u4e94', '\u516d', '\u4e03', '\u516b', '\u4e5d', '\u5341'];
const EN_NUMERALS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** A count before a measure word: 两 for two (两个, 两项, not 二个). */
const zhCount = (n: number) => (n === 2 ? '\u4e24' : (ZH_NUMERALS[n] ?? String(n)));
const enCount = (n: number) => EN_NUMERALS[n] ?? String(n);
const plural = (n: number, word: string) => `${enCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * A title inside an English sentence: a leading gerund ("Strengthening ...") or common word ("Targets for ...") loses
 * its capital; anything else (names, "AI", quotes) keeps it.
 */
const midSentence = (title: string) =>
  /^(?:[A-Z][a-z]+ing|Targets|General|Overall|Key|Basic|Implementation)\b/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;

/** "a, b and c"; with semicolons ("a; b; and c") when an item holds a comma of its own. */
function enList(items: string[]): string {
  if (items.length <= 2) return items.join(' and ');
  if (items.some((i) => i.includes(','))) return `${items.slice(0, -1).join('; ')}; and ${items.at(-1)}`;
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "a\u3001b\u548cc". */
function zhList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('\u3001')}\u548c${items.at(-1)}`;
}

/**
 * The bottom line up front. The spec may write it; otherwise it is built only from corpus facts: what the document
 * is and how it is organised, what the briefing covers, and the headline targets when the targets are selected.
 * Never a claim the corpus does not make.
 */
function autoBottomLine(b: Briefing): Bilingual {
  const doc = b.documents.find((d) => d.kind === 'policy') ?? b.documents[0];
  // A divider (a part heading in a whole-document deck) is not something the brief covers, nor are own slides.
  const groups = b.groups.filter((g): g is Exclude<Group, { kind: 'quotes' | 'own' | 'part' }> => g.kind !== 'quotes' && g.kind !== 'own' && g.kind !== 'part');
  const docZh = doc ? `${doc.short.zh}${doc.number ? `(${doc.number})` : ''}` : '';
  const numberEn = doc?.numberEn ?? doc?.number;
  const docEn = doc ? `${doc.short.en}${numberEn ? ` (${numberEn})` : ''}` : '';
  const targets = groups.find((g): g is Extract<Group, { kind: 'targets' }> => g.kind === 'targets')?.section.targets;
  const zh: string[] = [];
  const en: string[] = [];

  // What the document is: its full title and number, and its shape as its taxonomy declares it (six key areas,
  // eight foundational supports); the verb agrees with the title ("The Opinions … set out"), as the document says.
  const scope = doc ? b.scope[doc.id] : undefined;
  const shape = (scope?.groups ?? []).filter((g) => g.members.length);
  const zhNoun = (n: number, g: ScopeGroup) => `${zhCount(n)}${g.classifier}${g.noun.zh}`;
  const enNoun = (n: number, g: ScopeGroup) => `${enCount(n)} ${n === 1 ? g.noun.en : g.plural}`;
  if (doc && scope && shape.length) {
    zh.push(`\u300a${doc.title.zh}\u300b${doc.number ? `(${doc.number})` : ''}${scope.verb.zh}${zhList(shape.map((g) => zhNoun(g.members.length, g)))}\u3002`);
    en.push(`The ${doc.title.en}${numberEn ? ` (${numberEn})` : ''} ${scope.verb.en} ${enList(shape.map((g) => enNoun(g.members.length, g)))}.`);
  }
  const named = zh.length > 0;
  if (groups.length <= 4) {
    zh.push(`\u672c\u7b80\u62a5\u68b3\u7406${named ? '\u5176\u4e2d' : docZh}\u7684${zhList(groups.map((g) => g.section.title.zh))}\u3002`);
    en.push(`This brief covers ${enList(groups.map((g) => midSentence(g.section.title.en)))}${named ? '' : `, from ${docEn}`}.`);
  } else {
    // How many members of each of the document's groups are selected; "all six" when every one is.
    const counts = shape.map((g) => ({ g, n: groups.filter((x) => g.members.includes(x.section.id)).length })).filter((c) => c.n);
    const zhParts = [targets ? '\u4e3b\u8981\u76ee\u6807' : '', ...counts.map(({ g, n }) => `${n === g.members.length ? '\u5168\u90e8' : ''}${zhNoun(n, g)}`)].filter(Boolean);
    const enParts = [targets ? (named ? 'its targets' : 'the targets') : '', ...counts.map(({ g, n }) => (n === g.members.length && n === 2 ? `both ${g.plural}` : `${n === g.members.length && n > 1 ? 'all ' : ''}${enNoun(n, g)}`))].filter(Boolean);
    const others = groups.length - counts.reduce((sum, c) => sum + c.n, 0) - (targets ? 1 : 0);
    if (others) {
      zhParts.push(`\u5176\u4ed6${zhCount(others)}\u4e2a\u90e8\u5206`);
      enParts.push(`${plural(others, 'other part')}`);
    }
    zh.push(`\u672c\u7b80\u62a5\u68b3\u7406${named ? '\u5176\u4e2d' : docZh}\u7684${zhList(zhParts)}\u3002`);
    en.push(`This brief covers ${named ? '' : `${docEn}: `}${enList(enParts)}.`);
  }
  if (targets) {
    // The numeric targets, one clause per indicator: "... over 70% by 2027 and over 90% by 2030".
    const byIndicator = new Map<string, Target[]>();
    for (const t of targets.filter((x) => /\d+%/.test(x.value.en))) byIndicator.set(t.indicator.en, [...(byIndicator.get(t.indicator.en) ?? []), t]);
    const lines = [...byIndicator.values()];
    if (lines.length) {
      zh.push(`\u76ee\u6807:${lines.map((ts) => ts.map((t, i) => `\u5230${t.year}\u5e74${i === 0 ? t.indicator.zh : ''}${t.value.zh}`).join('\u3001')).join(';')}\u3002`);
      en.push(`Targets: ${lines.map((ts) => `${ts[0]!.indicator.en.charAt(0).toLowerCase()}${ts[0]!.indicator.en.slice(1)} ${enList(ts.map((t) => `${t.value.en.toLowerCase()} by ${t.year}`))}`).join('; ')}.`);
    }
  }
  return { zh: zh.join(''), en: en.join(' ') };
}

export function briefView(b: Briefing): BriefView {
  const { pick, citeOf, quoteView, quoteFrom, docView, labels, sourceLine, timeline, takeawayOf, stamp, htmlLang } = viewKit(b);
  const keep = new Set(b.brief.keep);
  const spec = b.brief.bottomLine;
  const auto = spec === undefined ? autoBottomLine(b) : undefined;
  // The automatic bottom line is briefing's own Chinese: full-width punctuation whatever the typography.
  const bottom: Bilingual = auto ? { zh: fullWidthPunctuation(auto.zh), en: auto.en } : typeof spec === 'string' ? { zh: spec, en: spec } : spec!;
  const targetsGroup = b.groups.find((g): g is Extract<Group, { kind: 'targets' }> => g.kind === 'targets');
  const blocks = b.groups
    .filter((g): g is Exclude<Group, { kind: 'quotes' | 'targets' | 'own' | 'part' }> => g.kind !== 'quotes' && g.kind !== 'targets' && g.kind !== 'own' && g.kind !== 'part')
    .map((g) => {
      const { points, untranslated } = blockPoints(g);
      const takeaway = takeawayOf(g.takeaway);
      return {
        id: g.section.id,
        title: pick.text(g.section.title, g.section.untranslated),
        cite: citeOf(g.section),
        points: pick.list(points, untranslated),
        ...(takeaway ? { takeaway } : {}),
        ...(keep.has(g.section.id) ? { keep: true } : {}),
      };
    });
  // Roll up: each block into the section above it (items into their area or chapter), then into the top of its
  // document (areas into their part). Consecutive blocks of one parent become one block listing their titles.
  const groupsShown = b.groups.filter((g): g is Exclude<Group, { kind: 'quotes' | 'targets' | 'own' }> => g.kind !== 'quotes' && g.kind !== 'targets' && g.kind !== 'own');
  const rollup = (up: (s: Section) => Section | undefined): BriefBlock[] => {
    const out: { parent?: Section; section: Section; titles: Section[] }[] = [];
    for (const g of groupsShown) {
      const parent = up(g.section);
      const last = out.at(-1);
      if (parent && last?.parent === parent) last.titles.push(g.section);
      else out.push({ ...(parent ? { parent } : {}), section: parent ?? g.section, titles: [g.section] });
    }
    return out.map((r) =>
      r.parent
        ? {
            id: r.parent.id,
            title: pick.text(r.parent.title, r.parent.untranslated),
            cite: citeOf(r.parent),
            points: pick.list({ zh: r.titles.map((t) => t.title.zh), en: r.titles.map((t) => t.title.en) }, r.titles.flatMap((t) => t.untranslated)),
          }
        : blocks.find((x) => x.id === r.section.id)!,
    );
  };
  const rollups: BriefView['rollups'] = [];
  const toParent = rollup((s) => b.lineage[s.id]?.[0]);
  if (toParent.length < blocks.length) rollups.push({ level: 1, what: 'items rolled up into their parts', blocks: toParent });
  const toTop = rollup((s) => b.lineage[s.id]?.at(-1));
  if (toTop.length < (rollups.at(-1)?.blocks.length ?? blocks.length)) rollups.push({ level: 2, what: 'rolled up into the parts of the document', blocks: toTop });
  // Last: one paragraph per document naming what is selected, title after title (a document with no parts at all).
  const last = rollups.at(-1)?.blocks ?? blocks;
  if (last.length > 1) {
    const byDoc = new Map<string, Section[]>();
    for (const g of groupsShown) byDoc.set(g.section.doc, [...(byDoc.get(g.section.doc) ?? []), g.section]);
    const titles = [...byDoc].map(([doc, sections]): BriefBlock => {
      const d = b.documents.find((x) => x.id === doc);
      return {
        id: doc,
        title: d ? pick.text(d.title, d.untranslated) : [],
        cite: [],
        points: pick.list({ zh: sections.map((s) => `${s.cite.zh} ${s.title.zh}`), en: sections.map((s) => `${s.cite.en} ${s.title.en}`) }, sections.flatMap((s) => s.untranslated)),
      };
    });
    rollups.push({ level: rollups.length + 1, what: 'only the titles of what is selected', blocks: titles, inline: true });
  }
  const candidates: Quote[] = [];
  for (const g of b.groups) {
    if (g.kind === 'targets' || g.kind === 'own' || g.kind === 'part') continue;
    for (const q of g.quotes) if (!candidates.includes(q)) candidates.push(q);
  }
  candidates.sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'direct' ? -1 : 1));
  return {
    htmlLang,
    language: b.language,
    meta: b.meta,
    plainTitle: b.meta.title,
    sourceLine,
    bottomLine: typeof spec === 'string' ? [{ lang: /[\u3400-\u9fff]/.test(spec) ? 'zh' : 'en', text: spec }] : pick.text(bottom),
    ...(targetsGroup
      ? { targets: { title: pick.text(targetsGroup.section.title), cite: citeOf(targetsGroup.section), years: timeline(targetsGroup.section) } }
      : {}),
    blocks,
    rollups,
    quotes: candidates.slice(0, b.brief.quotes).map((q) => ({ ...quoteView(q), from: quoteFrom(q) })),
    sources: b.documents.map((d) => docView(d)),
    labels: labels(LABELS),
    stamp,
  };
}
