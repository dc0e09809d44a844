import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, buildBatch, formatError, listCorpus, parseSpecObject, search, UserError, UserErrors, validate } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { parseSpec } from '../../src/spec/parse.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let dir: string;
beforeAll(async () => {
  dir = await tempDir('api');
});

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return formatError(err).lines.join('\n');
  }
  throw new Error('no error');
};

describe('a spec given as an object', () => {
  it('is validated with the messages of a spec file, located by path', () => {
    const text = messageOf(() => parseSpecObject({ title: 'x', sections: ['targets'], thme: 'neutral' }));
    expect(text).toContain('error: spec at thme: unknown key "thme" of the spec');
    expect(text).toContain('hint: did you mean "theme"?');
    const items = messageOf(() => parseSpecObject({ title: 'x', sections: ['targets', { area: 'industry', items: ['one'] }] }));
    expect(items).toContain('error: spec at sections[1].items: "items" must list item numbers');
    // The same mistakes in a file: the same messages, with lines instead of paths.
    expect(messageOf(() => parseSpec('title: x\nsections:\n  - targets\nthme: neutral\n', 'my.yaml'))).toContain('my.yaml:4:1: unknown key "thme" of the spec');
    expect(messageOf(() => parseSpec('title: x\nsections:\n  - targets\n  - area: industry\n    items: [one]\n', 'my.yaml'))).toContain('my.yaml:5:12: "items" must list item numbers');
  });

  it('refuses what is not an object', () => {
    expect(() => parseSpecObject(['targets'])).toThrow(UserError);
    expect(messageOf(() => parseSpecObject('title: x'))).toContain('the spec must be an object');
  });

  it('builds deck.html and brief.html like a spec file', async () => {
    const out = path.join(dir, 'object');
    const r = await build({ spec: { title: 'From memory', sections: ['targets'] }, out });
    expect(r.outDir).toBe(out);
    expect(r.files).toEqual(expect.arrayContaining(['deck.html', 'brief.html']));
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toContain('From memory');
    // And byte for byte what the same spec as a file builds.
    const file = path.join(dir, 'same.yaml');
    await writeFile(file, 'title: From memory\nsections:\n  - targets\n');
    await build({ spec: file, out: path.join(dir, 'file') });
    for (const page of ['deck.html', 'brief.html']) {
      expect(await readFile(path.join(out, page), 'utf8')).toBe(await readFile(path.join(dir, 'file', page), 'utf8'));
    }
  });

  it('unknown selections are typed errors with paths and hints', async () => {
    const err = await validate({ spec: { title: 'x', sections: ['targets', { area: 'industri' }] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const text = formatError(err).lines.join('\n');
    expect(text).toContain('spec at sections[1].area: unknown area "industri"');
    expect(text).toContain('did you mean "industry"?');
  });
});

describe('validate and listCorpus', () => {
  it('validate says what a spec selects', async () => {
    const v = await validate({ spec: { title: 'x', language: 'zh', sections: ['targets', { support: ['compute', 'data'] }] } });
    expect(v.briefing.language).toBe('zh');
    // targets, then one group per support.
    expect(v.briefing.groups.length).toBe(3);
  });
  it('search finds sections in Chinese and English', async () => {
    const zh = await search('汽车');
    expect(zh.lang).toBe('zh');
    expect(zh.hits.length).toBeGreaterThan(0);
    expect(zh.hits[0]!.spec.length).toBeGreaterThan(0);
    const en = await search('connected vehicles', { limit: 3 });
    expect(en.hits.map((h) => h.id)).toContain(zh.hits[0]!.id);
  });
  it('listCorpus gives the lines of `briefing list`', async () => {
    const lines = await listCorpus({ lang: 'en' });
    expect(lines.some((l) => /^\s+targets\s/.test(l))).toBe(true);
  });
});

describe('batch', () => {
  it('one failing spec does not stop the others; the exit code is the worst one', async () => {
    const err: string[] = [];
    const r = await buildBatch(['specs/governance-safety.yaml', path.join(dir, 'missing.yaml'), { title: 'x', sections: ['nope-not-an-id'] }, { title: 'y', sections: ['targets'] }], { out: path.join(dir, 'batch'), io: { out: () => {}, err: (l) => err.push(l) } });
    expect(r.items.map((i) => i.exitCode)).toEqual([0, 2, 2, 0]);
    expect(r.exitCode).toBe(2);
    expect(r.browserStarts).toBe(0);
    expect(r.items[0]!.result!.outDir).toBe(path.join(dir, 'batch', 'governance-safety'));
    expect(r.items[3]!.result!.outDir).toBe(path.join(dir, 'batch', 'spec-4'));
    expect(await readFile(path.join(dir, 'batch', 'spec-4', 'deck.html'), 'utf8')).toContain('<html');
    // One progress line per spec.
    expect(err.filter((l) => /^\[\d\/4\] /.test(l))).toHaveLength(4);
  });

  it('with --out as their parent, two specs of one name are refused before anything is built', async () => {
    const a = path.join(dir, 'a', 'board.yaml');
    const b = path.join(dir, 'b', 'board.yaml');
    await Promise.all([a, b].map(async (f) => (await import('node:fs/promises')).mkdir(path.dirname(f), { recursive: true }).then(() => writeFile(f, 'title: x\nsections: [targets]\n'))));
    const lines: string[] = [];
    const code = await main(['build', a, b, '--out', path.join(dir, 'same')], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain(`two specs would build into ${path.join(dir, 'same', 'board')}`);
  });

  it('the CLI prints a summary table with a row per spec', async () => {
    const out: string[] = [];
    const code = await main(['build', 'specs/governance-safety.yaml', path.join(dir, 'nope.yaml'), '--out', path.join(dir, 'cli')], { out: (l) => out.push(l), err: () => {} });
    expect(code).toBe(2);
    expect(out[0]).toMatch(/^spec\s+result\s+slides\s+folder\s+files\s+time$/);
    expect(out[1]).toMatch(/^specs\/governance-safety\.yaml\s+ok\s+\d+\s/);
    expect(out[2]).toMatch(/nope\.yaml\s+error \(2\)/);
    expect(out[3]).toBe('1 of 2 built');
  });
});

it('UserErrors are exported for callers that catch several problems', () => {
  expect(new UserErrors([]).exitCode).toBe(2);
});

describe('a corpus given to build', () => {
  it('as loaded, is frozen; a changed copy is built from its own text, and the original still from its own', async () => {
    const { loadCorpus } = await import('../../src/index.js');
    const corpus = await loadCorpus();
    const targets = corpus.sections.find((s) => s.id === 'targets')!;
    expect(() => {
      (targets as { title: unknown }).title = { zh: 'x', en: 'x' };
    }).toThrow(TypeError);
    const copy = structuredClone(corpus);
    const mine = copy.sections.find((s) => s.id === 'targets')!;
    mine.title = { zh: mine.title.zh, en: 'Changed in a copy' };
    const spec = { title: 'A copy', sections: ['targets'] };
    await build({ spec, out: path.join(dir, 'copy'), corpus: copy });
    expect(await readFile(path.join(dir, 'copy', 'deck.html'), 'utf8')).toContain('Changed in a copy');
    await build({ spec, out: path.join(dir, 'original'), corpus });
    const original = await readFile(path.join(dir, 'original', 'deck.html'), 'utf8');
    expect(original).not.toContain('Changed in a copy');
    expect(original).toContain(targets.title.en);
  });
});
