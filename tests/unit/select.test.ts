import { describe, expect, it } from 'vitest';
import { select } from '../../src/select/select.js';
import { parseSpec } from '../../src/spec/parse.js';
import { applyOverrides } from '../../src/spec/overrides.js';
import { allErrors } from '../helpers/errors.js';
import { realCorpus } from '../helpers/corpus.js';

async function run(yaml: string) {
  return select(parseSpec(yaml, 's.yaml'), await realCorpus());
}
async function errorsOf(yaml: string) {
  return allErrors(await run(yaml).catch((e: unknown) => e));
}

describe('select', () => {
  it('lays out title, agenda, timeline, area heading + one slide per item, quotes, supports, sources', async () => {
    const b = await run('title: T\nsections:\n  - targets\n  - area: industry\n  - support: [compute]\n');
    expect(b.slides.map((s) => s.type).join(' ')).toMatch(/^title agenda timeline heading (content ){4}(quote ){1,2}content (quote ){0,2}sources$/);
    const quoteSlides = b.slides.filter((s) => s.type === 'quote');
    expect(quoteSlides.every((s) => s.type === 'quote' && (s.quote.tags.includes('industry') || s.quote.tags.includes('compute')))).toBe(true);
    const agenda = b.slides[1]!;
    expect(agenda.type === 'agenda' && agenda.entries.map((e) => e.title.en)).toEqual([
      'Targets for 2027, 2030 and 2035', b.groups[1]!.kind === 'area' ? b.groups[1]!.section.title.en : '', expect.any(String),
    ]);
    expect(b.documents.map((d) => d.id)).toEqual(['ai-plus-opinions', 'ai-plus-explainer']);
  });

  it('selects items by number and drops excluded ids', async () => {
    const b = await run('title: T\nsections:\n  - area: industry\n    items: [2, 3, 4]\nexclude: [industry-agriculture]\ndeck: { quotes: false, agenda: false, sources: false }\n');
    expect(b.slides.filter((s) => s.type === 'content').map((s) => (s.type === 'content' ? s.section.id : ''))).toEqual([
      'industry-manufacturing', 'industry-services',
    ]);
  });

  it('attaches related quotes to areas and supports, and each quote slide appears once', async () => {
    const b = await run('title: T\nsections:\n  - area: science\n  - support: [data]\ndeck: { maxQuotes: 5 }\n');
    const quoteIds = b.slides.flatMap((s) => (s.type === 'quote' ? [s.quote.id] : []));
    expect(new Set(quoteIds).size).toBe(quoteIds.length);
    const area = b.groups[0]!;
    expect(area.kind === 'area' && area.quotes.every((q) => q.tags.includes('science'))).toBe(true);
    expect(quoteIds.length).toBeGreaterThan(0);
    // Reported speech stays in the notes; slides carry the speakers' own words.
    expect(b.slides.every((s) => s.type !== 'quote' || s.quote.kind === 'direct')).toBe(true);
    const named = await run('title: T\nsections:\n  - quote: wu-shizhong-four-risks\n');
    expect(named.slides.filter((s) => s.type === 'quote')).toHaveLength(1);
  });

  it('reports unknown areas, supports, ids, items and excludes at their positions with suggestions', async () => {
    const errs = await errorsOf(
      'title: T\nsections:\n  - area: industy\n  - support: [compute, dta]\n  - targts\n  - area: global\n    items: [7]\nexclude: [industry-agricultur]\n',
    );
    const byLine = Object.fromEntries(errs.map((e) => [e.details.location?.line, e]));
    expect(byLine[3]?.details.hint).toBe('did you mean "industry"?');
    expect(byLine[3]?.details.location?.column).toBe(11);
    expect(byLine[4]?.details.hint).toBe('did you mean "data"?');
    expect(byLine[4]?.details.location?.column).toBe(24);
    expect(byLine[5]?.details.hint).toBe('did you mean "targets"?');
    expect(byLine[7]?.message).toBe('area "global" has no item 7');
    expect(byLine[8]?.details.hint).toBe('did you mean "industry-agriculture"?');
    expect(errs).toHaveLength(5);
  });

  it('refuses a section selected twice, naming the first line', async () => {
    const [e] = await errorsOf('title: T\nsections:\n  - industry-agriculture\n  - area: industry\n');
    expect(e?.message).toBe('"industry-agriculture" is selected twice');
    expect(e?.details.location?.line).toBe(4);
    expect(e?.details.found).toContain('line 3');
  });

  it('applies --areas over the spec and keeps non-area entries', async () => {
    const parsed = parseSpec('title: T\nsections:\n  - targets\n  - area: industry\n  - implementation\n', 's.yaml');
    const b = select({ ...parsed, spec: applyOverrides(parsed.spec, { areas: ['governance'] }) }, await realCorpus());
    expect(b.groups.map((g) => ('section' in g ? g.section.id : 'q'))).toEqual(['targets', 'governance', 'implementation']);
  });

  it('treats a bare area id like an area entry and a container part as a heading', async () => {
    const b = await run('title: T\nsections:\n  - science\n  - key-actions\ndeck: { quotes: false }\n');
    expect(b.slides.filter((s) => s.type === 'heading')).toHaveLength(2);
  });
});

describe('select: a whole document mirrors its structure', () => {
  const dividers = (b: Awaited<ReturnType<typeof run>>) => b.slides.flatMap((s) => (s.type === 'heading' && s.section.kind === 'part' ? [`${s.section.id}:${s.children.length}`] : []));

  it('the default spec has a divider for Part II and Part III before their areas and supports, and nothing else changes', async () => {
    const { readFile } = await import('node:fs/promises');
    const b = await run(await readFile('specs/default.yaml', 'utf8'));
    expect(dividers(b)).toEqual(['key-actions:6', 'foundational-supports:8']);
    const order = b.slides.flatMap((s) => (s.type === 'heading' || s.type === 'content' || s.type === 'timeline' ? [s.section.id] : []));
    expect(order.slice(0, 5)).toEqual(['preamble', 'general-requirements', 'targets', 'key-actions', 'science']);
    expect(order[order.indexOf('foundational-supports') - 1]).toBe('global-governance');
    expect(order[order.indexOf('foundational-supports') + 1]).toBe('models');
    expect(order.at(-1)).toBe('implementation');
    // The agenda and the brief stay as they were: a divider is a heading, not a topic.
    const explicit = await run('title: T\nsections:\n  - preamble\n  - general-requirements\n  - targets\n  - area: science\n  - area: industry\n  - area: consumption\n  - area: livelihood\n  - area: governance\n  - area: global\n  - support: [models, data, compute, environment, open-source, talent, policy, safety]\n  - implementation\n');
    expect(b.slides[1]).toEqual(explicit.slides[1]);
    expect(b.slides[1]!.type === 'agenda' && b.slides[1]!.entries).toHaveLength(18);
    expect(b.groups.filter((g) => g.kind !== 'part')).toEqual(explicit.groups);
  });

  it('"parts: [2, 3]" keeps only those top-level parts, each with its divider', async () => {
    const b = await run('title: T\nsections:\n  - doc: ai-plus-opinions\n    parts: [3, 2]\ndeck: { quotes: false }\n');
    expect(dividers(b)).toEqual(['key-actions:6', 'foundational-supports:8']);
    expect(b.groups.map((g) => (g.kind === 'quotes' || g.kind === 'own' ? '' : g.section.id))).not.toContain('preamble');
    expect(b.groups).toHaveLength(2 + 6 + 8);
    const one = await run('title: T\nsections:\n  - doc: ai-plus-opinions\n    parts: [4]\n');
    expect(one.groups.map((g) => (g.kind === 'quotes' || g.kind === 'own' ? '' : g.section.id))).toEqual(['implementation']);
  });

  it('a part the document does not have is an error at its place; a document without parts says so', async () => {
    const [e] = await errorsOf('title: T\nsections:\n  - doc: ai-plus-opinions\n    parts: [2, 5]\n');
    expect([e!.message, e!.details.location?.line, e!.details.location?.column, e!.details.expected]).toEqual(['document "ai-plus-opinions" has no part 5', 4, 16, 'part numbers 1, 2, 3, 4']);
    const [none] = await errorsOf('title: T\nsections:\n  - doc: ai-plus-explainer\n    parts: [1]\n');
    expect(none!.details.expected).toMatch(/no numbered top-level parts/);
  });
});

describe('select: edge cases a new user hits', () => {
  it('nothing left after exclude: is an error at the sections, naming what dropped it', async () => {
    const errs = await errorsOf('title: T\nsections:\n  - area: industry\n  - targets\nexclude: [industry, targets]\n');
    expect(errs.map((e) => [e.message, e.details.location?.line])).toEqual([['nothing is selected', 3]]);
    expect(errs[0]!.details.found).toContain('exclude');
    // Known by its code, not by its wording (build.ts leaves it out when it follows from other mistakes).
    expect(errs[0]!.details.code).toBe('nothing-selected');
  });

  it('a part chosen by id does not list the children that exclude: dropped', async () => {
    const b = await run('title: T\nsections: [key-actions]\nexclude: [industry, global]\n');
    const heading = b.slides.find((s) => s.type === 'heading');
    expect(heading?.type === 'heading' && heading.children.map((c) => c.id)).toEqual(['science', 'consumption', 'livelihood', 'governance']);
  });

  it('quotes go only with sections of the document they comment on, never with another document of the same tags', async () => {
    const real = await realCorpus();
    const compute = real.byId.get('compute')!;
    const other = { ...compute, id: 'plan-compute', doc: 'plan', parent: undefined, file: 'plan/plan-compute.md' };
    const corpus = {
      ...real,
      documents: [...real.documents, { ...real.documents[0]!, id: 'plan', order: 9, file: 'plan/_document.yaml' }],
      sections: [...real.sections, other],
      byId: new Map([...real.byId, ['plan-compute', other]]),
    };
    const b = select(parseSpec('title: T\nsections: [compute, plan-compute]\ndeck: { maxQuotes: 9 }\n', 's.yaml'), corpus);
    const [own, imported] = b.groups;
    expect(own?.kind !== 'quotes' && own!.kind === 'support' && own!.quotes.length).toBeGreaterThan(0);
    expect(imported && imported.kind === 'support' && imported.section.id === 'plan-compute' && imported.quotes).toEqual([]);
  });
});

describe('select: suggestions and where mistakes come from', () => {
  it('an unknown group key is reported with the keys the corpus declares; "- targets:" and "- industry: [1, 2]" explain the form', async () => {
    const [aera] = await errorsOf('title: T\nsections:\n  - aera: industry\n');
    expect([aera!.message, aera!.details.location?.line, aera!.details.location?.column, aera!.details.hint]).toEqual(['unknown key "aera" in sections[0]', 3, 5, 'did you mean "area"?']);
    expect(aera!.details.expected).toBe('"area", "support", "quote", "doc", "slide", "file"');
    const [colon] = await errorsOf('title: T\nsections:\n  - targets:\n');
    expect(colon!.details.hint).toBe('to choose a section by its id, write "- targets" (without the colon)');
    const [items] = await errorsOf('title: T\nsections:\n  - industry: [1, 2]\n');
    expect(items!.details.hint).toBe('for some items of "industry", write "- area: industry" with "items: [1, 2]" under it');
    const [none] = await errorsOf('title: T\nsections:\n  - support: data\n    items: [1]\n');
    expect([none!.message, none!.details.location?.line]).toEqual(['support "data" has no items', 4]);
  });

  it('a document\'s own aliases suggest its key: "security" means "safety"', async () => {
    const [e] = await errorsOf('title: T\nsections:\n  - support: [security]\n');
    expect([e!.message, e!.details.hint]).toEqual(['unknown support "security"', 'did you mean "safety"?']);
  });

  it('--areas drops a bare id of an area the spec listed, and names itself for an unknown key', async () => {
    const corpus = await realCorpus();
    const parsed = parseSpec('title: T\nsections:\n  - science\n  - targets\n', 's.yaml');
    const b = select({ ...parsed, spec: applyOverrides(parsed.spec, { areas: ['industry'] }) }, corpus);
    expect(b.groups.map((g) => (g.kind === 'quotes' ? 'q' : g.kind === 'own' ? 'own' : g.section.id))).toEqual(['targets', 'industry']);
    const e = allErrors(await Promise.resolve().then(() => select({ ...parsed, spec: applyOverrides(parsed.spec, { areas: ['industy'] }) }, corpus)).catch((x: unknown) => x));
    expect(e.map((x) => [x.message, x.details.hint])).toEqual([['--areas: unknown key "industy"', 'did you mean "industry"?']]);
  });

  it('"compute, data" as one support says to write a list; "security" suggests "safety"', async () => {
    const [list] = await errorsOf('title: T\nsections:\n  - support: compute, data\n');
    expect(list!.details.hint).toBe('write several as a list: [compute, data]');
    const [sec] = await errorsOf('title: T\nsections:\n  - support: security\n');
    expect(sec!.details.hint).toBe('did you mean "safety"?');
  });

  it('a mistake made by --areas names the flag, not a line of the spec', async () => {
    const parsed = parseSpec('title: T\nsections:\n  - preamble\n  - industry-agriculture\n', 's.yaml');
    const corpus = await realCorpus();
    const e = allErrors(await Promise.resolve().then(() => select({ ...parsed, spec: applyOverrides(parsed.spec, { areas: ['industry'] }) }, corpus)).catch((x: unknown) => x));
    expect(e.map((x) => x.message)).toEqual(['"industry-agriculture" is selected twice (from --areas)']);
    expect(e[0]!.details.location?.line).toBeUndefined();
  });
});
