/**
 * Every mistake of a spec that can be found is reported in one run — the YAML's, the keys', the values', the
 * selection's, the presenter files', the theme's and the flags' — sorted by line, through the CLI and the API.
 */
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, validate } from '../../src/index.js';
import { UserError, UserErrors, formatError } from '../../src/errors.js';
import { DEFAULTS } from '../../src/paths.js';
import { errorsOf, stateOrThrow } from '../../src/serve/compose.js';
import { cli } from '../helpers/cli.js';
import { allErrors } from '../helpers/errors.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

async function specFile(text: string): Promise<string> {
  const dir = await tempDir('one-pass');
  const f = path.join(dir, 'spec.yaml');
  await writeFile(f, text);
  return f;
}

/** Nine kinds of mistakes, of every wave the checks used to come in: the line of each, and what it says. */
const NINE = [
  'title: Nine mistakes', // 1
  'title: The title again', // 2: a key given twice (YAML)
  'subtitel: a typo', // 3: an unknown key
  'theme: offical', // 4: an unknown theme
  'deck:', // 5
  '  agenda: yes', // 6: a wrong type (with its hint)
  '  maxQuotes: 30', // 7: out of range
  'sections:', // 8
  '  - industry', // 9: fine
  '  - governance-safty', // 10: an unknown section id
  '  - support: [compute, datas]', // 11: an unknown member of a group
  '  - file: our-view.md', // 12: a presenter file that is missing
  'exclude: [nope]', // 13: an unknown id in exclude
  '',
].join('\n');

const EXPECTED: [line: number, message: RegExp][] = [
  [2, /"title" is given twice/],
  [3, /unknown key "subtitel" of the spec[\s\S]*did you mean "subtitle"/],
  [4, /unknown theme "offical"[\s\S]*did you mean "official"/],
  [6, /wrong type for deck\.agenda[\s\S]*hint: write true \(without quotes\)/],
  [7, /deck\.maxQuotes: at most 20/],
  [10, /unknown section id "governance-safty"/],
  [11, /unknown support "datas"[\s\S]*did you mean "data"/],
  [12, /the slides file does not exist/],
  [13, /unknown id "nope" in exclude/],
];

/** The located errors as printed, in order: [line, text]. */
function printed(err: string, file: string): [number, string][] {
  return err
    .split(/\n(?=error: )/)
    .filter((b) => b.startsWith(`error: ${file}:`) && /^\d/.test(b.slice(`error: ${file}:`.length)))
    .map((b) => [Number(b.slice(`error: ${file}:`.length).split(':')[0]), b]);
}

function expectAllNine(errors: [number, string][]): void {
  expect(errors.map(([line]) => line)).toEqual(EXPECTED.map(([line]) => line));
  errors.forEach(([, text], i) => expect(text).toMatch(EXPECTED[i]![1]));
  for (const [, text] of errors) expect(text).not.toMatch(/Too (big|small)|Invalid input|expected \w+, received/);
}

describe('every mistake in one run', () => {
  it('validate (CLI): nine mistakes of every kind, exit 2, sorted by line, each with its line', async () => {
    const f = await specFile(NINE);
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expectAllNine(printed(r.err, f));
    expect(r.err).toMatch(/^9 problems$/m);
    expect(r.out).toBe('');
  });

  it('build (CLI): the same nine, and the flags\' mistakes with them; nothing is written', async () => {
    const f = await specFile(NINE);
    const out = path.join(path.dirname(f), 'out');
    const r = await cli('build', f, '--out', out, '--lang', 'english', '--areas', 'industy', '--title', 'x'.repeat(801));
    expect(r.code).toBe(2);
    expectAllNine(printed(r.err, f));
    // The flags' mistakes come first: they are on the command line, not at a line of the spec.
    const lines = r.err.split('\n').filter((l) => l.startsWith('error: '));
    expect(lines.slice(0, 2)).toEqual(['error: --lang: expected one of zh, en, bilingual', 'error: --title: must be at most 800 characters']);
    expect(r.err).toContain('did you mean "--lang en"?');
    expect(r.err).toContain('--areas: unknown key "industy"');
    expect(r.err).toMatch(/^12 problems$/m);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('serve: the first build reports the same nine in the terminal and keeps serving', async () => {
    const { serve } = await import('../../src/serve/index.js');
    const f = await specFile(NINE);
    const log: string[] = [];
    const serving = await serve({ build: { spec: f, out: path.join(path.dirname(f), 'served') }, host: '127.0.0.1', port: 0, open: false }, { out: (l) => log.push(l), err: (l) => log.push(l) });
    await serving.close();
    const text = log.join('\n');
    expect(text).toContain('build failed:');
    expectAllNine(printed(text.slice(text.indexOf('error: ')), f));
  });

  it('the API: validate() and build() throw all of them together (UserErrors, sorted)', async () => {
    const f = await specFile(NINE);
    for (const run of [() => validate({ spec: f }), () => build({ spec: f, out: path.join(path.dirname(f), 'api-out') })]) {
      const err = await run().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UserErrors);
      const errors = allErrors(err);
      expect(errors.map((e) => e.details.location?.line)).toEqual(EXPECTED.map(([line]) => line));
      expectAllNine(printed(formatError(err).lines.join('\n'), f));
    }
  });

  it('the API: a spec object and its overrides, each mistake named by its path', async () => {
    const spec = { title: '', language: 'en', deck: { agenda: 'no' }, brief: { quotes: 5 }, sections: ['targets', { area: 'industy' }, { area: 'industry', itmes: [1] }], exclude: ['nope'] };
    const err = await validate({ spec, overrides: { language: 'fr' as never, theme: 'Bad!' } }).then(() => undefined, (e: unknown) => e);
    const errors = allErrors(err).map((e) => `${e.details.location?.path ?? e.details.location?.file ?? ''}: ${e.message}`);
    expect(errors).toEqual([
      ': --lang: expected one of zh, en, bilingual',
      ': --theme: must be the name of a folder under themes/, e.g. "official"',
      'title: title: must not be empty',
      'deck.agenda: wrong type for deck.agenda',
      'brief.quotes: brief.quotes: at most 2',
      'sections[2].itmes: unknown key "itmes" in sections[2]',
      // Without lines, the spec's own mistakes come first, then the selection's.
      'exclude[0]: unknown id "nope" in exclude',
      'sections[1].area: unknown area "industy"',
    ]);
  });

  it('a theme\'s stylesheet problems come with the selection\'s', async () => {
    const themes = await tempDir('themes');
    await cp(path.join(DEFAULTS.themes, 'official'), path.join(themes, 'official'), { recursive: true });
    await mkdir(path.join(themes, 'web'));
    await writeFile(path.join(themes, 'web', 'theme.css'), '.slide {\n  background: url(https://example.com/x.png);\n}\n');
    const f = await specFile('title: T\ntheme: web\nsections:\n  - nope\n');
    const err = await validate({ spec: f, themes }).then(() => undefined, (e: unknown) => e);
    const errors = allErrors(err);
    expect(errors.map((e) => [path.basename(e.details.location?.file ?? ''), e.details.location?.line])).toEqual([
      ['spec.yaml', 4],
      ['theme.css', 2],
    ]);
    expect(errors[1]!.message).toContain('the theme names a web address');
  });

  it('YAML that reads but is wrong (a key twice, an unknown tag) comes with the other mistakes', async () => {
    const f = await specFile('title: !important T\nsections:\n  - nope\ndeck:\n  notes: on\n  notes: off\n');
    const errors = allErrors(await validate({ spec: f }).then(() => undefined, (e: unknown) => e));
    expect(errors.map((e) => [e.details.location?.line, e.message])).toEqual([
      [1, 'unknown YAML tag "!important"'],
      [3, 'unknown section id "nope"'],
      [6, '"notes" is given twice in the same mapping'],
      [6, 'wrong type for deck.notes'],
    ]);
    expect(errors[3]!.details.hint).toContain('write false (without quotes)');
  });

  it('a YAML syntax error stops the rest: one error', async () => {
    const r = await cli('validate', await specFile('title: [T\nsections: [nope]\ntheme: offical\n'));
    expect(r.code).toBe(2);
    expect(r.err.match(/^error: /gm)).toHaveLength(1);
    expect(r.err).toContain('invalid YAML');
  });

  it('mistakes that follow from others are not reported: entries left out do not make "nothing is selected"', async () => {
    const f = await specFile('title: T\nsections:\n  - 3\nbrief:\n  keep: [industry]\n');
    const errors = allErrors(await validate({ spec: f }).then(() => undefined, (e: unknown) => e));
    expect(errors.map((e) => e.message)).toEqual(['sections[0] is not a section']);
  });
});

describe('the composer API caps its errors like the CLI', () => {
  it('a build\'s mistakes: at most 20, then "… and N more"', () => {
    const many = new UserErrors(Array.from({ length: 27 }, (_, i) => new UserError(`mistake ${i + 1}`, { location: { file: 's.yaml', line: i + 1 } })));
    const shown = errorsOf(many);
    expect(shown).toHaveLength(21);
    expect(shown[19]!.message).toBe('mistake 20');
    expect(shown[20]!.message).toBe('… and 7 more (27 problems in all)');
    expect(errorsOf(new UserError('one'))).toHaveLength(1);
  });

  it('a request body\'s mistakes: every one named (in own words), at most 20', () => {
    const entries = Array.from({ length: 30 }, () => ({ kind: 'areas' }));
    let message = '';
    try {
      stateOrThrow({ title: 'x', language: 'fr', theme: 'official', entries });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^the request is not a composer state: language: expected one of "zh", "en", "bilingual", found "fr"; entries\.0\.kind: expected one of "area"/);
    expect(message.split('; ')).toHaveLength(21);
    expect(message).toContain('… and 11 more (31 problems in all)');
    expect(message).not.toMatch(/Invalid|expected \w+, received/);
  });
});
