import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/spec/parse.js';
import { applyOverrides } from '../../src/spec/overrides.js';
import { userError } from '../helpers/errors.js';

const ok = `title: Test
language: en
sections:
  - targets
  - area: industry
    items: [1, 3]
  - support: [compute, data]
  - quote: e-weinan-tech-revolution
exclude: [industry-agriculture]
`;

describe('parseSpec', () => {
  it('parses every kind of entry, with defaults', () => {
    const { spec, name } = parseSpec(ok, 'specs/board.yaml');
    expect(name).toBe('board');
    expect(spec.sections.map((e) => e.kind)).toEqual(['id', 'group', 'group', 'quote']);
    expect(spec.sections[1]).toMatchObject({ group: 'area', keys: ['industry'], items: [1, 3] });
    expect(spec.sections[2]).toMatchObject({ group: 'support', keys: ['compute', 'data'] });
    expect(spec.theme).toBe('official');
    expect(spec.deck).toEqual({ agenda: true, notes: true, sources: true, quotes: true, maxQuotes: 2 });
  });

  it('reports a misspelt key at its line and column with a suggestion', () => {
    const e = userError(() => parseSpec('title: T\nsectons:\n  - targets\n', 'a.yaml'));
    expect(e.details.location).toEqual({ file: 'a.yaml', line: 2, column: 1 });
    expect(e.details.hint).toBe('did you mean "sections"?');
    expect(e.details.excerpt).toBe('sectons:\n^');
  });

  it('reports a misspelt key inside deck: with its position', () => {
    const e = userError(() => parseSpec('title: T\nsections: [targets]\ndeck:\n  agneda: false\n', 'a.yaml'));
    expect(e.details.location).toMatchObject({ line: 4, column: 3 });
    expect(e.details.hint).toBe('did you mean "agenda"?');
  });

  it('reports a wrong type with expected and found', () => {
    const e = userError(() => parseSpec('title: T\nsections: targets\n', 'a.yaml'));
    expect(e.details.location).toMatchObject({ line: 2, column: 11 });
    expect(e.details.expected).toBe('a list');
    expect(e.details.found).toBe('"targets"');
  });

  it('reports a bad language with the allowed values and a suggestion', () => {
    const e = userError(() => parseSpec('title: T\nlanguage: english\nsections: [targets]\n', 'a.yaml'));
    expect(e.details.location?.line).toBe(2);
    expect(e.details.expected).toContain('"en"');
    expect(e.details.hint).toBe('did you mean "en"?');
    const hint = (v: string) => userError(() => parseSpec(`title: T\nlanguage: ${v}\nsections: [targets]\n`, 'a.yaml')).details.hint;
    expect([hint('Chinese'), hint('\u4e2d\u6587'), hint('both'), hint('EN'), hint('klingon')]).toEqual(['did you mean "zh"?', 'did you mean "zh"?', 'did you mean "bilingual"?', 'did you mean "en"?', undefined]);
  });

  it('typography: full-width by default, "source" keeps the corpus punctuation, anything else is reported', () => {
    expect(parseSpec('title: T\nsections: [targets]\n', 'a.yaml').spec.typography).toBe('full-width');
    expect(parseSpec('title: T\ntypography: source\nsections: [targets]\n', 'a.yaml').spec.typography).toBe('source');
    const e = userError(() => parseSpec('title: T\ntypography: sourse\nsections: [targets]\n', 'a.yaml'));
    expect(e.details.location?.line).toBe(2);
    expect(e.details.expected).toContain('"source"');
    expect(e.details.expected).toContain('"full-width"');
  });

  it('an optional key left empty means "not given"', () => {
    const { spec } = parseSpec('title: T\nsubtitle:\ndate:\nexclude:\ndeck:\n  notes:\nbrief:\nsections: [targets]\n', 'a.yaml');
    expect(spec.subtitle).toBeUndefined();
    expect(spec.exclude).toEqual([]);
    expect(spec.deck.notes).toBe(true);
  });

  it('requires a title and at least one section', () => {
    expect(userError(() => parseSpec('sections: [targets]\n', 'a.yaml')).message).toBe('missing title in the spec');
    expect(userError(() => parseSpec('title: T\nsections: []\n', 'a.yaml')).message).toContain('at least one section');
  });

  it('reports broken YAML with a position and an excerpt', () => {
    const e = userError(() => parseSpec('title: T\nsections:\n  - area: [industry\n', 'a.yaml'));
    expect(e.message).toMatch(/^invalid YAML/);
    expect(e.details.location?.file).toBe('a.yaml');
    expect(e.details.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('points at the quote that was never closed, not at the end of the file', () => {
    const e = userError(() => parseSpec('title: "Board\nsections:\n  - targets\n', 'a.yaml'));
    expect(e.details.location).toEqual({ file: 'a.yaml', line: 1, column: 8 });
    expect(e.details.excerpt).toBe('title: "Board\n       ^');
    expect(e.details.hint).toContain('never closed');
  });

  it('rejects an empty spec and one that is not a mapping', () => {
    expect(userError(() => parseSpec('', 'a.yaml')).message).toBe('the spec is empty');
    expect(userError(() => parseSpec('# only a comment\n', 'a.yaml')).message).toBe('the spec is empty');
    expect(userError(() => parseSpec('- a\n- b\n', 'a.yaml')).message).toBe('the spec must be a mapping of keys to values');
  });

  it('rejects selector mistakes: a slip of its own keys, two selectors, items or parts in the wrong place', () => {
    const slip = userError(() => parseSpec('title: T\nsections:\n  - area: industry\n    itmes: [1]\n', 'a.yaml'));
    expect([slip.message, slip.details.location?.line, slip.details.location?.column, slip.details.hint]).toEqual(['unknown key "itmes" in sections[0]', 4, 5, 'did you mean "items"?']);
    expect(userError(() => parseSpec('title: T\nsections:\n  - area: industry\n    support: data\n', 'a.yaml')).message).toBe('sections[0] must have exactly one of "area", "support"');
    expect(userError(() => parseSpec('title: T\nsections:\n  - quote: a-quote\n    items: [1]\n', 'a.yaml')).message).toBe('"items" goes with a group, not with "quote"');
    expect(userError(() => parseSpec('title: T\nsections:\n  - area: industry\n    parts: [1]\n', 'a.yaml')).message).toBe('"parts" goes with "doc"');
    expect(userError(() => parseSpec('title: T\nsections:\n  - area: industry\n    items: [one]\n', 'a.yaml')).details.location?.line).toBe(4);
    expect(userError(() => parseSpec('title: T\nsections:\n  - area: [industry, science]\n    items: [1]\n', 'a.yaml')).message).toBe('"items" goes with one "area" key');
  });

  it('leaves group keys to the corpus: any other key is a group a document may declare', () => {
    const { spec } = parseSpec('title: T\nsections:\n  - measure: [m-1, m-2]\n  - aera: industry\n  - targets:\n', 'a.yaml');
    expect(spec.sections).toMatchObject([
      { kind: 'group', group: 'measure', keys: ['m-1', 'm-2'] },
      { kind: 'group', group: 'aera', keys: ['industry'] },
      { kind: 'group', group: 'targets', raw: null },
    ]);
  });

  it('reads "parts:" under "doc:" and rejects parts that are not numbers at their line', () => {
    expect(parseSpec('title: T\nsections:\n  - doc: a-doc\n    parts: [2, 3]\n', 'a.yaml').spec.sections[0]).toMatchObject({ kind: 'doc', doc: 'a-doc', parts: [2, 3] });
    const e = userError(() => parseSpec('title: T\nsections:\n  - doc: a-doc\n    parts: [two]\n', 'a.yaml'));
    expect([e.message, e.details.location?.line, e.details.location?.column]).toEqual(['"parts" must list part numbers', 4, 12]);
  });

  it('accepts a BOM, CRLF line ends and a YAML date', () => {
    const { spec } = parseSpec(`\uFEFFtitle: T\r\ndate: 2026-03-01\r\nsections: [targets]\r\n`, 'a.yaml');
    expect(spec.date).toBe('2026-03-01');
  });

  it('rejects tabs used for indentation with a hint', () => {
    const e = userError(() => parseSpec('title: T\nsections:\n\t- targets\n', 'a.yaml'));
    expect(e.details.location?.line).toBe(3);
  });

  it('rejects invalid UTF-8 and oversized input', () => {
    expect(userError(() => parseSpec(new Uint8Array([0x74, 0x3a, 0x20, 0xff, 0xfe]), 'a.yaml')).message).toContain('UTF-8');
    expect(userError(() => parseSpec(new Uint8Array(300 * 1024).fill(0x20), 'a.yaml')).message).toContain('too large');
  });

  it('rejects a YAML alias bomb quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const t0 = performance.now();
    expect(userError(() => parseSpec(`${bomb.join('\n')}\ntitle: T\nsections: [targets]\n`, 'a.yaml')).message).toMatch(/invalid YAML/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('applyOverrides', () => {
  const base = parseSpec(ok, 'a.yaml').spec;
  it('replaces the area entries in place, keeping items of an area that stays', () => {
    const s = applyOverrides(base, { areas: ['governance', 'industry'], language: 'zh' });
    expect(s.sections.map((e) => (e.kind === 'group' ? `${e.group}:${e.keys!.join(',')}` : e.kind))).toEqual(['id', 'area:governance', 'area:industry', 'support:compute,data', 'quote']);
    expect(s.sections[2]).toMatchObject({ keys: ['industry'], items: [1, 3] });
    expect(s.language).toBe('zh');
    expect(s.replacedGroups).toEqual(['area']);
  });
  it('replaces supports, one entry per key made by the flag', () => {
    const s = applyOverrides(base, { supports: ['safety'] });
    expect(s.sections.filter((e) => e.kind === 'group' && e.group === 'support')).toMatchObject([{ keys: ['safety'], path: [expect.any(String), '--supports'] }]);
  });
});

describe('messages for common YAML and spec slips', () => {
  const first = (yaml: string) => userError(() => parseSpec(yaml, 'a.yaml'));
  it('a colon in a title, a second document, an alias with no anchor: say what to do, with the place', () => {
    expect(first('title: AI+ Action: what it means for us\nsections: [targets]\n').details.hint).toMatch(/needs quotes/);
    const docs = first('title: T\nsections: [targets]\n---\n');
    expect([docs.message, docs.details.location?.line, docs.details.hint]).toEqual(['the file holds more than one YAML document (a line "---" starts another)', 3, 'remove the "---" line: a spec is one document']);
    const alias = first('title: T\nsubtitle: *t\nsections: [targets]\n');
    expect([alias.message, alias.details.location?.line, alias.details.location?.column]).toEqual(['invalid YAML: the alias *t names no anchor', 2, 11]);
  });

  it('merge keys work; a form of several (text or zh/en, a date) reports what is wrong inside it', () => {
    expect(parseSpec('title: T\ndeck: {<<: {notes: false}, agenda: false}\nsections: [targets]\n', 'a.yaml').spec.deck).toMatchObject({ notes: false, agenda: false });
    const bottom = first('title: T\nbrief:\n  bottomLine: {zh: \u4e2d\u6587, eng: English}\nsections: [targets]\n');
    expect([bottom.message, bottom.details.hint]).toEqual(['unknown key "eng" in brief.bottomLine of the spec', 'did you mean "en"?']);
    const date = first('title: T\ndate: 2026.3\nsections: [targets]\n');
    expect(date.details.expected).toContain('a date (2026-03-01)');
    expect(date.details.hint).toMatch(/2026-03-01/);
  });

  it('the caret sits under the character after Chinese text', () => {
    const e = first('title: \u4e2d\u6587\u6807\u9898\nlanguage: cn\nsections: [targets]\n');
    expect(e.details.hint).toBe('did you mean "zh"?');
    const cjk = first('title: T\nsections: [targets]\nbrief: {bottomLine: \u4e2d\u6587, x: 1}\n');
    const [src, caret] = cjk.details.excerpt!.split('\n');
    expect(caret!.length - 1).toBe(src!.indexOf('x: 1') + 2); // two wide characters before it
  });

  it('warns that " #" cut a title short (YAML comment), and says how to keep it', () => {
    const parsed = parseSpec('title: Briefing #3 for the board\nsections: [targets]\n', 'a.yaml');
    expect(parsed.spec.title).toBe('Briefing');
    expect(parsed.warnings).toEqual(['a.yaml:1: the text after " #" in title is a YAML comment and is left out ("Briefing"); put the value in quotes to keep it: title: "Briefing #3 for the board"']);
    expect(parseSpec('title: "Briefing #3"\nsections: [targets] # fine\n', 'a.yaml').warnings).toEqual([]);
  });
});
