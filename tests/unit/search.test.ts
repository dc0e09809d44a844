/** Search on a tiny synthetic corpus: the tokenizer, ranking, fallbacks, filters, snippets and spec lines. */
import { describe, expect, it } from 'vitest';
import type { Corpus, DocumentMeta, Quote, Section } from '../../src/corpus/types.js';
import { UserError } from '../../src/errors.js';
import { search, specForms, suggest } from '../../src/search/index.js';
import { sentences, shorten } from '../../src/search/snippet.js';
import { queryWords, stem, tokenize } from '../../src/search/tokenize.js';
import { BRACKETS, formatResult, marked, noResults } from '../../src/cli/search.js';

const bi = (zh: string, en: string) => ({ zh, en });

function section(p: Partial<Section> & Pick<Section, 'id' | 'doc'>): Section {
  return {
    kind: 'section', order: 0, cite: bi('一', 'Part I'), title: bi('', ''), points: { zh: [], en: [] }, text: bi('', ''),
    tags: [], untranslated: [], file: `${p.id}.md`, ...p,
  };
}

function corpusOf(sections: Section[], quotes: Quote[] = []): Corpus {
  const docs: DocumentMeta[] = [...new Set(sections.map((s) => s.doc))].map((id, order) => ({ id, kind: 'policy', order, title: bi(id, id), short: bi(id, id), file: `${id}/_document.yaml` }));
  // plan-a declares two groups: its areas and its supports (the spec lines come from them).
  const member = (key: string) => ({ key, section: key, aliases: [], keywords: [] });
  const group = (key: string, members: string[]) => ({ key, noun: bi(key, key), plural: `${key}s`, classifier: '个', members: members.map(member) });
  for (const d of docs) if (d.id === 'plan-a') d.taxonomy = { verb: bi('提出', 'sets out'), groups: [group('area', ['mobility']), group('support', ['data'])] };
  return {
    root: '/synthetic', documents: docs, sections, byId: new Map(sections.map((s) => [s.id, s])),
    speakers: new Map([['li', { id: 'li', name: bi('李明', 'Li Ming'), role: bi('教授', 'Professor') }]]),
    quotes, quotesById: new Map(quotes.map((q) => [q.id, q])),
  };
}

const corpus = corpusOf(
  [
    section({ id: 'mobility', doc: 'plan-a', kind: 'area', title: bi('智慧出行', 'Smart mobility'), cite: bi('二(一)', 'Part II (1)'), number: 1 }),
    section({
      id: 'mobility-cars', doc: 'plan-a', kind: 'item', parent: 'mobility', number: 2, cite: bi('二(一)2', 'Part II (1) 2'),
      title: bi('发展智能网联汽车', 'Developing intelligent connected vehicles'),
      points: { zh: ['推广智能网联汽车'], en: ['Promote intelligent connected vehicles'] },
      text: bi('大力发展智能网联汽车。加强道路测试。', 'Vigorously develop intelligent connected vehicles. Strengthen road testing.'),
    }),
    // 汽 and 车 both occur, never side by side: not a match for 汽车.
    section({ id: 'fuel', doc: 'plan-a', title: bi('汽油与火车', 'Petrol and trains'), text: bi('保障汽油供应,发展火车运输。', 'Secure petrol supply; develop rail transport.') }),
    section({ id: 'data', doc: 'plan-a', kind: 'support', title: bi('数据供给', 'Data supply'), text: bi('建设高质量数据集。', 'Build high-quality datasets.'), tags: ['data'] }),
    section({ id: 'roads', doc: 'plan-b', title: bi('道路建设', 'Road building'), text: bi('道路数据共享,服务车辆出行。', 'Share road data; serve vehicles on the move.') }),
  ],
  [{ id: 'li-cars', doc: 'plan-b', speakers: ['li'], kind: 'direct', text: bi('汽车正在变成移动的智能终端。', 'Cars are becoming intelligent terminals on wheels.'), tags: [], file: 'quotes.yaml' }],
);

const ids = (q: string, o = {}) => search(corpus, q, o).hits.map((h) => h.id);

describe('tokenizer', () => {
  it('indexes Chinese as characters and overlapping pairs, with their offsets', () => {
    const t = tokenize('发展汽车。');
    expect(t.map((x) => x.term)).toEqual(['发', '发展', '展', '展汽', '汽', '汽车', '车']);
    const car = t.find((x) => x.term === '汽车')!;
    expect('发展汽车。'.slice(car.start, car.end)).toBe('汽车');
  });

  it('folds English to lower case and a simple singular; full-width to ASCII; keeps possessives in the word', () => {
    expect(tokenize('Connected Vehicles, POLICIES; boxes; China’s ＡＩ data').map((t) => t.term)).toEqual(['connected', 'vehicle', 'policy', 'box', 'china', 'ai', 'data']);
    expect(['status', 'analysis', 'process', 'bus', 'days'].map(stem)).toEqual(['status', 'analysis', 'process', 'bus', 'days']);
  });

  it('a query is words: Chinese runs become their bigrams; stopwords go unless nothing else is left', () => {
    expect(queryWords('智能网联汽车')).toEqual([{ text: '智能网联汽车', cjk: true, terms: ['智能', '能网', '网联', '联汽', '汽车'] }]);
    expect(queryWords('the safety of data').map((w) => w.text)).toEqual(['safety', 'data']);
    expect(queryWords('the').map((w) => w.text)).toEqual(['the']);
    expect(queryWords('data DATA data').length).toBe(1);
    expect(queryWords('…—!')).toEqual([]);
  });
});

describe('search', () => {
  it('汽车 finds 智能网联汽车 (and the quote), not a text with 汽 and 车 apart', () => {
    expect(ids('汽车')).toEqual(['mobility-cars', 'li-cars']);
    expect(ids('汽车')).not.toContain('fuel');
  });

  it('English: case and plurals do not matter; every word must match', () => {
    expect(ids('Connected Vehicle')).toEqual(['mobility-cars']);
    expect(ids('vehicles')).toEqual(['mobility-cars', 'roads']);
    expect(ids('dataset')).toEqual(['data']);
    // "data" also begins "datasets": a prefix match from four letters.
    expect(ids('data')).toContain('data');
  });

  it('ranks a match in the title above one in the text; an entry whose id is the query first', () => {
    expect(ids('道路')[0]).toBe('roads');
    expect(ids('road')[0]).toBe('roads');
    expect(ids('data')[0]).toBe('data');
  });

  it('searches the language of the query, or the one asked for', () => {
    const r = search(corpus, '汽车');
    expect(r.lang).toBe('zh');
    expect(r.hits[0]!.title).toBe('发展智能网联汽车');
    expect(search(corpus, 'vehicles').lang).toBe('en');
    expect(search(corpus, '汽车', { lang: 'en' }).hits).toEqual([]);
  });

  it('when nothing has every word, entries with some of them, marked partial', () => {
    const all = search(corpus, 'vehicles petrol');
    expect(all.partial).toBe(true);
    expect(all.hits.map((h) => h.id).sort()).toEqual(['fuel', 'mobility-cars', 'roads']);
    expect(search(corpus, 'connected vehicles').partial).toBe(false);
  });

  it('--doc filters, and an unknown document is a user error with a suggestion', () => {
    expect(ids('vehicles', { doc: 'plan-b' })).toEqual(['roads']);
    expect(() => search(corpus, 'vehicles', { doc: 'plan-c' })).toThrow(UserError);
    let caught: unknown;
    try {
      search(corpus, 'x', { doc: 'plan-bb' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).details).toMatchObject({ hint: 'did you mean "plan-b"?', found: '"plan-bb"' });
  });

  it('limit keeps the best, total counts them all', () => {
    const r = search(corpus, '汽车', { limit: 1 });
    expect(r.hits.map((h) => h.id)).toEqual(['mobility-cars']);
    expect(r.total).toBe(2);
  });

  it('no match: no hits, not partial; a typo gets a suggestion', () => {
    const r = search(corpus, 'xylophone');
    expect(r).toMatchObject({ hits: [], total: 0, partial: false });
    expect(suggest(corpus, 'vehicels')).toBe('vehicle');
    expect(suggest(corpus, '汽车')).toBeUndefined();
  });

  it('the matching line has the match marked, at the right offsets', () => {
    const h = search(corpus, '汽车').hits[0]!;
    expect(h.line.field).toBe('points');
    expect(h.line.marks.map(([s, e]) => h.line.text.slice(s, e))).toEqual(['汽车']);
    expect(marked(h.line, BRACKETS)).toBe('推广智能网联[汽车]');
    const en = search(corpus, 'road testing').hits[0]!;
    expect(en.line.field).toBe('text');
    expect(marked(en.line, BRACKETS)).toBe('Strengthen [road testing].');
  });

  it('a quote is found by its words and its speaker, cited by the speaker', () => {
    const h = search(corpus, 'Li Ming').hits[0]!;
    expect(h).toMatchObject({ kind: 'quote', id: 'li-cars', cite: 'Li Ming', title: 'Professor', spec: ['- quote: li-cars'] });
    expect(h.line.text).toBe('Cars are becoming intelligent terminals on wheels.');
  });
});

describe('spec lines', () => {
  it('an area, a support, an item of an area, any other section', () => {
    expect(specForms(corpus, corpus.byId.get('mobility')!)).toEqual(['- area: mobility', '- mobility']);
    expect(specForms(corpus, corpus.byId.get('data')!)).toEqual(['- support: data', '- data']);
    expect(specForms(corpus, corpus.byId.get('mobility-cars')!)).toEqual(['- mobility-cars', '- { area: mobility, items: [2] }']);
    expect(specForms(corpus, corpus.byId.get('roads')!)).toEqual(['- roads']);
  });
});

describe('snippets', () => {
  it('Markdown text as one sentence a line, markup removed', () => {
    expect(sentences('First **bold** one. Second [link](x) one.\n- a list item;\n加强测试。推广应用!')).toEqual(['First bold one.', 'Second link one.', 'a list item;', '加强测试。', '推广应用!']);
  });

  it('a long line is cut around its first match, the marks moved with it', () => {
    const text = `${'word '.repeat(40)}target ${'more '.repeat(40)}`.trim();
    const at = text.indexOf('target');
    const s = shorten(text, [[at, at + 6]], 60);
    expect(s.text.length).toBeLessThanOrEqual(64);
    expect(s.text.startsWith('…') && s.text.endsWith('…')).toBe(true);
    expect(s.marks.map(([a, b]) => s.text.slice(a, b))).toEqual(['target']);
  });
});

describe('what the CLI prints', () => {
  it('id, citation, title, the marked line and the spec lines; a count and a hint to use one', () => {
    const lines = formatResult(search(corpus, '汽车'), BRACKETS);
    expect(lines[0]).toBe('1 section and 1 quote for "汽车" (zh), best first:');
    expect(lines).toContain(' 1. mobility-cars  二(一)2  发展智能网联汽车');
    expect(lines).toContain('    推广智能网联[汽车]');
    expect(lines).toContain('    spec: - mobility-cars    or: - { area: mobility, items: [2] }');
    expect(lines.at(-1)).toMatch(/under "sections:"/);
  });

  it('no results: says what was searched and what to try', () => {
    const r = search(corpus, '汽车', { lang: 'en' });
    expect(formatResult(r)).toEqual([]);
    const msg = noResults(r, 'plan-a', undefined).join('\n');
    expect(msg).toContain('no section or quote matches "汽车" in plan-a (searched the English text)');
    expect(msg).toContain('the words are Chinese');
    expect(msg).toContain('leave out --doc plan-a');
  });
});
