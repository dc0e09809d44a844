/** The font chunk table from the on-disk cache is the one parsed from the Fontsource stylesheets. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFontChunks } from '../../src/render/assets.js';
import { codePoints, parseFontFaces, rangePairs } from '../../src/render/fonts.js';
import { packageFile } from '../../src/paths.js';
import { writeCached } from '../../src/util/cache.js';
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
