/** serve without a browser: what a rebuild tells the pages, and a spec caught half-written. */
import { cp, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/serve/index.js';
import { outputChanges } from '../../src/serve/outputs.js';
import { DEFAULTS } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

describe('outputChanges', () => {
  it('names the pages whose bytes changed and any other file changed, added or gone; a copy left alone is not', async () => {
    const root = await tempDir('outputs');
    await mkdir(path.join(root, 'assets'));
    const put = (rel: string, text: string) => writeFile(path.join(root, rel), text);
    await Promise.all([put('deck.html', 'deck 1'), put('brief.html', 'brief 1'), put('assets/fonts.css', 'a'), put('assets/reveal.js', 'r'), put('assets/old.png', 'o'), put('manifest.json', '1')]);
    const files = ['deck.html', 'brief.html', 'assets/fonts.css', 'assets/reveal.js', 'assets/old.png', 'manifest.json'];
    const first = await outputChanges(root, files);
    expect(first.pages).toEqual(['brief.html', 'deck.html']);
    // Written again: deck.html with new bytes, brief.html and fonts.css with the same ones (new times); reveal.js
    // untouched; old.png gone; a logo added; the manifest changed (no page loads it).
    const later = new Date(Date.now() + 5000);
    await Promise.all([put('deck.html', 'deck 2'), put('brief.html', 'brief 1'), put('assets/fonts.css', 'a'), put('assets/logo.svg', '<svg/>'), put('manifest.json', '2')]);
    await Promise.all(['brief.html', 'assets/fonts.css'].map((f) => utimes(path.join(root, f), later, later)));
    const second = await outputChanges(root, ['deck.html', 'brief.html', 'assets/fonts.css', 'assets/reveal.js', 'assets/logo.svg', 'manifest.json'], first.fingerprints);
    expect(second.pages).toEqual(['deck.html']);
    expect(second.assets).toEqual(['assets/logo.svg', 'assets/old.png']);
    const third = await outputChanges(root, ['deck.html', 'brief.html', 'assets/fonts.css', 'assets/reveal.js', 'assets/logo.svg', 'manifest.json'], second.fingerprints);
    expect([third.pages, third.assets]).toEqual([[], []]);
  });
});

describe('serve, rebuilding', () => {
  let serving: Serving;
  let specFile: string;
  let original: string;
  const log: string[] = [];
  beforeAll(async () => {
    const dir = await tempDir('serve-live');
    specFile = path.join(dir, 'talk.yaml');
    await cp(path.join(DEFAULTS.specs, 'governance-safety.yaml'), specFile);
    original = await readFile(specFile, 'utf8');
    serving = await serve({ build: { spec: specFile, out: path.join(dir, 'out') }, host: '127.0.0.1', port: 0, open: false }, { out: (l) => log.push(l), err: (l) => log.push(l) });
  }, 60_000);
  afterAll(async () => {
    await serving?.close();
  });

  it('a spec caught half-written is built again once it is whole, and never reported as broken', async () => {
    const told = serving.rebuilt();
    // The first half is not a valid spec (an unknown area); the rest comes a moment later, as a slow writer's would.
    const cut = original.indexOf('area: governance') + 'area: gov'.length;
    await writeFile(specFile, original.slice(0, cut));
    await new Promise((r) => setTimeout(r, 15));
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Whole at last'));
    const state = await told;
    expect(state.error).toBeUndefined();
    expect(await readFile(path.join(path.dirname(specFile), 'out', 'deck.html'), 'utf8')).toContain('Whole at last');
  });

  it('a broken spec is reported once it has settled', async () => {
    const told = serving.rebuilt();
    await writeFile(specFile, original.replace('area: governance', 'area: govrnance'));
    expect((await told).error).toContain('unknown area "govrnance"');
  });
});
