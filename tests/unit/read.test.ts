/** The one bounded reader every input goes through: regular files only, fstat first, never more than the limit. */
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { LIMITS, ReadError, readBounded, readBoundedSync, readTextBounded } from '../../src/util/read.js';
import { isolated, sourceModule } from '../helpers/isolated.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let dir: string;
beforeAll(async () => {
  dir = await tempDir('read');
});

async function failure(p: Promise<unknown>): Promise<ReadError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ReadError);
    expect(err).toBeInstanceOf(UserError);
    return err as ReadError;
  }
  throw new Error('expected the read to fail');
}

// The same checks and errors, through the thread pool and without it (the cache's entries).
const readers: [string, typeof readBounded][] = [
  ['readBounded', readBounded],
  ['readBoundedSync', (file, options) => Promise.resolve().then(() => readBoundedSync(file, options))],
];

describe.each(readers)('%s', (name, read) => {
  // A folder of its own for each reader: the tests make the same files.
  beforeAll(async () => {
    dir = await tempDir('read');
  });

  it('reads a regular file whole, up to and including the limit', async () => {
    const f = path.join(dir, 'ten.txt');
    await writeFile(f, '0123456789');
    expect((await read(f, { limit: 10, what: 'test file' })).toString()).toBe('0123456789');
    const e = await failure(read(f, { limit: 9, what: 'test file' }));
    expect(e.code).toBe('EFBIG');
    expect(e.details.location?.file).toBe(f);
    expect(e.message).toMatch(/too large/);
  });

  it('refuses /dev/zero (a device) without reading it', async () => {
    const e = await failure(read('/dev/zero', { limit: LIMITS.spec, what: 'spec file' }));
    expect(e.code).toBe('ENOTREG');
    expect(e.message).toMatch(/^spec file is a device/);
    expect(e.details.location?.file).toBe('/dev/zero');
  });

  it('refuses a FIFO at once: opening it does not wait for a writer', async () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const options = { limit: LIMITS.spec, what: 'spec file' };
    // The synchronous reader in a child process: were its open to wait for a writer, this process would wait with it.
    const e =
      name === 'readBoundedSync'
        ? isolated<{ code: string; message: string; file: string }>(
            `import { readBoundedSync } from ${sourceModule('src/util/read.ts')};
             try { readBoundedSync(${JSON.stringify(fifo)}, ${JSON.stringify(options)}); console.log('{}'); }
             catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, file: e.details?.location?.file })); }`,
          )
        : await failure(read(fifo, options)).then((r) => ({ code: r.code, message: r.message, file: r.details.location?.file }));
    expect(e.code).toBe('ENOTREG');
    expect(e.message).toMatch(/named pipe/);
    expect(e.file).toBe(fifo);
  });

  it('refuses a folder, also one whose name looks like a file', async () => {
    const folder = path.join(dir, 'x.md');
    await mkdir(folder);
    const e = await failure(read(folder, { limit: LIMITS.corpusFile, what: 'corpus file' }));
    expect(e.code).toBe('EISDIR');
    expect(e.message).toBe('corpus file is a folder, not a file');
  });

  it('refuses a 3 GiB (sparse) file from its size, before reading anything', async () => {
    const big = path.join(dir, 'big.yaml');
    await writeFile(big, '');
    await truncate(big, 3 * 2 ** 30);
    const e = await failure(read(big, { limit: LIMITS.spec, what: 'spec file' }));
    expect(e.code).toBe('EFBIG');
    expect(e.details.found).toBe('3 GiB');
    expect(e.details.expected).toBe('at most 256 KiB');
  });

  it('follows a link to a regular file, but not one to a device', async () => {
    const target = path.join(dir, 'target.txt');
    await writeFile(target, 'hello');
    const link = path.join(dir, 'link.txt');
    await symlink(target, link);
    expect((await read(link, { limit: 100, what: 'test file' })).toString()).toBe('hello');
    const dev = path.join(dir, 'dev.txt');
    await symlink('/dev/zero', dev);
    expect((await failure(read(dev, { limit: 100, what: 'test file' }))).code).toBe('ENOTREG');
  });

  it('names the path and says what is wrong for a missing file, a path through a file, a link loop', async () => {
    const missing = await failure(read(path.join(dir, 'nope.yaml'), { limit: 100, what: 'spec file' }));
    expect([missing.code, missing.message]).toEqual(['ENOENT', 'spec file not found']);
    await writeFile(path.join(dir, 'plain'), 'x');
    expect((await failure(read(path.join(dir, 'plain', 'a.md'), { limit: 100, what: 'corpus file' }))).code).toBe('ENOTDIR');
    await symlink(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    await symlink(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    const loop = await failure(read(path.join(dir, 'loop-a'), { limit: 100, what: 'corpus file' }));
    expect(loop.code).toBe('ELOOP');
    expect(loop.details.location?.file).toBe(path.join(dir, 'loop-a'));
  });

  it('a file whose size fstat gives as 0 (/proc) is still read, and still bounded', async () => {
    if (process.platform !== 'linux') return;
    const text = (await read('/proc/self/status', { limit: 1 << 20, what: 'test file' })).toString();
    expect(text).toMatch(/^Name:/);
    expect((await failure(read('/proc/self/status', { limit: 10, what: 'test file' }))).code).toBe('EFBIG');
  });

  it('states its limits, the same as import and translate use', async () => {
    const { MAX_IMPORT_BYTES } = await import('../../src/import/index.js');
    const { MAX_XLIFF_BYTES } = await import('../../src/translate/index.js');
    expect([MAX_IMPORT_BYTES, MAX_XLIFF_BYTES]).toEqual([LIMITS.importText, LIMITS.xliff]);
    expect(LIMITS).toEqual({ spec: 256 * 1024, corpusFile: 4 * 2 ** 20, corpusTotal: 64 * 2 ** 20, stylesheet: 4 * 2 ** 20, template: 4 * 2 ** 20, importText: 4 * 2 ** 20, xliff: 32 * 2 ** 20, cacheEntry: 32 * 2 ** 20 });
  });
});

describe('readTextBounded', () => {
  it('decodes UTF-8 and refuses text that is not', async () => {
    const ok = path.join(dir, 'ok.md');
    await writeFile(ok, '中文 text');
    expect(await readTextBounded(ok, { limit: 100, what: 'corpus file' })).toBe('中文 text');
    const bad = path.join(dir, 'bad.md');
    await writeFile(bad, Buffer.from([0x61, 0xff, 0x62]));
    const e = await failure(readTextBounded(bad, { limit: 100, what: 'corpus file' }));
    expect(e.code).toBe('EILSEQ');
    expect(e.message).toBe('corpus file is not valid UTF-8 text');
  });
});
