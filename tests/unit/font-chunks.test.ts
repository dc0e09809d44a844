/** The font chunk table from the on-disk cache is the one parsed from the Fontsource stylesheets. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontPlan, readFontChunks } from '../../src/render/assets.js';
import { codePoints, parseFontFaces, rangePairs } from '../../src/render/fonts.js';
import { packageFile } from '../../src/paths.js';
import { readCached, writeCached } from '../../src/util/cache.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'fonts');

describe('the font chunk table in the cache', () => {
  it('is stored once and read back equal to a fresh parse; a damaged entry is parsed again', async () => {
    const sc = packageFile('@fontsource/noto-sans-sc/400.css');
    const parsed = parseFontFaces(await readFile(sc, 'utf8'));
    const first = await readFontChunks();
    const entries = (await readdir(cache.dir)).filter((n) => n.startsWith('fonts-'));
    expect(entries).toHaveLength(1);
    const second = await readFontChunks();
    expect(second).toEqual(first);
    const ranges = first.reduce((n, c) => n + c.ranges.length / 2, 0);
    expect(ranges).toBeGreaterThan(10_000);
    // The Chinese 400 chunks, with absolute file names, as parsed from the stylesheet.
    const mine = second.filter((c) => c.family === parsed[0]!.family && c.weight === 400);
    expect(mine).toEqual(parsed.map((c) => ({ ...c, file: path.join(path.dirname(sc), c.file) })));

    const key = /^fonts-([0-9a-f]+)\.json$/.exec(entries[0]!)![1]!;
    // A valid entry is what is used (so the table above did come from it).
    // Written by hand (not checked when written): checked when read.
    await writeCached('fonts', key, JSON.stringify({ chunks: [{ family: 'FROM CACHE', weight: 400, style: 'normal', file: '/x.woff2', ranges: [32, 126, 0x4e00, 0x4e00] }] }));
    const cached = await readFontChunks();
    expect(cached).toEqual([{ family: 'FROM CACHE', weight: 400, style: 'normal', file: '/x.woff2', ranges: Uint32Array.from([32, 126, 0x4e00, 0x4e00]) }]);
    expect(rangePairs(cached[0]!.ranges)).toEqual([[32, 126], [0x4e00, 0x4e00]]);
    // Damaged entries are parsed again: not numbers, not pairs, lo > hi, beyond Unicode, empty.
    for (const ranges of [7, 'U+20-7E', [32, 126, 5], [126, 32], [0x110000, 0x110000], [-1, 5], []]) {
      await writeCached('fonts', key, JSON.stringify({ chunks: [{ family: 'BAD', weight: 400, style: 'normal', file: '/x.woff2', ranges }] }));
      expect((await readFontChunks())[0]!.family, JSON.stringify(ranges)).not.toBe('BAD');
    }
    await writeCached('fonts', key, JSON.stringify({ chunks: [{ family: 7 }] }));
    expect(await readFontChunks()).toEqual(first);
  });
});

describe('the font plan in the cache', () => {
  const css = (plan: Awaited<ReturnType<typeof fontPlan>>) => plan.files.find((f) => f.to === 'assets/fonts/fonts.css');
  const text = [...'AI+ 人工智能行动 ✓'].map((c) => c.codePointAt(0)!);
  // Two characters no shipped font has (a private-use one and one of Linear A), one before the text, one after.
  const used = (order: number[]) => new Set([0xe000, ...order, 0x10600]);

  it('is the plan made from the chunk table, read back for the same characters in any order', async () => {
    const made = await fontPlan(used(text));
    const entries = (await readdir(cache.dir)).filter((n) => n.startsWith('font-plan-'));
    expect(entries).toHaveLength(1);
    expect(made.missing).toEqual(['\ue000', '\u{10600}']);
    const files = made.files.filter((f) => 'from' in f);
    expect(files.length).toBeGreaterThan(2);
    expect(css(made)).toMatchObject({ content: expect.stringContaining("font-family: 'Noto Sans SC'") });

    // The same set in another order: the same entry, and the missing characters in the order of this set.
    const again = await fontPlan(new Set([0x10600, ...[...text].reverse(), 0xe000]));
    expect((await readdir(cache.dir)).filter((n) => n.startsWith('font-plan-'))).toEqual(entries);
    expect(again.files).toEqual(made.files);
    expect(again.missing).toEqual(['\u{10600}', '\ue000']);

    // The entry is what is used: changed in place (kept checked, as written), the next plan is the changed one.
    const key = /^font-plan-([0-9a-f]+)\.json$/.exec(entries[0]!)![1]!;
    const stored = JSON.parse((await readCached('font-plan', key))!) as { css: string };
    await writeCached('font-plan', key, JSON.stringify({ ...stored, css: '/* FROM CACHE */' }));
    // Written by hand, so not marked checked: read back through its schema, and used.
    expect(css(await fontPlan(used(text)))).toMatchObject({ content: '/* FROM CACHE */' });
    // Damaged: made again from the chunk table.
    await writeCached('font-plan', key, JSON.stringify({ ...stored, fonts: [{ from: 7 }] }));
    expect((await fontPlan(used(text))).files).toEqual(made.files);
  });

  it('is made anew for other characters', async () => {
    const a = await fontPlan(used(text));
    const b = await fontPlan(used([...text, '龘'.codePointAt(0)!]));
    expect((await readdir(cache.dir)).filter((n) => n.startsWith('font-plan-'))).toHaveLength(2);
    expect(b.files.length).toBeGreaterThanOrEqual(a.files.length);
    expect(css(b)).not.toEqual(css(a));
  });
});

describe('codePoints', () => {
  it('gives each code point once, in the order of first appearance, surrogate pairs as one', () => {
    expect([...codePoints('ba中b😀a\ud800x😀')]).toEqual([0x62, 0x61, 0x4e2d, 0x1f600, 0xd800, 0x78]);
  });
});

describe('htmlCodePoints', () => {
  it('is codePoints of the documents’ visible text joined (htmlText), made in one pass', async () => {
    const { htmlCodePoints, htmlText } = await import('../../src/render/fonts.js');
    const docs = [
      '<p class="a">进程，探索 &amp; &lt;b&gt; &#x4e2d;&#20013; &nbsp;&unknown; a<>b <b>x</b></p>&#xD83D;',
      '&#xDE00;<script>var 脚本 = 1;</script><STYLE>.样式{}</STYLE>< no close 尾',
    ];
    const expected = [...codePoints(docs.map(htmlText).join('') + 'AB')];
    const got = [...htmlCodePoints(docs, 'AB')];
    expect(got).toEqual(expected);
    expect(got).toContain(0x1f600); // a surrogate pair made of two entities, across the documents
    expect(got).not.toContain('脚'.codePointAt(0));
    expect(got).not.toContain('样'.codePointAt(0));
    expect(got).toContain('尾'.codePointAt(0));
  });
});
