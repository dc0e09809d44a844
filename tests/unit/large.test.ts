/** Documents of any size: the agenda grouped and continued, the brief rolled up, short items laid out to fill. */
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { prepare, renderBrief, renderDeck } from '../../src/build.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';
import { briefView } from '../../src/render/brief-view.js';
import { deckView } from '../../src/render/view.js';
import { AGENDA_PLAIN, AGENDA_UNITS, agendaSlides } from '../../src/select/agenda.js';
import type { AgendaEntry } from '../../src/select/types.js';
import { parseSpec } from '../../src/spec/parse.js';
import { briefingFor } from '../helpers/build.js';

const LARGE = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'corpus-large');
const ARTICLES = Array.from({ length: 52 }, (_, i) => `large-rules-article-${i + 1}`);
const large = async (yaml: string) => prepare(parseSpec(yaml, 'large.yaml'), await loadCorpus(LARGE), DEFAULTS.themes);
const everyArticle = (language: string) => `title: Every article\nlanguage: ${language}\nsections:\n${ARTICLES.map((a) => `  - ${a}\n`).join('')}`;

const entry = (i: number, part: number): AgendaEntry => ({
  title: { zh: `条目${i}`, en: `Entry ${i}` },
  cite: { zh: `${i}`, en: `${i}` },
  part: { id: `p${part}`, title: { zh: `部分${part}`, en: `Part ${part}` }, cite: { zh: `${part}`, en: `${part}` } },
});

describe('the agenda of a long deck', () => {
  it('stays one plain list up to the limit', () => {
    const slides = agendaSlides(Array.from({ length: AGENDA_PLAIN }, (_, i) => entry(i + 1, 1)), 'bilingual');
    expect(slides).toHaveLength(1);
    expect(slides[0]).toMatchObject({ type: 'agenda', grouped: false, first: 1 });
  });

  it('groups 52 entries by part over several slides, numbered on, each within its budget', () => {
    const entries = Array.from({ length: 52 }, (_, i) => entry(i + 1, Math.floor(i / 8) + 1));
    for (const language of ['zh', 'bilingual'] as const) {
      const slides = agendaSlides(entries, language);
      expect(slides.length).toBeGreaterThan(1);
      const per = language === 'bilingual' ? 3 : 2;
      let n = 1;
      slides.forEach((s, k) => {
        if (s.type !== 'agenda') throw new Error('not an agenda slide');
        expect(s.grouped).toBe(true);
        expect(s.first).toBe(n);
        expect(!!s.continued).toBe(k > 0);
        const parts = s.entries.filter((e, j) => j === 0 || e.part!.id !== s.entries[j - 1]!.part!.id).length;
        expect(parts * per + s.entries.length * per).toBeLessThanOrEqual(AGENDA_UNITS);
        n += s.entries.length;
      });
      expect(n - 1).toBe(52);
    }
  });

  it('renders part headings, continued parts and numbers that go on from the slide before', async () => {
    const b = await large(everyArticle('zh'));
    const agenda = b.slides.filter((s) => s.type === 'agenda');
    expect(agenda.length).toBeGreaterThanOrEqual(2);
    const view = deckView(b).slides.filter((s) => s.type === 'agenda');
    expect(view[0]!.title!.map((r) => r.text)).toEqual(['议程']);
    expect(view[1]!.title!.map((r) => r.text)).toEqual(['议程（续）']);
    expect(view[0]!.agendaParts![0]!.title!.map((r) => r.text)).toEqual(['总则']);
    const numbers = view.flatMap((v) => v.agendaParts!.flatMap((p) => p.entries.map((e) => e.n)));
    expect(numbers).toEqual(ARTICLES.map((_, i) => i + 1));
    const chapters = view.flatMap((v) => v.agendaParts!.filter((p) => !p.continued).map((p) => p.title!.map((r) => r.text).join('')));
    expect(chapters).toEqual(['总则', '服务规范', '数据安全', '促进发展', '监督管理', '法律责任', '附则']);
    const { html } = await renderDeck(b, DEFAULTS.templates, DEFAULTS.themes);
    const root = parse(html);
    expect(root.querySelectorAll('.slide-agenda .agenda-part-title').length).toBeGreaterThanOrEqual(7);
    expect(root.querySelectorAll('.slide-agenda li').length).toBe(52);
  });
});

describe('the brief of a whole large selection', () => {
  it('carries the blocks rolled up into their parts, then into the top of the document', async () => {
    const view = briefView(await large(everyArticle('zh')));
    expect(view.blocks).toHaveLength(52);
    expect(view.rollups.map((r) => r.what)).toEqual(['items rolled up into their parts', 'only the titles of what is selected']); // the chapters are the top
    const chapters = view.rollups[0]!.blocks;
    expect(chapters.map((c) => c.id)).toEqual(Array.from({ length: 7 }, (_, i) => `large-rules-chapter-${i + 1}`));
    expect(chapters.reduce((n, c) => n + c.points.length, 0)).toBe(52);
    const { html } = await renderBrief(await large(everyArticle('zh')), DEFAULTS.templates, DEFAULTS.themes);
    const root = parse(html);
    expect(root.querySelectorAll('.blocks[data-rollup]')).toHaveLength(3);
    const titles = view.rollups[1]!;
    expect(titles.inline).toBe(true);
    expect(titles.blocks).toHaveLength(1);
    expect(titles.blocks[0]!.points).toHaveLength(52);
    expect(root.querySelector('.blocks[data-rollup="1"]')!.hasAttribute('hidden')).toBe(true);
    expect(root.querySelectorAll('[id^="block-"]')).toHaveLength(52); // ids stay unique: rolled-up blocks have none
  });

  it('the Opinions roll up items into areas and areas into parts 二 and 三', async () => {
    const b = await briefingFor(`title: T\nlanguage: en\nsections:\n${['industry-agriculture', 'industry-native', 'science-rnd', 'compute', 'data'].map((s) => `  - ${s}\n`).join('')}`);
    const view = briefView(b);
    expect(view.rollups.map((r) => r.blocks.map((x) => x.id))).toEqual([
      ['industry', 'science', 'foundational-supports'],
      ['key-actions', 'foundational-supports'],
      ['ai-plus-opinions'],
    ]);
  });
});

describe('a slide of one short sentence', () => {
  it('gets the short layout, and a point that only repeats the title is not shown twice', async () => {
    const b = await large('title: T\nlanguage: zh\nsections: [large-rules-article-52, large-rules-article-3]\n');
    const slides = deckView(b).slides.filter((s) => s.type === 'content');
    const last = slides.find((s) => s.id === 'large-rules-article-52')!;
    expect(last.short).toBe(true);
    expect(last.points).toEqual([]);
    const { html } = await renderDeck(b, DEFAULTS.templates, DEFAULTS.themes);
    expect(parse(html).querySelector('#large-rules-article-52')!.classList.contains('slide-short')).toBe(true);
  });

  it('keeps the usual layout for a slide of several points', async () => {
    const b = await briefingFor('title: T\nlanguage: en\nsections: [compute]\n');
    expect(deckView(b).slides.find((s) => s.id === 'compute')!.short).toBeUndefined();
  });
});
