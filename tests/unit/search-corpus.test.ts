/** Search against the real corpus: real queries in Chinese and English find the sections a reader would expect. */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { search } from '../../src/search/index.js';
import { realCorpus } from '../helpers/corpus.js';

const top = async (q: string, n = 3, o = {}) => search(await realCorpus(), q, o).hits.slice(0, n).map((h) => h.id);

describe('search the real corpus', () => {
  it('汽车 finds 智能网联汽车: the product-consumption item first, the explainer on the six areas too', async () => {
    const r = search(await realCorpus(), '汽车');
    expect(r.hits.map((h) => h.id)).toEqual(['consumption-products', 'explainer-areas']);
    expect(r.hits[0]).toMatchObject({ cite: '二(三)2', title: '培育产品消费新业态' });
    expect(r.hits[0]!.line.text).toContain('智能网联汽车');
  });

  it('"connected vehicles" finds the same section first', async () => {
    expect(await top('connected vehicles', 2)).toEqual(['consumption-products', 'explainer-areas']);
    expect(await top('Connected Vehicle', 1)).toEqual(['consumption-products']);
  });

  it('数据 and "data": the data support first, then the sections that talk about data', async () => {
    const zh = search(await realCorpus(), '数据');
    expect(zh.hits[0]!.id).toBe('data');
    expect(zh.total).toBeGreaterThan(8);
    expect(zh.hits.map((h) => h.id)).toEqual(expect.arrayContaining(['science-discovery', 'open-source', 'global-inclusive']));
    expect(await top('data', 1)).toEqual(['data']);
  });

  it('算力: the compute support first; its part and the inclusive-sharing item follow', async () => {
    const ids = await top('算力', 6);
    expect(ids[0]).toBe('compute');
    expect(ids).toEqual(expect.arrayContaining(['foundational-supports', 'global-inclusive']));
    expect(await top('computing power', 1)).toEqual(['compute']);
  });

  it('"open source": the open-source support first, then the item on making AI open source', async () => {
    expect(await top('open source', 2)).toEqual(['open-source', 'global-inclusive']);
    expect(await top('开源', 1)).toEqual(['open-source']);
  });

  it('"safety": the safety support (its key) first, then work-safety supervision in security governance', async () => {
    expect(await top('safety', 2)).toEqual(['safety', 'governance-security']);
    expect(await top('安全', 2)).toEqual(expect.arrayContaining(['safety', 'governance-security']));
  });

  it('--doc keeps one document; quotes are found by their speaker', async () => {
    const r = search(await realCorpus(), '数据', { doc: 'ai-plus-explainer' });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.every((h) => h.doc === 'ai-plus-explainer')).toBe(true);
    const q = search(await realCorpus(), '鄂维南').hits.filter((h) => h.kind === 'quote');
    expect(q.length).toBeGreaterThanOrEqual(4);
    expect(q.every((h) => h.cite === '鄂维南' && h.spec[0] === `- quote: ${h.id}`)).toBe(true);
  });

  it('a query with no results finds nothing', async () => {
    expect(search(await realCorpus(), 'blockchain cryptocurrency').hits).toEqual([]);
    expect(search(await realCorpus(), '区块链').hits).toEqual([]);
  });
});

describe('briefing search', () => {
  it('prints id, citation, title, the marked line and how to put it in a spec; exit 0', async () => {
    const r = await cli('search', '汽车');
    expect(r.code).toBe(0);
    expect(r.out).toContain(' 1. consumption-products  二(三)2  培育产品消费新业态');
    expect(r.out).toContain('大力发展智能网联[汽车]、人工智能手机和电脑等新一代智能终端');
    expect(r.out).toContain('spec: - consumption-products    or: - { area: consumption, items: [2] }');
    const en = await cli('search', 'connected', 'vehicles', '--limit', '1');
    expect(en.out).toContain(' 1. consumption-products  Part II (3) 2  Fostering new business forms in product consumption');
    expect(en.out).toContain('intelligent [connected vehicles]');
    expect(en.out).toContain('1 more: --limit 2 shows them all');
  });

  it('--json: the same hits as data', async () => {
    const r = await cli('search', '算力', '--json', '-n', '2');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out) as { lang: string; total: number; hits: Array<{ id: string; spec: string[]; line: { text: string; marks: number[][] } }> };
    expect(data.lang).toBe('zh');
    expect(data.hits.map((h) => h.id)[0]).toBe('compute');
    expect(data.hits).toHaveLength(2);
    expect(data.hits[0]!.spec[0]).toBe('- support: compute');
    const [s, e] = data.hits[0]!.line.marks[0]!;
    expect(data.hits[0]!.line.text.slice(s, e)).toBe('算力');
  });

  it('no results: a message and a hint on stderr, exit 1', async () => {
    const r = await cli('search', 'vehicels');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('no section or quote matches "vehicels"');
    expect(r.err).toContain('did you mean "vehicle"?');
    const lang = await cli('search', '汽车', '--lang', 'en');
    expect(lang.code).toBe(1);
    expect(lang.err).toContain('the words are Chinese');
  });

  it('bad flags: exit 2 with a suggestion', async () => {
    const doc = await cli('search', 'data', '--doc', 'ai-plus-opinons');
    expect(doc.code).toBe(2);
    expect(doc.err).toContain('unknown document "ai-plus-opinons"');
    expect(doc.err).toContain('did you mean "ai-plus-opinions"?');
    expect((await cli('search', 'data', '--limit', '0')).code).toBe(2);
    const lang = await cli('search', 'data', '--lang', 'english');
    expect(lang.code).toBe(2);
    expect(lang.err).toContain('did you mean "--lang en"?');
    const none = await cli('search', '!!!');
    expect(none.code).toBe(2);
    expect(none.err).toContain('nothing to search for');
    expect((await cli('search')).code).toBe(2);
  });
});
