/** The theme check's CSS scan through the cache: the same answer as a fresh scan, stored once, a damaged entry redone. */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCss } from '../../src/render/css-refs.js';
import { scanCssCached } from '../../src/render/css-scan.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const cache = testCache(tempDir, 'css-scan');

const entries = async () => (await readdir(cache.dir).catch(() => [] as string[])).filter((n) => n.startsWith('css-scan-'));
const CSS = ['@import "parts.css";', '.a { background: url(logo.svg); }', '.b { background: url("https://example.org/x.png"); }', '.c { background: image-set(var(--shade) 1x); }'].join('\n');

describe('the cached CSS scan', () => {
  it('gives what scanCss gives, refs and problems with their positions, from the cache the second time', async () => {
    const fresh = scanCss(CSS);
    expect(fresh.refs.map((r) => r.url)).toEqual(['parts.css', 'logo.svg', 'https://example.org/x.png']);
    expect(fresh.problems.length).toBeGreaterThan(0);
    expect(await scanCssCached(CSS)).toEqual(fresh);
    expect(await entries()).toHaveLength(1);
    expect(await scanCssCached(CSS)).toEqual(fresh);
    expect(await entries()).toHaveLength(1);
  });

  it('keys each text apart: another stylesheet is scanned, not served the first one', async () => {
    await scanCssCached(CSS);
    const other = '.x { background: url(other.png); }';
    expect((await scanCssCached(other)).refs.map((r) => r.url)).toEqual(['other.png']);
    expect(await entries()).toHaveLength(2);
  });

  it('scans again when the entry is damaged (JSON of another shape)', async () => {
    await scanCssCached(CSS);
    const [entry] = await entries();
    const file = path.join(cache.dir, entry!);
    await writeFile(file, 'briefing-cache 1 css-scan 0 sha256:0\n{"refs":[]}');
    expect(await scanCssCached(CSS)).toEqual(scanCss(CSS));
  });
});
