import { describe, expect, it } from 'vitest';
import { ALL_AREAS_AND_SUPPORTS, briefingFor, deckFor } from '../helpers/build.js';
import { deckView } from '../../src/render/view.js';
import { realCorpus } from '../helpers/corpus.js';
import { fullWidthPunctuation } from '../../src/render/typography.js';

const CJK = /[\u3400-\u9fff]/;

describe('the deck HTML', () => {
  it('lays the targets out as a timeline: years side by side when few, one band per year when a year has many', async () => {
    const { root } = await deckFor('title: T\nlanguage: bilingual\nsections: [targets]\n');
    const timeline = root.querySelector('#targets .timeline')!;
    expect(timeline.classList.contains('timeline-bands')).toBe(true);
    const years = timeline.querySelectorAll('.milestone');
    expect(years.map((y) => y.querySelector('.milestone-year')!.text.trim())).toEqual(['2027', '2030', '2035']);
    expect(years.map((y) => y.querySelectorAll('.milestone-rows > li').length)).toEqual([5, 4, 2]);
    expect(timeline.getAttribute('style')).toContain('--columns: 5');

    // The same section with at most three targets a year keeps the horizontal axis.
    const briefing = await briefingFor('title: T\nlanguage: en\nsections: [targets]\n');
    const section = briefing.slides.find((s) => s.type === 'timeline')!;
    if (section.type !== 'timeline') throw new Error('no timeline slide');
    const few = { ...section, section: { ...section.section, targets: section.section.targets!.filter((t, i, all) => all.slice(0, i).filter((u) => u.year === t.year).length < 2) } };
    const view = deckView({ ...briefing, slides: briefing.slides.map((s) => (s === section ? few : s)) });
    const slide = view.slides.find((s) => s.type === 'timeline')!;
    expect(slide.layout).toBe('columns');
    expect(slide.years!.map((y) => y.rows.length)).toEqual([2, 2, 2]);
  });

  it('has one <section> per slide, each content slide citing its place in the source, with notes', async () => {
    const { briefing, root } = await deckFor(ALL_AREAS_AND_SUPPORTS('en'));
    const sections = root.querySelectorAll('.slides > section');
    expect(sections).toHaveLength(briefing.slides.length);
    const content = root.querySelectorAll('section.slide-content');
    expect(content).toHaveLength(17 + 8);
    for (const s of content) {
      expect(s.querySelector('.slide-footer .cite')?.text, s.id).toMatch(/Part (II|III) \(\d+\)/);
      expect(s.querySelector('aside.notes')?.text.length, s.id).toBeGreaterThan(100);
      expect(s.querySelectorAll('ul.points > li').length).toBeGreaterThanOrEqual(2);
    }
    expect(root.querySelector('#industry-agriculture .cite')?.text).toBe('The Opinions, Part II (2) 3');
  });

  it('zh: every sentence of the 17 items and 8 supports is in the deck (slides or notes), in full-width punctuation', async () => {
    const { html, root } = await deckFor(ALL_AREAS_AND_SUPPORTS('zh'));
    expect(html).toContain('lang="zh-Hans"');
    const text = root.text;
    const corpus = await realCorpus();
    const sections = corpus.sections.filter((s) => s.kind === 'item' || s.kind === 'support');
    expect(sections).toHaveLength(25);
    let n = 0;
    for (const s of sections) {
      for (const sentence of s.text.zh.split(/(?<=[。;])/).map((x) => x.trim()).filter(Boolean)) {
        expect(text.includes(fullWidthPunctuation(sentence)), `${s.id}: ${sentence}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(90);
    // The corpus's half-width marks between Chinese characters are not shown; with `typography: source` they are.
    expect(text).not.toMatch(/[\u4e00-\u9fff][,:;][\u4e00-\u9fff]/);
    const source = await deckFor(`${ALL_AREAS_AND_SUPPORTS('zh')}typography: source\n`);
    expect(source.root.text).toContain('加快探索人工智能驱动的新型科研范式,加速“从0到1”重大科学发现进程。');
  });

  it('en: the visible text is English (Chinese only in the document number)', async () => {
    const { root } = await deckFor(ALL_AREAS_AND_SUPPORTS('en'));
    root.querySelectorAll('aside.notes, script').forEach((n) => n.remove());
    root.querySelectorAll('[lang="zh-Hans"]').forEach((n) => {
      expect(n.text.trim()).toMatch(/^国发〔2025〕11号$/);
      n.remove();
    });
    const visible = root.querySelector('.slides')!.text;
    const chinese = [...visible.matchAll(/[\u3400-\u9fff]+/g)].map((m) => m[0]);
    expect(chinese).toEqual([]);
    expect(visible).toContain('Over 70%');
  });

  it('en: names the AI+ Action as readers search for it once, and gives the number in English form', async () => {
    const { root } = await deckFor(ALL_AREAS_AND_SUPPORTS('en'));
    root.querySelectorAll('aside.notes').forEach((n) => n.remove());
    const text = root.querySelector('.slides')!.text;
    expect(text.split('widely known as the AI+ Initiative').length - 1).toBe(1);
    expect(root.querySelector('.slide-title .title-source')!.text).toContain('the AI+ Action (widely known as the AI+ Initiative)');
    expect(root.querySelector('.slide-title .doc-number')!.text).toBe('State Council [2025] Document No. 11');
    expect(root.querySelector('#sources .doc-number')!.text).toBe('State Council [2025] Document No. 11');
    const { briefView } = await import('../../src/render/brief-view.js');
    const bottom = briefView(await briefingFor(ALL_AREAS_AND_SUPPORTS('en'))).bottomLine.map((r) => r.text).join(' ');
    expect(bottom).toContain('(State Council [2025] Document No. 11)');
    expect(bottom).not.toMatch(/[\u4e00-\u9fff]/);
    // Chinese output keeps the number as printed, and no English name.
    const zh = (await deckFor(ALL_AREAS_AND_SUPPORTS('zh'))).root;
    expect(zh.querySelector('.slide-title .doc-number')!.text).toBe('国发〔2025〕11号');
    expect(zh.querySelector('.slide-title .doc-aka')).toBeNull();
  });

  it('sources: no stray "·" before the number or date of a document without an issuer', async () => {
    const { root } = await deckFor('title: T\nlanguage: en\nsections: [compute, explainer-why-now]\n');
    const metas = root.querySelectorAll('#sources .source-meta').map((m) => m.text.trim());
    expect(metas).toHaveLength(2);
    for (const m of metas) expect(m, m).not.toMatch(/^·|·$/);
    expect(metas[1]).toBe('2026-01-23');
    expect(metas[0]).toMatch(/^State Council of the People’s Republic of China · State Council \[2025\] Document No\. 11$/);
  });

  it('sources: the issuer and the number say their two languages apart, never run together', async () => {
    const meta = async (language: string) =>
      (await deckFor(`title: T\nlanguage: ${language}\nsections: [compute]\n`)).root.querySelector('#sources .source-meta')!.text;
    expect(await meta('bilingual')).toBe('国务院 State Council of the People’s Republic of China · 国发〔2025〕11号 State Council [2025] Document No. 11');
    expect(await meta('en')).toBe('State Council of the People’s Republic of China · State Council [2025] Document No. 11');
    expect(await meta('zh')).toBe('国务院 · 国发〔2025〕11号');
  });

  it('quotes from the explainer say "as reported by" it (a secondary source), on slides and the brief', async () => {
    const spec = 'title: T\nlanguage: bilingual\nsections: [{ area: science }]\n';
    const { root } = await deckFor(spec);
    const from = root.querySelectorAll('.slide-quote .quote-from').map((n) => n.text);
    expect(from.length).toBeGreaterThan(0);
    for (const f of from) expect(f).toBe('转引自解读文章（2026-01-23）As reported by the explainer article (2026-01-23)');
    const { briefView } = await import('../../src/render/brief-view.js');
    const view = briefView(await briefingFor(spec));
    expect(view.quotes.length).toBeGreaterThan(0);
    for (const q of view.quotes) expect(q.from.map((r) => r.text)).toEqual(['转引自解读文章（2026-01-23）', 'As reported by the explainer article (2026-01-23)']);
  });

  it('zh: the Chinese briefing writes itself is full-width (speakers, dates, separators, the sources label)', async () => {
    const { parse } = await import('node-html-parser');
    const { renderBrief } = await import('../../src/build.js');
    const { DEFAULTS } = await import('../../src/paths.js');
    const b = await briefingFor('title: T\nlanguage: zh\nsections: [{ area: science }, explainer-why-now]\n');
    const root = parse((await renderBrief(b, DEFAULTS.templates, DEFAULTS.themes)).html);
    const caption = root.querySelector('.quote figcaption')!.text;
    expect(caption).toMatch(/^— [^,]+，[^,]+ 转引自解读文章（2026-01-23）$/);
    expect(root.querySelector('footer.sources')!.text).toContain('（2026-01-23）');
    expect(root.querySelector('footer.sources')!.text).not.toMatch(/[\u4e00-\u9fff]\s*[,;(]/);
    const deck = (await deckFor('title: T\nlanguage: zh\nsections: [{ area: science }]\n')).root;
    expect(deck.querySelector('.notes-quote > p')!.text).toMatch(/^— \S+（[^()]+）$/);
  });

  it('bilingual: slides show Chinese first and English under it', async () => {
    const { root } = await deckFor(ALL_AREAS_AND_SUPPORTS('bilingual'));
    const runs = root.querySelectorAll('#compute .slide-heading .run');
    expect(runs.map((r) => r.getAttribute('lang'))).toEqual(['zh-Hans', 'en']);
    expect(CJK.test(runs[0]!.text)).toBe(true);
    expect(CJK.test(runs[1]!.text)).toBe(false);
  });

  it('escapes text from the spec: a title with HTML is shown as text', async () => {
    const { html, root } = await deckFor('title: "<script>alert(1)</script><img src=x onerror=alert(2)>"\nsubtitle: "a & b"\npresenter: "<b>me</b>"\nsections: [targets]\n');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(root.querySelector('h1.deck-heading')?.text).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(root.querySelectorAll('script').every((s) => s.getAttribute('src'))).toBe(true);
  });

  it('explains the 二(二)3 citations on the sources slide only when the deck has one', async () => {
    expect((await deckFor(ALL_AREAS_AND_SUPPORTS('en'))).root.querySelector('#sources .citation-note')?.text).toContain('Part II (2) 3');
    expect((await deckFor('title: T\nlanguage: en\nsections: [targets, compute]\n')).root.querySelector('#sources .citation-note')).toBeNull();
  });

  it('references only local assets: no http(s) URLs', async () => {
    const { html } = await deckFor(ALL_AREAS_AND_SUPPORTS('bilingual'));
    expect(html.match(/(?:src|href)="https?:/g)).toBeNull();
  });
});

describe('the brief’s bottom line', () => {
  const bottomLine = async (yaml: string) => {
    const { briefView } = await import('../../src/render/brief-view.js');
    const view = briefView(await briefingFor(yaml));
    return view.bottomLine.map((r) => r.text);
  };

  it('names the document and its shape, lists a small selection, and quotes the numeric targets exactly', async () => {
    const corpus = await realCorpus();
    const doc = corpus.documents.find((d) => d.id === 'ai-plus-opinions')!;
    const [en] = await bottomLine('title: T\nlanguage: en\nsections:\n  - targets\n  - area: industry\n  - support: [compute]\n');
    expect(en).toContain(`The ${doc.title.en} (${doc.numberEn}) set out six key areas and eight foundational supports.`);
    const industry = corpus.byId.get('industry')!.title.en;
    const compute = corpus.byId.get('compute')!.title.en;
    // The targets' title holds commas, so the list is split by semicolons; titles lose a leading capital.
    expect(en).toContain(`This brief covers targets for 2027, 2030 and 2035; ${industry}; and ${compute.charAt(0).toLowerCase()}${compute.slice(1)}.`);
    expect(industry.startsWith('\u201cAI+\u201d')).toBe(true);
    // Every number in the bottom line is one of the corpus's own target values.
    const values = corpus.byId.get('targets')!.targets!.map((t) => t.value.en.toLowerCase());
    for (const pct of en!.match(/over \d+%/g) ?? []) expect(values).toContain(pct);
    expect(en).toMatch(/over 70% by 2027 and over 90% by 2030\.$/);
  });

  it('counts two with 两 in Chinese (两个重点领域, not 二个)', async () => {
    const { readFile } = await import('node:fs/promises');
    const spec = (await readFile('specs/governance-safety.yaml', 'utf8')).replace('language: bilingual', 'language: zh');
    const [zh] = await bottomLine(spec);
    expect(zh).toContain('本简报梳理其中的两个重点领域、两项基础支撑和其他一个部分。');
    expect(zh).not.toMatch(/二[个项]/);
  });

  it('counts a large selection, says "all" when every area is in, and reads as Chinese in zh', async () => {
    const [en] = await bottomLine(ALL_AREAS_AND_SUPPORTS('en'));
    expect(en).toContain('This brief covers its targets, all six key areas and all eight foundational supports.');
    const [zh] = await bottomLine(ALL_AREAS_AND_SUPPORTS('zh'));
    expect(zh).toMatch(/^《[^》]+》（国发〔2025〕11号）提出六个重点领域和八项基础支撑。本简报梳理其中的主要目标、全部六个重点领域和全部八项基础支撑。目标：/);
    expect(zh).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('claims no "key areas" for a document whose areas are only its structure (an imported plan or regulation)', async () => {
    const { select } = await import('../../src/select/select.js');
    const { parseSpec } = await import('../../src/spec/parse.js');
    const { briefView } = await import('../../src/render/brief-view.js');
    const real = await realCorpus();
    const base = real.byId.get('industry')!;
    const part = { ...base, id: 'plan-1', doc: 'plan', parent: undefined, tags: [], file: 'plan/plan-1.md' };
    const doc = { ...real.documents[0]!, id: 'plan', order: 9, number: undefined, taxonomy: undefined, file: 'plan/_document.yaml' };
    const corpus = { ...real, documents: [...real.documents, doc], sections: [...real.sections, part], byId: new Map([...real.byId, ['plan-1', part]]) };
    const view = briefView(select(parseSpec('title: T\nlanguage: en\nsections: [plan-1]\n', 's.yaml'), corpus));
    const text = view.bottomLine.map((r) => r.text).join(' ');
    expect(text).not.toMatch(/key area|foundational support/);
    expect(text).toMatch(/^This brief covers /);
  });

  it('is the spec’s own when it gives one', async () => {
    expect(await bottomLine('title: T\nlanguage: en\nsections: [targets]\nbrief:\n  bottomLine: "Act <now>."\n')).toEqual(['Act <now>.']);
  });
});
