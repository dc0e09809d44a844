import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFileAtomic, writeFileAtomic } from '../../src/util/fs.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

describe('atomic writes and copies', () => {
  it('copies once, skips an unchanged source, and copies again a source edited to the same size with an older date', async () => {
    const dir = await tempDir('fs');
    const src = path.join(dir, 'theme.css');
    const dst = path.join(dir, 'out', 'assets', 'theme.css');
    await writeFile(src, 'a { color: red; }');
    await copyFileAtomic(src, dst);
    const first = await stat(dst);
    await copyFileAtomic(src, dst);
    expect((await stat(dst)).ino).toBe(first.ino); // not rewritten
    await writeFile(src, 'a { color: tan; }'); // same size
    const old = new Date('2001-01-01T00:00:00Z');
    await utimes(src, old, old); // and older, as unzip or cp -p leave it
    await copyFileAtomic(src, dst);
    expect(await readFile(dst, 'utf8')).toBe('a { color: tan; }');
  });

  it('makes a folder again that was deleted after it was made (serve keeps running while out/ is removed)', async () => {
    const dir = await tempDir('fs');
    const target = path.join(dir, 'out', 'deck.html');
    await writeFileAtomic(target, 'one');
    await rm(path.join(dir, 'out'), { recursive: true });
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
  });
});
