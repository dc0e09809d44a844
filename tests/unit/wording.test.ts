/**
 * Every message a user can see is in the project's own words: many wrong values walked through every schema a user
 * reaches (a spec, the front matter of a corpus section, a document's _document.yaml and quotes, the composer API's
 * body), and no phrase of zod's own wording survives in what would be printed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { UserError, formatUserError, userErrorsOf } from '../../src/errors.js';
import { parseSectionFile } from '../../src/corpus/parse.js';
import { corpusSchemas } from '../../src/corpus/schema.js';

const { documentSchema, quotesSchema } = corpusSchemas();
import { checkSpec, checkSpecObject } from '../../src/spec/parse.js';
import { checkState } from '../../src/serve/compose.js';
import { validateYaml } from '../../src/util/validate.js';
import { parseYaml } from '../../src/util/yaml.js';
import { DEFAULTS } from '../../src/paths.js';

/** zod's own phrases (English locale): none may reach a user. */
const ZOD = /Too big|Too small|Invalid input|Invalid option|Invalid string|Invalid discriminator|Invalid (key|value) in|Unrecognized keys?:|expected \w+, received|expected one of \S+\|/;

/** Wrong values of every kind: words YAML 1.1 read as booleans, numbers as text, out of range, wrong shapes. */
const WRONG: unknown[] = ['yes', 'off', '2', 2, -1, 0, 2.5, 100_000, true, null, '', '   ', 'Bad Id!', 'x'.repeat(3000), [], ['x'], [1, 2], Array.from({ length: 30 }, (_, i) => `k${i}`), {}, { zz: 1 }, { en: '' }];

type Json = Record<string, unknown> | unknown[];

/** Every path into a value: each key of each mapping, the first element of each list. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? [[...at, 0], ...paths(value[0], [...at, 0])] : [];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  return [];
}

/** The value with each list cut to its first element: the walk visits only those, and the runs stay short. */
function firstOnly<T>(value: T): T {
  if (Array.isArray(value)) return value.slice(0, 1).map(firstOnly) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, firstOnly(v)])) as T;
  return value;
}

/** `base` with the value at `p` replaced (or deleted, for undefined). */
function withValue<T extends Json>(base: T, p: (string | number)[], v: unknown): T {
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  if (v === undefined) delete node[p[p.length - 1]!];
  else node[p[p.length - 1]!] = v;
  return copy;
}

/** Walk every wrong value (and a missing one) through `check` at every path of `base`; the messages it gives. */
function walk<T extends Json>(base: T, check: (value: T) => UserError[]): { errors: UserError[]; runs: number } {
  const errors: UserError[] = [];
  let runs = 0;
  for (const p of paths(base)) {
    for (const v of [...WRONG, undefined]) {
      runs++;
      errors.push(...check(withValue(base, p, v)));
    }
  }
  return { errors, runs };
}

/** The errors a function throws (none if it returns). Anything but a user's mistake fails the test. */
function thrown(fn: () => unknown): UserError[] {
  try {
    fn();
    return [];
  } catch (err) {
    const list = userErrorsOf(err);
    if (!list) throw err;
    return list;
  }
}

function expectOwnWords(errors: UserError[], least: number): void {
  expect(errors.length).toBeGreaterThan(least);
  const zod = errors.map((e) => formatUserError(e)).filter((t) => ZOD.test(t));
  expect(zod.slice(0, 5)).toEqual([]);
  // Each says what is allowed: an "expected" line, or a message that says it ("at most 2", "must not be empty").
  const silent = errors.filter((e) => e.details.expected === undefined && !/must|at (most|least)|needs|more than|less than|on or|remove|is given twice|not allowed/.test(e.message));
  expect(silent.slice(0, 5).map((e) => formatUserError(e))).toEqual([]);
}

describe('messages in the project\'s own words', () => {
  it('a spec: every key, deck and brief options, entries of every form', () => {
    const base = {
      title: 'T',
      subtitle: 'S',
      presenter: 'P',
      date: '2026-03-01',
      audience: 'A',
      language: 'en',
      typography: 'source',
      theme: 'official',
      sections: ['targets', { area: 'industry', items: [1], takeaway: 'why' }, { slide: { title: 'Own', points: ['a'], text: 'x', notes: { en: 'n' } } }, { doc: 'ai-plus-opinions', parts: [2] }, { quote: ['q'] }, { file: 'own.md' }],
      exclude: ['industry-agriculture'],
      deck: { agenda: true, notes: true, sources: true, quotes: true, maxQuotes: 2 },
      brief: { bottomLine: { en: 'Bottom', zh: '要点' }, quotes: 1, keep: ['industry'] },
      pdf: false,
      pptx: false,
      classification: 'CONFIDENTIAL',
      version: 'draft 3',
      brand: { name: 'Org', logo: 'logo.svg' },
    };
    expect(checkSpecObject(base).errors).toEqual([]);
    const { errors, runs } = walk(base, (v) => checkSpecObject(v).errors);
    expect(runs).toBeGreaterThan(600);
    expectOwnWords(errors, 500);
  });

  it('a spec file: the same walk through YAML text, with lines', () => {
    const base = { title: 'T', language: 'en', sections: ['targets', { area: 'industry', items: [1] }], deck: { agenda: true, maxQuotes: 2 }, brief: { quotes: 1 } };
    const { errors } = walk(base, (v) => checkSpec(stringify(v), 'spec.yaml').errors);
    expectOwnWords(errors, 100);
    expect(errors.every((e) => e.details.location?.line !== undefined)).toBe(true);
  });

  it('the front matter of a corpus section', () => {
    const base = {
      id: 'industry-services',
      kind: 'item',
      parent: 'industry',
      order: 3,
      number: 1,
      cite: { zh: '二(二)1', en: 'Part II (2) 1' },
      title: { zh: '标题', en: 'Title' },
      points: { zh: ['一'], en: ['one'] },
      tags: ['industry'],
      untranslated: ['en'],
      targets: [{ year: 2027, indicator: { zh: '指标', en: 'indicator' }, value: { zh: '70%', en: '70%' } }],
    };
    const file = (fm: unknown) => `---\n${stringify(fm)}---\n\n::: zh\n正文\n:::\n\n::: en\nText\n:::\n`;
    expect(thrown(() => parseSectionFile(file(base), 'x.md', 'doc'))).toEqual([]);
    const { errors } = walk(base, (v) => thrown(() => parseSectionFile(file(v), 'x.md', 'doc')));
    expectOwnWords(errors, 300);
  });

  it('a document\'s _document.yaml and its quotes', () => {
    const doc = firstOnly(parse(readFileSync(path.join(DEFAULTS.content, 'ai-plus-opinions', '_document.yaml'), 'utf8')) as Record<string, unknown>);
    const check = (schema: typeof documentSchema | typeof quotesSchema, v: unknown, name: string) => thrown(() => validateYaml(schema, parseYaml(stringify(v), name), name));
    expect(check(documentSchema, doc, '_document.yaml')).toEqual([]);
    const meta = walk(doc, (v) => check(documentSchema, v, '_document.yaml'));
    expectOwnWords(meta.errors, 300);
    const quotes = firstOnly(parse(readFileSync(path.join(DEFAULTS.content, 'ai-plus-explainer', 'quotes.yaml'), 'utf8')) as Record<string, unknown>);
    expect(check(quotesSchema, quotes, '_quotes.yaml')).toEqual([]);
    const q = walk(quotes, (v) => check(quotesSchema, v, '_quotes.yaml'));
    expectOwnWords(q.errors, 100);
  });

  it('the composer API\'s body', () => {
    const base = {
      title: 'T',
      subtitle: 'S',
      language: 'en',
      theme: 'official',
      entries: [{ kind: 'area', area: 'industry', items: [1] }],
      exclude: ['x'],
      deck: { agenda: true, notes: true, sources: true, quotes: true, maxQuotes: 2 },
      brief: { bottomLine: 'b', quotes: 1 },
    };
    expect(checkState(base).errors).toEqual([]);
    const { errors } = walk(base, (v) => checkState(v).errors);
    expectOwnWords(errors, 100);
    // A kind the composer does not know: the kinds it does.
    const kind = checkState(withValue(base, ['entries', 0, 'kind'], 'areas')).errors;
    expect(formatUserError(kind[0]!)).toMatch(/expected: one of "area", "id", "quote", "doc"[\s\S]*did you mean "area"/);
  });

  it('hints: yes/no/on/off are "write true/false", a number in quotes "write the number"', () => {
    const at = (yaml: string) => checkSpec(`title: T\nsections: [targets]\n${yaml}`, 's.yaml').errors.map((e) => formatUserError(e));
    expect(at('deck:\n  agenda: yes\n')[0]).toContain('hint: write true (without quotes)');
    expect(at('deck:\n  notes: off\n')[0]).toContain('hint: write false (without quotes)');
    expect(at('pdf: on\n')[0]).toContain('hint: write true');
    expect(at('pptx: no\n')[0]).toContain('hint: write false');
    expect(at('brief:\n  quotes: "2"\n')[0]).toMatch(/expected: a whole number from 0 to 2\n[\s\S]*hint: write the number without quotes: 2/);
    expect(at('deck:\n  maxQuotes: "3"\n')[0]).toContain('hint: write the number without quotes: 3');
    expect(at('brief:\n  quotes: 5\n')[0]).toMatch(/^s\.yaml:4:11: brief\.quotes: at most 2\n/);
    expect(at('deck:\n  maxQuotes: -1\n')[0]).toContain('deck.maxQuotes: at least 0');
    expect(at('deck:\n  maxQuotes: 1.5\n')[0]).toMatch(/wrong type for deck\.maxQuotes[\s\S]*expected: a whole number/);
  });
});
