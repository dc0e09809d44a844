/** The corpus is a tree: cycles are found in linear time, walks are loops and end even on a corpus that is not a tree. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { MAX_DEPTH, ancestors, depths, parentCycles } from '../../src/corpus/tree.js';
import type { Corpus, Section } from '../../src/corpus/types.js';
import { listDocument } from '../../src/cli/list.js';
import { DEFAULTS } from '../../src/paths.js';
import { allErrors } from '../helpers/errors.js';
import { realCorpus } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const nodes = (links: Record<string, string | undefined>) => {
  const list = Object.entries(links).map(([id, parent]) => ({ id, ...(parent ? { parent } : {}) }));
  return { list, byId: new Map(list.map((n) => [n.id, n])) };
};

describe('parentCycles', () => {
  it('finds a self-parent, a two-cycle and a longer one, each once, from its first member', () => {
    const { list, byId } = nodes({ a: 'a', b: 'c', c: 'b', d: 'e', e: 'f', f: 'd', g: 'd', h: undefined, i: 'h', j: 'missing' });
    expect(parentCycles(list, byId)).toEqual([['a', 'a'], ['b', 'c', 'b'], ['d', 'e', 'f', 'd']]);
  });

  it('a section that leads into a cycle is not itself on it', () => {
    const { list, byId } = nodes({ x: 'a', a: 'b', b: 'a' });
    expect(parentCycles(list, byId)).toEqual([['a', 'b', 'a']]);
  });

  it('a chain of 100,000 without a cycle: none, no stack overflow', () => {
    const links: Record<string, string | undefined> = { n0: undefined };
    for (let i = 1; i < 100_000; i++) links[`n${i}`] = `n${i - 1}`;
    const { list, byId } = nodes(links);
    expect(parentCycles(list, byId)).toEqual([]);
    const d = depths(list, byId);
    expect(d.get('n99999')).toBe(99_999);
    expect(d.get('n0')).toBe(0);
  });

  it('depths leave out what is on or under a cycle', () => {
    const { list, byId } = nodes({ r: undefined, c: 'r', g: 'c', a: 'b', b: 'a', u: 'a' });
    expect(Object.fromEntries(depths(list, byId))).toEqual({ r: 0, c: 1, g: 2 });
  });
});

describe('walks that end whatever the corpus', () => {
  const cyclic = async (): Promise<Corpus> => {
    const real = await realCorpus();
    const sections: Section[] = real.sections.map((s) => (s.id === 'industry' ? { ...s, parent: 'industry-agriculture' } : { ...s }));
    return { ...real, sections, byId: new Map(sections.map((s) => [s.id, s])) };
  };

  it('ancestors() of a section on a cycle lists each once', async () => {
    const corpus = await cyclic();
    expect(ancestors(corpus, corpus.byId.get('industry-agriculture')!).map((s) => s.id)).toEqual(['industry']);
    expect(ancestors(corpus, corpus.byId.get('industry')!).map((s) => s.id)).toEqual(['industry-agriculture']);
  });

  it('list --doc on a corpus with a cycle ends (it overflowed the stack)', async () => {
    const lines = listDocument(await cyclic(), 'ai-plus-opinions', 'en');
    expect(lines.filter((l) => /^\s+industry\s/.test(l))).toHaveLength(1);
  });
});

describe('loading', () => {
  it(`refuses a tree deeper than ${MAX_DEPTH} levels, naming the section`, async () => {
    const dir = await tempDir('deep');
    await cp(DEFAULTS.content, dir, { recursive: true });
    const base = await readFile(path.join(dir, 'ai-plus-opinions', 'industry-agriculture.md'), 'utf8');
    for (let i = 0; i <= MAX_DEPTH + 1; i++) {
      const text = base.replace(/^id: .*$/m, `id: deep-${i}`).replace(/^parent: .*$/m, `parent: ${i ? `deep-${i - 1}` : 'industry'}`).replace(/^order: .*$/m, `order: ${900 + i}`);
      await writeFile(path.join(dir, 'ai-plus-opinions', `deep-${i}.md`), text);
    }
    const errors = allErrors(await loadCorpus(dir, { cache: false }).catch((e: unknown) => e));
    // industry-agriculture's area is at depth 2 (key-actions → industry): deep-0 is at 2, deep-30 at 32.
    expect(errors.map((e) => e.message)).toEqual(['section "deep-31" is nested too deep']);
    expect(errors[0]!.details.location).toMatchObject({ file: path.join(dir, 'ai-plus-opinions', 'deep-31.md'), line: 4, column: 9 });
  });
});
