import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { prepare, renderDeck } from '../../src/build.js';
import { listCorpus } from '../../src/cli/list.js';
import { corpusTree, specYaml, stateFromSpec } from '../../src/compose/state.js';
import { DEFAULTS } from '../../src/paths.js';
import { briefView } from '../../src/render/brief-view.js';
import { select } from '../../src/select/select.js';
import { parseSpec } from '../../src/spec/parse.js';
import { allErrors } from '../helpers/errors.js';
import { syntheticCorpus } from '../helpers/corpus.js';

// Selection, rendering, the brief and the composer on a corpus of two made-up documents whose groups are their own:
// nothing here depends on the real corpus or its keys.
const run = async (sections: string, extra = '') => select(parseSpec(`title: T\nlanguage: en\n${extra}sections:\n${sections}`, 's.yaml'), await syntheticCorpus());
const errorsOf = async (sections: string) => allErrors(await run(sections).catch((e: unknown) => e));
const ids = (b: Awaited<ReturnType<typeof run>>) => b.groups.map((g) => (g.kind === 'quotes' || g.kind === 'own' ? g.kind : `${g.kind}:${g.section.id}`));

describe('a corpus whose documents declare their own groups', () => {
  it('loads both documents with their taxonomies; the tags are their member keys', async () => {
    const c = await syntheticCorpus();
    expect(c.documents.map((d) => [d.id, d.taxonomy?.groups.map((g) => g.key)])).toEqual([
      ['city-plan', ['measure', 'pillar']],
      ['harbour-rules', ['topic']],
    ]);
    expect(c.byId.get('streets')!.tags).toEqual(['roads']);
  });

  it('selects each document by its own group keys, a member by its key even when its section id differs', async () => {
    const b = await run('  - city-targets\n  - measure: transit\n  - measure: roads\n    items: [2]\n  - pillar: [funding, skills]\n  - topic: [shipping, ports]\n');
    expect(ids(b)).toEqual(['targets:city-targets', 'area:transit', 'area:streets', 'support:funding', 'support:skills', 'section:harbour-art-4', 'section:harbour-art-3']);
    const streets = b.groups[2]!;
    expect(streets.kind === 'area' && streets.items.map((i) => i.id)).toEqual(['streets-cycling']);
    const transit = b.groups[1]!;
    expect(transit.kind === 'area' && transit.quotes.map((q) => q.id)).toEqual(['li-ming-buses']);
    expect(b.documents.map((d) => d.id)).toEqual(['city-plan', 'harbour-rules']);
  });

  it('reports unknown members and keys at their place, with suggestions from the documents\' own keys and aliases', async () => {
    const errs = await errorsOf('  - measure: trnsit\n  - pillar: [skills, money]\n  - mesure: roads\n  - area: transit\n  - measure: transit\n    items: [3]\n  - pillar: funding\n    items: [1]\n');
    const byLine = Object.fromEntries(errs.map((e) => [e.details.location?.line, e]));
    expect([byLine[4]?.message, byLine[4]?.details.expected, byLine[4]?.details.hint, byLine[4]?.details.location?.column]).toEqual([
      'unknown measure "trnsit"', 'one of transit, roads', 'did you mean "transit"?', 14,
    ]);
    expect([byLine[5]?.message, byLine[5]?.details.hint, byLine[5]?.details.location?.column]).toEqual(['unknown pillar "money"', 'did you mean "funding"?', 22]);
    expect([byLine[6]?.message, byLine[6]?.details.hint]).toEqual(['unknown key "mesure" in sections[2]', 'did you mean "measure"?']);
    expect([byLine[7]?.message, byLine[7]?.details.expected]).toEqual(['unknown key "area" in sections[3]', '"measure", "pillar", "topic", "quote", "doc", "slide", "file"']);
    expect([byLine[9]?.message, byLine[9]?.details.expected]).toEqual(['measure "transit" has no item 3', 'item numbers 1, 2']);
    expect(byLine[11]?.message).toBe('pillar "funding" has no items');
    expect(errs).toHaveLength(6);
  });

  it('renders the deck: a measure is a heading with one slide per item; a topic is one slide', async () => {
    const parsed = parseSpec('title: Harbour and city\nlanguage: en\nsections:\n  - measure: transit\n  - topic: ports\ndeck: { quotes: false }\n', 's.yaml');
    const briefing = await prepare(parsed, await syntheticCorpus(), DEFAULTS.themes);
    const { html } = await renderDeck(briefing, DEFAULTS.templates, DEFAULTS.themes);
    const root = parse(html);
    const titles = root.querySelectorAll('.slides > section h2, .slides > section h3').map((h) => h.text.trim());
    expect(titles).toEqual(expect.arrayContaining(['Smart public transport', 'Rolling out smart buses', 'Building smart rail', 'Duties of port operators']));
    expect(html).toContain('Port operators shall register harbour data');
    expect(html).not.toMatch(/AI\+|Opinions/);
  });

  it('the brief says what each document sets out in its own words and counts', async () => {
    const line = async (sections: string, language = 'en') => {
      const b = select(parseSpec(`title: T\nlanguage: ${language}\nsections:\n${sections}`, 's.yaml'), await syntheticCorpus());
      return briefView(b).bottomLine.map((r) => r.text).join(' ');
    };
    const all = '  - city-targets\n  - measure: transit\n  - measure: roads\n  - pillar: [funding]\n  - city-implementation\n';
    expect(await line(all)).toBe(
      'The Riverside City Smart Transport Plan (河政发〔2030〕1号) sets out two key measures and two support pillars. This brief covers its targets, both key measures, one support pillar and one other part. Targets: public transport share over 60% by 2035.',
    );
    expect(await line(all, 'zh')).toContain('《河滨市智慧交通发展规划》（河政发〔2030〕1号）提出两项重点举措和两个保障支柱。');
    expect(await line('  - topic: [ports, shipping]\n')).toMatch(/^The Harbour Data Rules lay down two regulated matters\. This brief covers /);
  });
});

describe('whole documents of the synthetic corpus', () => {
  it('show a divider for each top-level part without text of its own, and "parts:" picks parts by number', async () => {
    const b = await run('  - doc: city-plan\n  - doc: harbour-rules\n', 'deck: { quotes: false }\n');
    expect(ids(b)).toEqual([
      'section:city-preamble', 'section:city-general', 'targets:city-targets', 'part:city-measures', 'area:transit', 'area:streets',
      'part:city-supports', 'support:funding', 'support:skills', 'section:city-implementation', 'section:harbour-general', 'part:harbour-duties',
      'section:harbour-art-3', 'section:harbour-art-4',
    ]);
    expect(b.slides.filter((s) => s.type === 'heading').map((s) => (s.type === 'heading' ? s.section.id : ''))).toEqual(['city-measures', 'transit', 'streets', 'city-supports', 'harbour-duties']);
    expect(ids(await run('  - doc: city-plan\n    parts: [3]\n'))).toEqual(['part:city-supports', 'support:funding', 'support:skills']);
    const [e] = await errorsOf('  - doc: harbour-rules\n    parts: [3]\n');
    expect([e!.message, e!.details.expected, e!.details.location?.line]).toEqual(['document "harbour-rules" has no part 3', 'part numbers 1, 2', 5]);
  });

  it('the composer keeps "parts:" of a document entry', async () => {
    const state = stateFromSpec(parseSpec('title: T\nsections:\n  - doc: city-plan\n    parts: [2, 3]\n', 's.yaml').spec, await syntheticCorpus());
    expect(state.entries).toEqual([{ kind: 'doc', doc: 'city-plan', parts: [2, 3] }]);
    expect(specYaml(state)).toContain('  - doc: city-plan\n    parts:\n      - 2\n      - 3\n');
  });

  it('an excluded part takes its divider and its members with it', async () => {
    const b = await run('  - doc: city-plan\n', 'exclude: [city-measures]\n');
    expect(ids(b).filter((x) => /measures|transit|streets/.test(x))).toEqual([]);
  });
});

describe('the composer and list on the synthetic corpus', () => {
  it('shows the groups in the tree and writes them back as the spec names them', async () => {
    const corpus = await syntheticCorpus();
    const tree = corpusTree(corpus);
    expect(tree.groups.map((g) => `${g.doc}:${g.key}:${g.members.join(',')}`)).toEqual(['city-plan:measure:transit,roads', 'city-plan:pillar:funding,skills', 'harbour-rules:topic:ports,shipping']);
    const streets = tree.documents[0]!.nodes.find((n) => n.id === 'streets')!;
    expect([streets.group, streets.key, streets.children?.map((c) => c.number)]).toEqual(['measure', 'roads', [1, 2]]);
    const spec = parseSpec('title: T\nsections:\n  - measure: roads\n    items: [1]\n  - pillar: [funding, skills]\n  - ports\n  - city-implementation\n', 's.yaml').spec;
    const state = stateFromSpec(spec, corpus);
    expect(state.entries).toMatchObject([
      { kind: 'area', area: 'streets', group: 'measure', key: 'roads', items: [1] },
      { kind: 'id', id: 'funding', group: 'pillar', key: 'funding' },
      { kind: 'id', id: 'skills', group: 'pillar', key: 'skills' },
      { kind: 'id', id: 'ports' },
      { kind: 'id', id: 'city-implementation' },
    ]);
    const yaml = specYaml(state);
    expect(yaml).toContain('  - measure: roads\n    items:\n      - 1\n  - pillar:\n      - funding\n      - skills\n');
    expect(select(parseSpec(yaml.replace('  - ports\n', ''), 's.yaml'), corpus).groups).toHaveLength(4);
  });

  it('lists each document\'s groups with the form a spec uses', async () => {
    const lines = listCorpus(await syntheticCorpus(), 'en');
    expect(lines).toContain('Key measures (spec: "- measure: <key>", optionally "items: [1, 2]")');
    expect(lines).toContain('Support pillars (spec: "- pillar: [<key>, …]")');
    expect(lines).toContain('Regulated matters (spec: "- topic: [<key>, …]")');
    expect(lines.some((l) => /^ {2}roads\s+Part II \(2\)\s+Redesigning city streets$/.test(l))).toBe(true);
  });
});
