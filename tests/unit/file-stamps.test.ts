/** The corpus cache key from file stamps: a changed file must be seen, whatever it kept of its old stat. */
import { cp, readFile, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { DEFAULTS } from '../../src/paths.js';
import { fileStamps, RACY_MS, settled } from '../../src/util/file-stamps.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'stamps');

/** Later than RACY_MS after any file written by the test: a stamp taken "then" is trusted. */
const later = () => Date.now() + 10 * RACY_MS;
/** Wait until the file system's clock has moved past the file's ctime, so a new write gets a new one. */
const tick = async (file: string) => {
  const { ctimeMs } = await stat(file);
  while (Date.now() <= ctimeMs + 20) await new Promise((r) => setTimeout(r, 10));
};

async function corpusCopy() {
  const content = path.join(cache.root, 'content');
  await cp(DEFAULTS.content, content, { recursive: true });
  const dir = path.join(content, 'ai-plus-opinions');
  const file = path.join(dir, (await readdir(dir)).find((n) => n.includes('targets'))!);
  return { content, file };
}

/** The English title's first word changed for another of the same size in bytes. */
const sameSize = (text: string, to: string) => {
  const out = text.replace(/^(title:\n(?:  zh: .*\n)?  en: ")Targets/m, `$1${to}`);
  expect(out).not.toBe(text);
  expect(Buffer.byteLength(out)).toBe(Buffer.byteLength(text));
  return out;
};

describe('corpus cache keys from file stamps', () => {
  it('reads no file whose stamp is settled and unchanged', async () => {
    const { content } = await corpusCopy();
    const files = [path.join(content, 'ai-plus-opinions', '_document.yaml')];
    const first = await fileStamps(content, files, later());
    expect(first.known(files[0]!)).toBeUndefined();
    first.read(files[0]!, await readFile(files[0]!, 'utf8'));
    await first.save();
    const second = await fileStamps(content, files, later());
    expect(second.known(files[0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never trusts the stamp of a file changed just before it was taken (two writes in one clock tick)', async () => {
    const now = Date.now();
    expect(settled({ mtimeMs: now - 10, ctimeMs: now - 10 }, now)).toBe(false);
    expect(settled({ mtimeMs: now - RACY_MS - 1, ctimeMs: now - 10 }, now)).toBe(false); // mtime put back: ctime counts
    expect(settled({ mtimeMs: now + 60_000, ctimeMs: now - 2 * RACY_MS }, now)).toBe(false); // a mtime in the future
    expect(settled({ mtimeMs: now - 2 * RACY_MS, ctimeMs: now - 2 * RACY_MS }, now)).toBe(true);

    const { content, file } = await corpusCopy();
    const stamps = await fileStamps(content, [file]); // taken now: the file was just written
    stamps.read(file, await readFile(file, 'utf8'));
    await stamps.save();
    expect((await fileStamps(content, [file], later())).known(file)).toBeUndefined();
  });

  it('sees a file changed with the same size and the same mtime (ctime moves; no program can set it back)', async () => {
    const { content, file } = await corpusCopy();
    // A whole second, which utimes can set exactly again.
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(file, past, past);
    const first = await loadCorpus(content, { now: later() });
    expect(first.byId.get('targets')!.title.en).toMatch(/^Targets for/);
    expect((await loadCorpus(content, { now: later() })).byId.get('targets')!.title.en).toBe(first.byId.get('targets')!.title.en);

    const before = await stat(file);
    await tick(file);
    await writeFile(file, sameSize(await readFile(file, 'utf8'), 'TARGETS'));
    await utimes(file, past, past);
    const after = await stat(file);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(after.ctimeMs).toBeGreaterThan(before.ctimeMs);
    expect((await loadCorpus(content, { now: later() })).byId.get('targets')!.title.en).toMatch(/^TARGETS for/);
  });

  it('sees a file replaced by another of the same size and mtime (a new inode)', async () => {
    const { content, file } = await corpusCopy();
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(file, past, past);
    await loadCorpus(content, { now: later() });
    const temp = `${file}.tmp`;
    await writeFile(temp, sameSize(await readFile(file, 'utf8'), 'Swapped'));
    await utimes(temp, past, past);
    await rename(temp, file);
    expect((await loadCorpus(content, { now: later() })).byId.get('targets')!.title.en).toMatch(/^Swapped for/);
  });

  it('a warm load gives the corpus a fresh parse gives', async () => {
    const { content } = await corpusCopy();
    const fresh = await loadCorpus(content, { cache: false });
    await loadCorpus(content, { now: later() });
    const warm = await loadCorpus(content, { now: later() });
    expect(warm.sections).toEqual(fresh.sections);
    expect(warm.quotes).toEqual(fresh.quotes);
  });
});
