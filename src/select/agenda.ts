import type { Corpus, Section } from '../corpus/types.js';
import type { Language } from '../spec/schema.js';
import type { AgendaEntry, Group, Slide } from './types.js';

/** Up to this many entries, the agenda is one plain list (two columns from nine on). More are grouped under parts. */
export const AGENDA_PLAIN = 20;
/**
 * What a grouped agenda slide holds at its fixed, readable type (0.66 of the body size), in units of about 17 px:
 * two columns of about 26. An entry on one line takes 2 units, a bilingual one (English under the Chinese) 3, and so
 * does a part heading.
 */
export const AGENDA_UNITS = 48;

/**
 * The sections above each selected one, nearest first (an item's area, then the area's part): what the brief rolls
 * items up into and what the agenda groups by. Pure.
 */
export function lineageOf(groups: Group[], corpus: Corpus): Record<string, Section[]> {
  const out: Record<string, Section[]> = {};
  const add = (s: Section) => {
    if (out[s.id]) return;
    const chain: Section[] = [];
    for (let p = s.parent ? corpus.byId.get(s.parent) : undefined; p && !chain.includes(p); p = p.parent ? corpus.byId.get(p.parent) : undefined) chain.push(p);
    out[s.id] = chain;
  };
  for (const g of groups) {
    if (g.kind === 'quotes' || g.kind === 'own') continue;
    add(g.section);
    if (g.kind === 'area') g.items.forEach(add);
    if (g.kind === 'section') g.children.forEach(add);
  }
  return out;
}

/** One agenda entry per group (quotes aside), each with the part it belongs to. */
export function agendaEntries(groups: Group[], lineage: Record<string, Section[]>): AgendaEntry[] {
  return groups.flatMap((g): AgendaEntry[] => {
    // A divider's part is the heading of the entries that follow it, not an entry of its own.
    if (g.kind === 'quotes' || g.kind === 'own' || g.kind === 'part') return [];
    const parent = lineage[g.section.id]?.[0];
    const untranslated = (s: Section) => (s.untranslated.length ? { untranslated: s.untranslated } : {});
    return [{ title: g.section.title, cite: g.section.cite, ...untranslated(g.section), ...(parent ? { part: { id: parent.id, title: parent.title, cite: parent.cite, ...untranslated(parent) } } : {}) }];
  });
}

/**
 * The agenda as one or more slides. A short agenda is one plain list; a long one is grouped by part, and what does
 * not fit on a slide at a readable size continues on the next agenda slide (its part heading repeated there).
 */
export function agendaSlides(entries: AgendaEntry[], language: Language): Slide[] {
  if (entries.length <= AGENDA_PLAIN) return [{ type: 'agenda', entries, grouped: false, first: 1 }];
  // Bilingual entries take two lines (Chinese, and English under it), unless there is no English yet.
  const lineCount = (e: AgendaEntry) => (language === 'bilingual' && !e.untranslated?.includes('en') ? 3 : 2);
  const budget = AGENDA_UNITS;
  const slides: Slide[] = [];
  let current: AgendaEntry[] = [];
  let lines = 0;
  let first = 1;
  let lastPart: string | undefined;
  entries.forEach((e, i) => {
    const headingUnits = language === 'bilingual' ? 3 : 2;
    const heading = e.part && (e.part.id !== lastPart || current.length === 0) ? headingUnits : 0;
    if (current.length && lines + heading + lineCount(e) > budget) {
      slides.push({ type: 'agenda', entries: current, grouped: true, first, ...(slides.length ? { continued: true } : {}) });
      first = i + 1;
      current = [];
      lines = 0;
    }
    lines += (e.part && (e.part.id !== lastPart || current.length === 0) ? headingUnits : 0) + lineCount(e);
    current.push(e);
    lastPart = e.part?.id;
  });
  if (current.length) slides.push({ type: 'agenda', entries: current, grouped: true, first, ...(slides.length ? { continued: true } : {}) });
  return slides;
}
