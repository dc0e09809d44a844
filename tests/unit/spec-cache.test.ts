/** The spec check kept in the cache (build/spec.ts): only for valid specs, the same result, lines still found. */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSpecFile } from '../../src/build/spec.js';
import { SPEC_KEYS, specSchemas } from '../../src/spec/schema.js';
import { readCachedJson, writeCached, writeCachedJson } from '../../src/util/cache.js';
import { z } from 'zod';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'spec-cache');
const specEntries = async () => (await readdir(cache.dir).catch(() => [] as string[])).filter((n) => n.startsWith('spec-'));

const SPEC = `title: Kept # a comment
language: bilingual
sections:
  - targets
  - area: industry
    items: [1, 3]
    takeaway: { en: "Ours", zh: "我们的" }
  - slide:
      title: Our slide
      points: ["One"]
deck: { quotes: false }
`;

describe('the kept spec check', () => {
  it('names the same keys as the schema (SPEC_KEYS is written out, so that the schema is made only when needed)', () => {
    expect([...SPEC_KEYS]).toEqual(Object.keys(specSchemas().spec.shape));
  });

  it('gives a valid spec back as it was checked, and places a later mistake at the same line', async () => {
    const file = path.join(cache.root, 'kept.yaml');
    await writeFile(file, SPEC);
    const first = await checkSpecFile(file);
    expect(first.errors).toEqual([]);
    expect(await specEntries()).toHaveLength(1);
    const second = await checkSpecFile(file);
    expect(second.errors).toEqual([]);
    const { locate: _l1, excerpt: _e1, ...a } = first.parsed!;
    const { locate: _l2, excerpt: _e2, ...b } = second.parsed!;
    expect(b).toEqual(a);
    expect(b.warnings?.[0]).toContain('YAML comment');
    expect(b.spec.sections.map((e) => e.kind)).toEqual(['id', 'group', 'slide']);
    for (const p of [['sections', 1, 'area'], ['deck', 'quotes'], ['sections', 2, 'slide', 'points', 0]]) {
      const loc = first.parsed!.locate(p);
      expect(loc.line).toBeGreaterThan(1);
      expect(second.parsed!.locate(p)).toEqual(loc);
      expect(second.parsed!.excerpt(loc)).toBe(first.parsed!.excerpt(loc));
    }
    // Read back, not checked again: a kept value changed by hand is what the next check gives.
    const key = /^spec-([0-9a-f]+)\.json$/.exec((await specEntries())[0]!)![1]!;
    const kept = (await readCachedJson('spec', key, z.any())) as { spec: { title: string } };
    await writeCachedJson('spec', key, { ...kept, spec: { ...kept.spec, title: 'Changed in the cache' } }, z.any());
    expect((await checkSpecFile(file)).parsed?.spec.title).toBe('Changed in the cache');
  });

  it('turns away an entry briefing did not write (not checked when written, of the wrong shape)', async () => {
    const file = path.join(cache.root, 'foreign.yaml');
    await writeFile(file, SPEC);
    await checkSpecFile(file);
    const key = /^spec-([0-9a-f]+)\.json$/.exec((await specEntries())[0]!)![1]!;
    await writeCached('spec', key, JSON.stringify({ spec: { title: 'Not ours', sections: 'none' }, name: 'x', warnings: [] }));
    const again = await checkSpecFile(file);
    expect(again.parsed?.spec.title).toBe('Kept');
    expect(again.parsed?.spec.sections).toHaveLength(3);
  });

  it('keeps no spec with mistakes, and sees an edit at once', async () => {
    const file = path.join(cache.root, 'edited.yaml');
    await writeFile(file, SPEC.replace('language: bilingual', 'language: klingon'));
    expect((await checkSpecFile(file)).errors[0]?.message).toContain('language');
    expect((await checkSpecFile(file)).errors[0]?.message).toContain('language');
    expect(await specEntries()).toHaveLength(0);
    await writeFile(file, SPEC);
    expect((await checkSpecFile(file)).parsed?.spec.language).toBe('bilingual');
    await writeFile(file, SPEC.replace('language: bilingual', 'language: zh'));
    expect((await checkSpecFile(file)).parsed?.spec.language).toBe('zh');
    expect(await specEntries()).toHaveLength(2);
  });

  it('is keyed by the path as given too: the same text elsewhere has its own locations', async () => {
    const a = path.join(cache.root, 'a.yaml');
    const b = path.join(cache.root, 'b.yaml');
    await writeFile(a, SPEC);
    await writeFile(b, SPEC);
    await checkSpecFile(a);
    const other = await checkSpecFile(b);
    expect(other.parsed?.file).toBe(b);
    expect(other.parsed?.name).toBe('b');
    expect(other.parsed?.locate(['title']).file).toBe(b);
  });
});
