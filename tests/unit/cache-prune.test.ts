/** The cache keeps the newest eight entries of each kind, newest by their last write or read. */
import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCached, writeCached } from '../../src/util/cache.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'prune');

describe('cache pruning', () => {
  it('keeps an entry that is read again and again, and drops the one used least lately', async () => {
    const file = (key: string) => path.join(cache.dir, `probe-${key}.json`);
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    for (const [i, k] of keys.entries()) {
      await writeCached('probe', k, `entry ${k}`);
      // Written one after the other, an hour apart: k0 the oldest.
      const t = new Date(Date.now() - (10 - i) * 3_600_000);
      await utimes(file(k), t, t);
    }
    expect(await readCached('probe', 'k0')).toBe('entry k0');
    await new Promise((r) => setTimeout(r, 50)); // the read's touch is not awaited
    await writeCached('probe', 'k8', 'entry k8');
    const left = (await readdir(cache.dir)).filter((n) => n.startsWith('probe-')).sort();
    expect(left).toHaveLength(8);
    expect(left).toContain('probe-k0.json');
    expect(left).not.toContain('probe-k1.json');
  });
});
