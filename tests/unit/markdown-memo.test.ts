/**
 * The corpus Markdown's HTML kept between runs (src/render/markdown-memo.ts): a build that renders its pages takes a
 * text's HTML from the entry, writes the entry only when it made HTML, and its pages are those of a build without it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'markdown-memo');

/** The memo module and the build, fresh (the memo is read once per process: a new module is a new process here). */
async function fresh() {
  vi.resetModules();
  const { build } = await import('../../src/build.js');
  const memo = await import('../../src/render/markdown-memo.js');
  return { build, memo };
}

const SPEC = ['title: Markdown memo', 'language: bilingual', 'sections:', '  - targets', '  - area: industry', ''].join('\n');
const entries = async () => (await readdir(cache.dir).catch(() => [] as string[])).filter((n) => n.startsWith('markdown-'));

describe('the Markdown memo', () => {
  it('is written by a build that renders, read by the next, and gives the pages a build without it gives', async () => {
    const spec = path.join(cache.root, 'memo.yaml');
    await writeFile(spec, SPEC);
    const deckOf = async (out: string) => readFile(path.join(cache.root, out, 'deck.html'), 'utf8');

    process.env.BRIEFING_NO_CACHE = '1';
    let { build } = await fresh();
    await build({ spec, out: path.join(cache.root, 'plain'), overrides: { title: 'One' } });
    delete process.env.BRIEFING_NO_CACHE;
    expect(await entries()).toEqual([]);

    ({ build } = await fresh());
    await build({ spec, out: path.join(cache.root, 'first'), overrides: { title: 'One' } });
    const [name] = await entries();
    expect(name).toBeDefined();
    expect(await deckOf('first')).toBe(await deckOf('plain'));
    const file = path.join(cache.dir, name!);
    const text = await readFile(file, 'utf8');
    const body = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { block: [string, string][]; inline: [string, string][] };
    expect(body.block.length).toBeGreaterThan(3);
    expect(body.inline.length).toBeGreaterThan(3);

    // Another title: the pages are rendered again, every text from the entry; nothing new to write.
    const { build: again, memo } = await fresh();
    // (Compared by content: reading an entry touches its time, for pruning.)
    await again({ spec, out: path.join(cache.root, 'second'), overrides: { title: 'Two' } });
    expect(await deckOf('second')).toContain('Two');
    expect(await readFile(file, 'utf8')).toBe(text);
    await memo.saveMarkdownMemo();
    expect(await readFile(file, 'utf8')).toBe(text);

    // The entry is what is used: a text's HTML changed in it is the HTML the next render shows.
    const [plainText] = body.inline.find(([t]) => /[\u4e00-\u9fff]/.test(t))!;
    const marked = { ...body, inline: body.inline.map(([t, h]): [string, string] => [t, t === plainText ? '<b>FROM THE MEMO</b>' : h]) };
    const { writeCachedJson } = await import('../../src/util/cache.js');
    const { z } = await import('zod');
    const key = /^markdown-([0-9a-f]+)\.json$/.exec(name!)![1]!;
    await writeCachedJson('markdown', key, marked, z.any());
    ({ build } = await fresh());
    await build({ spec, out: path.join(cache.root, 'third'), overrides: { title: 'Three' } });
    expect(await deckOf('third')).toContain('<b>FROM THE MEMO</b>');

    // In the same process, a build without the cache, or with another cache folder, does not use what it read.
    process.env.BRIEFING_NO_CACHE = '1';
    await build({ spec, out: path.join(cache.root, 'no-cache'), overrides: { title: 'Four' } });
    delete process.env.BRIEFING_NO_CACHE;
    expect(await deckOf('no-cache')).not.toContain('FROM THE MEMO');
    process.env.BRIEFING_CACHE_DIR = path.join(cache.root, 'other-cache');
    await build({ spec, out: path.join(cache.root, 'other'), overrides: { title: 'Five' } });
    expect(await deckOf('other')).not.toContain('FROM THE MEMO');
    const other = (await readdir(path.join(cache.root, 'other-cache'))).filter((n) => n.startsWith('markdown-'));
    expect(other).toHaveLength(1);
    expect(await readFile(path.join(cache.root, 'other-cache', other[0]!), 'utf8')).not.toContain('FROM THE MEMO');
  }, 120_000);
});
