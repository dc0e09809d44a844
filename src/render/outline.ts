import type { Bilingual } from '../corpus/types.js';
import type { OutlineEntry } from '../export/outline.js';
import type { Briefing } from '../select/types.js';
import { langsFor } from './view.js';

/**
 * The deck's bookmarks from its slides: the title slide at the top; agenda, timeline, each area (its items nested
 * under it), each support, quotes and sources below it. Page n is slide n.
 */
export function deckOutline(b: Briefing): OutlineEntry[] {
  const langs = langsFor(b.language);
  const text = (t: Bilingual) => langs.map((l) => t[l]).join(' / ');
  const label = (zh: string, en: string) => text({ zh, en });
  const children: OutlineEntry[] = [];
  let area: OutlineEntry | undefined;
  let areaItems: readonly unknown[] = [];
  b.slides.forEach((s, i) => {
    const page = i + 1;
    switch (s.type) {
      case 'title':
        return;
      case 'heading':
        area = { title: text(s.section.title), page, children: [] };
        areaItems = s.children;
        children.push(area);
        return;
      case 'content':
        if (area && areaItems.includes(s.section)) {
          area.children!.push({ title: text(s.section.title), page });
          return;
        }
        area = undefined;
        children.push({ title: text(s.section.title), page });
        return;
      case 'timeline':
        area = undefined;
        children.push({ title: text(s.section.title), page });
        return;
      case 'quote': {
        const target = area?.children ?? children;
        const who = s.quote.speakers.map((id) => b.speakers.get(id)).filter((x) => !!x).map((x) => text(x!.name)).join(', ');
        target.push({ title: `“${who}”`, page });
        return;
      }
      case 'agenda':
        if (s.continued) return; // one bookmark for the agenda, on its first slide
        children.push({ title: label('议程', 'Agenda'), page });
        return;
      case 'sources':
        area = undefined;
        children.push({ title: label('资料来源', 'Sources'), page });
        return;
    }
  });
  return [{ title: b.meta.title, page: 1, children }];
}
