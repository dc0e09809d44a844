import type { Bilingual, Quote, Section } from '../corpus/types.js';
import type { Briefing, Group } from '../select/types.js';
import { cap, quoteCite, viewKit, type Labels, type QuoteView, type Text } from './view.js';
import { LABELS } from './labels.js';

export interface BriefBlock {
  id: string;
  title: Text;
  cite: Text;
  points: Text[];
}

export interface BriefView {
  htmlLang: string;
  language: Briefing['language'];
  meta: Briefing['meta'];
  plainTitle: string;
  sourceLine: { title: Text; number?: string }[];
  bottomLine: Text;
  targets?: { title: Text; cite: Text; years: { year: number; rows: { indicator: Text; value: Text }[] }[] };
  blocks: BriefBlock[];
  quotes: (QuoteView & { from: Text })[];
  sources: { title: Text; number?: string; date?: string }[];
  labels: Labels;
}


/** A block's points: an area's own summary when all its items are in, otherwise the selected items' titles. */
function blockPoints(g: Exclude<Group, { kind: 'quotes' | 'targets' }>): { points: Record<'zh' | 'en', string[]>; untranslated: Section['untranslated'] } {
  if (g.kind === 'area') {
    const all = g.section.points;
    const complete = g.items.length === g.allItems;
    if (complete || !g.items.length) return { points: all, untranslated: g.section.untranslated };
    return { points: { zh: g.items.map((i) => i.title.zh), en: g.items.map((i) => i.title.en) }, untranslated: g.items.flatMap((i) => i.untranslated) };
  }
  return { points: g.section.points, untranslated: g.section.untranslated };
}

/**
 * The bottom line up front. The spec may write it; otherwise it is built only from corpus facts: what the briefing
 * covers, and the headline targets when the targets are selected. Never a claim the corpus does not make.
 */
function autoBottomLine(b: Briefing): Bilingual {
  const doc = b.documents.find((d) => d.kind === 'policy') ?? b.documents[0];
  const groups = b.groups.filter((g): g is Exclude<Group, { kind: 'quotes' }> => g.kind !== 'quotes');
  const docZh = doc ? `${doc.short.zh}${doc.number ? `(${doc.number})` : ''}` : '';
  const docEn = doc ? `${doc.short.en}${doc.number ? ` (${doc.number})` : ''}` : '';
  const count = (kind: Group['kind']) => groups.filter((g) => g.kind === kind).length;
  const areas = count('area');
  const supports = count('support');
  const targets = groups.find((g): g is Extract<Group, { kind: 'targets' }> => g.kind === 'targets')?.section.targets;
  let zh: string;
  let en: string;
  if (groups.length <= 4) {
    zh = `本简报梳理${docZh}中的${groups.map((g) => g.section.title.zh).join('、')}。`;
    en = `This brief covers ${groups.map((g) => g.section.title.en).join('; ')}, from ${docEn}.`;
  } else {
    const zhParts = [targets ? '主要目标' : '', areas ? `${areas}个重点领域` : '', supports ? `${supports}项基础支撑` : ''].filter(Boolean);
    const enParts = [targets ? 'its targets' : '', areas ? `${areas} key area${areas === 1 ? '' : 's'}` : '', supports ? `${supports} foundational support${supports === 1 ? '' : 's'}` : ''].filter(Boolean);
    const others = groups.length - areas - supports - (targets ? 1 : 0);
    if (others) {
      zhParts.push(`其他${others}个部分`);
      enParts.push(`${others} other part${others === 1 ? '' : 's'}`);
    }
    zh = `本简报梳理${docZh}的${zhParts.join('、')}。`;
    en = `This brief covers ${docEn}: ${enParts.length > 1 ? `${enParts.slice(0, -1).join(', ')} and ${enParts.at(-1)}` : enParts[0]}.`;
  }
  if (targets) {
    const headline = targets.filter((t) => /\d+%/.test(t.value.en));
    if (headline.length) {
      zh += `目标:${headline.map((t) => `到${t.year}年${t.indicator.zh}${t.value.zh}`).join(';')}。`;
      en += ` Targets: ${headline.map((t) => `${t.indicator.en.charAt(0).toLowerCase()}${t.indicator.en.slice(1)} ${t.value.en.toLowerCase()} by ${t.year}`).join('; ')}.`;
    }
  }
  return { zh, en };
}

export function briefView(b: Briefing): BriefView {
  const { pick, citeOf, quoteView, labels, sourceLine, timeline, htmlLang } = viewKit(b);
  const spec = b.brief.bottomLine;
  const bottom: Bilingual = spec === undefined ? autoBottomLine(b) : typeof spec === 'string' ? { zh: spec, en: spec } : spec;
  const targetsGroup = b.groups.find((g): g is Extract<Group, { kind: 'targets' }> => g.kind === 'targets');
  const blocks = b.groups
    .filter((g): g is Exclude<Group, { kind: 'quotes' | 'targets' }> => g.kind !== 'quotes' && g.kind !== 'targets')
    .map((g) => {
      const { points, untranslated } = blockPoints(g);
      return { id: g.section.id, title: pick.text(g.section.title, g.section.untranslated), cite: citeOf(g.section), points: pick.list(points, untranslated) };
    });
  const candidates: Quote[] = [];
  for (const g of b.groups) {
    if (g.kind === 'targets') continue;
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
    quotes: candidates.slice(0, b.brief.quotes).map((q) => ({ ...quoteView(q), from: quoteCite(q, b.documents, pick) })),
    sources: b.documents.map((d) => ({ title: pick.text(d.title), ...(d.number ? { number: d.number } : {}), ...(d.date ? { date: d.date } : {}) })),
    labels: labels(LABELS),
  };
}
