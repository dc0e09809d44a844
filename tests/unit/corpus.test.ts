import { describe, expect, it } from 'vitest';
import { mkdir, writeFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { parseSectionFile } from '../../src/corpus/parse.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { AREAS, SUPPORTS } from '../helpers/corpus.js';
import { UserError, UserErrors } from '../../src/errors.js';
import { DEFAULTS } from '../../src/paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { EXPLAINER_SOURCE, OPINIONS_SOURCE, SHARED_SOURCES, SOURCES_DIR, realCorpus } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const section = (fm: string, body = '::: zh\n中文。\n:::\n\n::: en\nEnglish.\n:::\n') => `---\n${fm}\n---\n\n${body}`;
const base = `id: test-item
kind: item
parent: industry
order: 1
cite: { zh: "二(二)1", en: "Part II (2) 1" }
title: { zh: 标题, en: Title }
points: { zh: [一, 二], en: [one, two] }
tags: [industry]`;

const allErrors = (err: unknown): UserError[] => (err instanceof UserErrors ? err.errors : err instanceof UserError ? [err] : []);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserErrors) return err.errors[0]!;
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe.skipIf(!existsSync(SHARED_SOURCES))('the test copy of the raw sources', () => {
  it('is identical to the shared copy', () => {
    for (const f of [OPINIONS_SOURCE, EXPLAINER_SOURCE]) {
      expect(readFileSync(path.join(SOURCES_DIR, f), 'utf8'), f).toBe(readFileSync(path.join(SHARED_SOURCES, f), 'utf8'));
    }
  });
});

describe('the real corpus', () => {
  it('has the six areas with their 17 items and the eight supports, in document order', async () => {
    const c = await realCorpus();
    // The Opinions declare them as their groups (Part II's sub-parts are the areas, Part III's the supports).
    const groups = c.documents.find((d) => d.id === 'ai-plus-opinions')!.taxonomy!.groups;
    expect(groups.map((g) => [g.key, g.members.map((m) => m.section)])).toEqual([['area', [...AREAS]], ['support', [...SUPPORTS]]]);
    expect(AREAS.every((a) => c.byId.get(a)!.parent === 'key-actions') && SUPPORTS.every((s) => c.byId.get(s)!.parent === 'foundational-supports')).toBe(true);
    expect(c.documents.find((d) => d.id === 'ai-plus-explainer')!.taxonomy).toBeUndefined();
    expect(AREAS.map((a) => c.byId.get(a)?.kind)).toEqual(AREAS.map(() => 'area'));
    expect(SUPPORTS.map((s) => c.byId.get(s)?.kind)).toEqual(SUPPORTS.map(() => 'support'));
    const items = c.sections.filter((s) => s.kind === 'item');
    expect(items).toHaveLength(17);
    expect(AREAS.map((a) => items.filter((i) => i.parent === a).length)).toEqual([3, 4, 2, 3, 3, 2]);
    expect(SUPPORTS.map((s) => c.byId.get(s)!.number)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect(c.byId.get('industry-agriculture')!.cite).toEqual({ zh: '二(二)3', en: 'Part II (2) 3' });
  });

  it('gives every section both languages, 2–5 points in each, and the same number of points', async () => {
    const c = await realCorpus();
    for (const s of c.sections) {
      expect(s.title.zh && s.title.en, s.id).toBeTruthy();
      expect(s.points.zh.length, s.id).toBeGreaterThanOrEqual(2);
      expect(s.points.zh.length, s.id).toBeLessThanOrEqual(5);
      expect(s.points.en.length, s.id).toBe(s.points.zh.length);
      expect(!!s.text.zh, s.id).toBe(!!s.text.en);
      expect(/[\u4e00-\u9fff]/.test(s.text.en.replace(/“[^”]*”/g, '')), `Chinese in the English of ${s.id}`).toBe(false);
      expect(/[\u4e00-\u9fff]/.test(s.points.en.join(' ') + s.title.en), `Chinese in the English points of ${s.id}`).toBe(false);
    }
  });

  it('has the targets as data for 2027, 2030 and 2035 with the exact figures', async () => {
    const t = (await realCorpus()).byId.get('targets')!.targets!;
    expect([...new Set(t.map((x) => x.year))]).toEqual([2027, 2030, 2035]);
    expect(t.filter((x) => x.value.zh === '超70%' && x.year === 2027)).toHaveLength(1);
    expect(t.filter((x) => x.value.zh === '超90%' && x.year === 2030)).toHaveLength(1);
    for (const x of t) expect(x.indicator.en && x.value.en).toBeTruthy();
  });

  it('has every quote in both languages with known speakers', async () => {
    const c = await realCorpus();
    expect(c.quotes.length).toBeGreaterThanOrEqual(15);
    for (const q of c.quotes) {
      expect(q.text.zh && q.text.en, q.id).toBeTruthy();
      for (const sp of q.speakers) expect(c.speakers.has(sp), sp).toBe(true);
    }
    expect(c.speakers.size).toBe(9);
  });
});

describe('parseSectionFile', () => {
  it('reads front matter and both language blocks', () => {
    const s = parseSectionFile(section(base), 'x.md', 'doc');
    expect(s).toMatchObject({ id: 'test-item', kind: 'item', parent: 'industry', tags: ['industry'], text: { zh: '中文。', en: 'English.' } });
  });

  it('accepts CRLF line ends and a BOM', () => {
    const s = parseSectionFile(`\uFEFF${section(base)}`.replace(/\n/g, '\r\n'), 'x.md', 'doc');
    expect(s.text.en).toBe('English.');
  });

  it('rejects an unknown front-matter key with its line and a suggestion', () => {
    const e = userError(() => parseSectionFile(section(`${base}\ntitel: x`), 'x.md', 'doc'));
    expect(e.message).toContain('unknown key "titel"');
    expect(e.details.location?.line).toBe(10);
    expect(e.details.hint).toBe('did you mean "title"?');
  });

  it('requires both languages for a section with text', () => {
    const e = userError(() => parseSectionFile(section(base, '::: zh\n中文。\n:::\n'), 'x.md', 'doc'));
    expect(e.message).toContain('missing the "::: en" text block');
  });

  it('reports malformed YAML and unclosed front matter with a position', () => {
    expect(userError(() => parseSectionFile(section('id: [unclosed'), 'x.md', 'doc')).details.location?.file).toBe('x.md');
    expect(userError(() => parseSectionFile('---\nid: x\n', 'x.md', 'doc')).message).toContain('not closed');
    expect(userError(() => parseSectionFile('no front matter', 'x.md', 'doc')).details.location?.line).toBe(1);
  });

  it('rejects text outside the language blocks', () => {
    const e = userError(() => parseSectionFile(section(base, 'stray\n::: zh\n中文。\n:::\n::: en\nx\n:::\n'), 'x.md', 'doc'));
    expect(e.message).toBe('text outside a language block');
    expect(e.details.location?.line).toBe(12);
  });
});

describe('the taxonomy as data', () => {
  it('declares title keywords for every tag: what briefing import suggests tags from', async () => {
    const { tagKeywords, tagKeys } = await import('../../src/corpus/taxonomy.js');
    const { suggestTags } = await import('../../src/import/sections.js');
    const c = await realCorpus();
    const rules = tagKeywords(c.documents);
    expect(rules.map(([k]) => k).sort()).toEqual([...tagKeys(c.documents)].sort());
    for (const [key, words] of rules) for (const w of words) expect(suggestTags(`\u52a0\u5f3a${w}`, rules), w).toEqual([key]);
    expect(suggestTags('\u52a0\u5f3a\u6570\u636e', [])).toEqual([]);
  });
});

describe('loadCorpus', () => {
  async function copyCorpus(): Promise<string> {
    const dir = await tempDir('corpus');
    await cp(DEFAULTS.content, dir, { recursive: true });
    return dir;
  }

  it('reports a duplicate id naming both files', async () => {
    const dir = await copyCorpus();
    await writeFile(path.join(dir, 'ai-plus-opinions', 'copy.md'), section(base.replace('test-item', 'industry-agriculture')));
    const errors = allErrors(await loadCorpus(dir).catch((e: unknown) => e));
    const dup = errors.find((e) => e.message.includes('duplicate section id "industry-agriculture"'))!;
    expect(dup.details.hint).toMatch(/industry-agriculture\.md|copy\.md/);
  });

  it('checks tags against the taxonomies the documents declare: file, line, column and a suggestion', async () => {
    const dir = await copyCorpus();
    const file = path.join(dir, 'ai-plus-opinions', 'tagged.md');
    await writeFile(file, section(base.replace('test-item', 'tagged').replace('tags: [industry]', 'tags: [industry, indstry]')));
    const quotes = path.join(dir, 'ai-plus-explainer', 'quotes.yaml');
    await writeFile(quotes, readFileSync(quotes, 'utf8').replace(/tags: \[([a-z-]+)/, 'tags: [saftey, $1'));
    const errors = allErrors(await loadCorpus(dir, { cache: false }).catch((e: unknown) => e));
    const tag = errors.find((e) => e.message === 'unknown tag "indstry"')!;
    expect(tag.details.location).toEqual({ file, line: 9, column: 18 });
    expect(tag.details.hint).toBe('did you mean "industry"?');
    expect(tag.details.expected).toContain('science, industry');
    const q = errors.find((e) => e.message.startsWith('unknown tag "saftey" on quote'))!;
    expect([q.details.location?.file, q.details.hint]).toEqual([quotes, 'did you mean "safety"?']);
    expect(q.details.location?.line).toBeGreaterThan(1);
    expect(errors).toHaveLength(2);
  });

  it('an import is checked against the corpus\'s taxonomies: its suggested tags are known there, not in the document alone', async () => {
    const { importDocument } = await import('../../src/import/index.js');
    const dir = await copyCorpus();
    const io = { out: () => {}, err: () => {} };
    const r = await importDocument({ file: path.join('tests', 'fixtures', 'import', 'provincial-plan.txt'), id: 'prov-plan', content: dir }, io);
    expect(r.written.length).toBeGreaterThan(3);
    const c = await loadCorpus(dir, { cache: false });
    expect(c.sections.filter((s) => s.doc === 'prov-plan').flatMap((s) => s.tags)).toContain('compute');
    // Alone, the document declares no groups: its tags are unknown unless the corpus's are given.
    const alone = await tempDir('alone');
    await cp(path.join(dir, 'prov-plan'), path.join(alone, 'prov-plan'), { recursive: true });
    expect(allErrors(await loadCorpus(alone, { cache: false }).catch((e: unknown) => e))[0]?.message).toMatch(/^unknown tag "/);
    expect((await loadCorpus(alone, { cache: false, tags: [...AREAS, ...SUPPORTS] })).documents).toHaveLength(1);
  });

  it('checks a taxonomy: a member names a section of its document, a group key is not one of the spec\'s own', async () => {
    const dir = await copyCorpus();
    const docFile = path.join(dir, 'ai-plus-opinions', '_document.yaml');
    await writeFile(docFile, readFileSync(docFile, 'utf8').replace('- key: support', '- key: doc').replace('{ key: science,', '{ key: science, section: sciense,'));
    const errors = allErrors(await loadCorpus(dir, { cache: false }).catch((e: unknown) => e));
    const member = errors.find((e) => e.message === '"area" member "science" names no section of this document')!;
    expect([member.details.location?.file, member.details.found, member.details.hint]).toEqual([docFile, '"sciense"', 'did you mean "science"?']);
    expect(member.details.location?.line).toBe(readFileSync(docFile, "utf8").split("\n").findIndex((l) => l.includes("section: sciense")) + 1);
    expect(errors.find((e) => e.message === 'the group key "doc" is a key of the spec\'s own')?.details.location?.line).toBeGreaterThan(1);
  });

  it('reports an unknown parent and a folder without _document.yaml', async () => {
    const dir = await copyCorpus();
    await writeFile(path.join(dir, 'ai-plus-opinions', 'orphan.md'), section(base.replace('parent: industry', 'parent: industy').replace('test-item', 'orphan')));
    await mkdir(path.join(dir, 'stray'));
    const errors = allErrors(await loadCorpus(dir).catch((e: unknown) => e));
    expect(errors.map((e) => e.message)).toContain('a document folder needs a _document.yaml');
    expect(errors.find((e) => e.message === 'unknown parent "industy"')?.details.hint).toBe('did you mean "industry"?');
  });
});
