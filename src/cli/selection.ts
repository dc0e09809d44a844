import type { Briefing, Group } from '../select/types.js';
import { table } from './columns.js';

/**
 * What `validate` prints: the parts of the briefing in order with their ids and citations, the items of an area,
 * the quotes that go with each part, and how many slides the deck will have. In the briefing's language (English
 * for a bilingual one, whose ids and citations read the same).
 */
export function describeSelection(briefing: Briefing): string[] {
  const lang = briefing.language === 'zh' ? 'zh' : 'en';
  const rows: (string | string[])[] = [];
  const quoteRows = (g: Extract<Group, { quotes: unknown }>, indent: string) => {
    if (g.kind === 'quotes' || !briefing.deck.quotes) return;
    for (const q of g.quotes.slice(0, briefing.deck.maxQuotes)) rows.push(`${indent}quote ${q.id} (${speakersOf(briefing, q.speakers, lang)})`);
  };
  briefing.groups.forEach((g, i) => {
    const n = `${i + 1}.`;
    switch (g.kind) {
      case 'quotes':
        for (const q of g.quotes) rows.push(`${n} quote ${q.id} (${speakersOf(briefing, q.speakers, lang)})`);
        return;
      case 'area': {
        const some = g.items.length < g.allItems ? ` (${g.items.length} of ${g.allItems} items)` : ` (${g.allItems} items)`;
        rows.push([`${n} ${g.section.id}`, g.section.cite[lang], `${g.section.title[lang]}${some}`]);
        for (const item of g.items) rows.push([`     ${item.number ?? ''}. ${item.id}`, item.cite[lang], item.title[lang]]);
        quoteRows(g, '     ');
        return;
      }
      case 'own':
        for (const own of g.slides) {
          const t = own.title;
          rows.push(`${n} own slide: ${typeof t === 'string' ? t : (t[lang] ?? Object.values(t)[0] ?? '')}`);
        }
        return;
      default:
        rows.push([`${n} ${g.section.id}`, g.section.cite[lang], g.section.title[lang]]);
        if (g.kind === 'section') for (const c of g.children) rows.push([`     ${c.id}`, c.cite[lang], c.title[lang]]);
        if (g.kind !== 'targets' && g.kind !== 'part') quoteRows(g, '     ');
    }
  });
  const slides = briefing.slides.length;
  const byType = new Map<string, number>();
  for (const s of briefing.slides) byType.set(s.type, (byType.get(s.type) ?? 0) + 1);
  const kinds = [...byType].map(([t, c]) => `${c} ${t}`).join(', ');
  return [...table(rows, [40, 18]), '', `${slides} slide${slides === 1 ? '' : 's'} (${kinds})`];
}

function speakersOf(briefing: Briefing, ids: string[], lang: 'zh' | 'en'): string {
  return ids.map((id) => briefing.speakers.get(id)?.name[lang] ?? id).join(', ');
}
