/**
 * The rendered-pages cache (src/build/page-cache.ts): a build of an unchanged briefing reads its pages back, and any
 * change to what the pages are made of (spec, corpus, templates, options) renders them again. Never stale.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { DEFAULTS } from '../../src/paths.js';
import { readCachedBytes, writeCachedBytes } from '../../src/util/cache.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'pages');

const pageEntries = async () => (await readdir(cache.dir).catch(() => [] as string[])).filter((n) => n.startsWith('pages-')).sort();
const manifestEntries = async () => (await readdir(cache.dir).catch(() => [] as string[])).filter((n) => n.startsWith('manifest-'));
const keyOf = (name: string) => /^pages-([0-9a-f]+)\.json$/.exec(name)![1]!;

const SPEC = ['title: Pages cache', 'language: bilingual', 'sections:', '  - targets', '  - area: industry', ''].join('\n');

/** A spec file of our own, a build of it, and the pages it wrote. */
async function setup() {
  const dir = cache.root;
  const spec = path.join(dir, 'pages.yaml');
  await writeFile(spec, SPEC);
  const run = async (name: string, extra: Partial<Parameters<typeof build>[0]> = {}) => {
    const out = path.join(dir, name);
    await build({ spec, out, ...extra });
    return { deck: await readFile(path.join(out, 'deck.html'), 'utf8'), brief: await readFile(path.join(out, 'brief.html'), 'utf8'), manifest: await readFile(path.join(out, 'manifest.json'), 'utf8') };
  };
  return { dir, spec, run };
}

/** Put marked pages in the place of the only entry (a valid entry: the cache cannot tell), to see when it is read. */
async function markEntry(): Promise<string> {
  const [name] = await pageEntries();
  const key = keyOf(name!);
  const entry = (await readCachedBytes('pages', key))!;
  const newline = entry.indexOf(0x0a);
  const meta = JSON.parse(entry.toString('utf8', 0, newline)) as { deck: number; brief: number };
  const deck = Buffer.from('<!doctype html><p>MARKED DECK</p>');
  const brief = Buffer.from('<!doctype html><p>MARKED BRIEF</p>');
  await writeCachedBytes('pages', key, [Buffer.from(`${JSON.stringify({ ...meta, deck: deck.length, brief: brief.length })}\n`), deck, brief]);
  return key;
}

describe('the rendered-pages cache', () => {
  it('gives the pages a build without any cache renders, byte for byte, and the second build reads them back', async () => {
    const { run } = await setup();
    process.env.BRIEFING_NO_CACHE = '1';
    const fresh = await run('fresh');
    delete process.env.BRIEFING_NO_CACHE;
    const first = await run('first');
    expect(await pageEntries()).toHaveLength(1);
    const second = await run('second');
    expect(await pageEntries()).toHaveLength(1);
    for (const r of [first, second]) {
      expect(r.deck).toBe(fresh.deck);
      expect(r.brief).toBe(fresh.brief);
      expect(r.manifest).toBe(fresh.manifest);
    }
    expect(await manifestEntries()).toHaveLength(1);
    expect(fresh.deck).toContain('data-slide-type="content"');
    // Read back: the entry's pages are what the next build writes.
    await markEntry();
    const third = await run('third');
    expect(third.deck).toBe('<!doctype html><p>MARKED DECK</p>');
    expect(third.brief).toBe('<!doctype html><p>MARKED BRIEF</p>');
  });

  it("keeps the manifest with the pages, under the spec's path and hash too", async () => {
    const { dir, spec, run } = await setup();
    const first = await run('first');
    expect(JSON.parse(first.manifest).spec.file).toBe(spec);
    // The same spec under another name: the same pages, its own manifest.
    const copy = path.join(dir, 'copy.yaml');
    await writeFile(copy, SPEC);
    await build({ spec: copy, out: path.join(dir, 'copy') });
    const other = await readFile(path.join(dir, 'copy', 'manifest.json'), 'utf8');
    expect(JSON.parse(other).spec.file).toBe(copy);
    expect(other.replace(copy, spec)).toBe(first.manifest);
    expect(await pageEntries()).toHaveLength(1);
    expect(await manifestEntries()).toHaveLength(2);
    // Same pages, another spec text (a comment): the manifest names the new hash.
    await writeFile(spec, `# a comment\n${SPEC}`);
    const commented = await run('commented');
    expect(JSON.parse(commented.manifest).spec.sha256).not.toBe(JSON.parse(first.manifest).spec.sha256);
    expect(commented.deck).toBe(first.deck);
  });

  it('renders again when the spec, an option, the corpus or a template changes', async () => {
    const { dir, spec, run } = await setup();
    await run('first');
    await markEntry();
    expect((await run('marked')).deck).toContain('MARKED DECK');

    await writeFile(spec, SPEC.replace('Pages cache', 'Another title'));
    expect((await run('title')).deck).toContain('Another title');
    await writeFile(spec, SPEC);
    expect((await run('back')).deck).toContain('MARKED DECK');

    await writeFile(spec, `${SPEC}deck: { agenda: false }\n`);
    const noAgenda = await run('option');
    expect(noAgenda.deck).not.toContain('MARKED');
    expect(noAgenda.deck).not.toContain('data-slide-type="agenda"');
    await writeFile(spec, SPEC);

    expect((await run('language', { overrides: { language: 'en' } })).deck).not.toContain('MARKED');

    const content = path.join(dir, 'content');
    await cp(DEFAULTS.content, content, { recursive: true });
    const opinions = path.join(content, 'ai-plus-opinions');
    const targets = path.join(opinions, (await readdir(opinions)).find((n) => n.includes('targets'))!);
    // The same corpus in another folder is another corpus (its sections cite other files): rendered again, then read.
    expect((await run('copy', { content })).deck).not.toContain('MARKED');
    const text = await readFile(targets, 'utf8');
    const edited = text.replace(/^(  en: ")(Targets for)/m, '$1EDITED $2');
    expect(edited).not.toBe(text);
    await writeFile(targets, edited);
    expect((await run('edited', { content })).deck).toContain('EDITED ');

    const templates = path.join(dir, 'templates');
    await cp(DEFAULTS.templates, templates, { recursive: true });
    const footer = path.join(templates, 'deck', 'footer.hbs');
    await writeFile(footer, `${await readFile(footer, 'utf8')}<!-- footer changed -->`);
    expect((await run('own-templates', { templates })).deck).toContain('<!-- footer changed -->');
  });

  it('a standalone build from pages read back is the standalone build without any cache', async () => {
    const { run } = await setup();
    await run('plain');
    expect(await pageEntries()).toHaveLength(1);
    const cached = await run('standalone-cached', { standalone: true });
    expect(await pageEntries()).toHaveLength(1); // the same pages: read back, and inlined from there
    process.env.BRIEFING_NO_CACHE = '1';
    const fresh = await run('standalone-fresh', { standalone: true });
    delete process.env.BRIEFING_NO_CACHE;
    expect(cached.deck).toBe(fresh.deck);
    expect(cached.brief).toBe(fresh.brief);
    expect(cached.deck).toContain('@font-face');
    expect(cached.deck).not.toMatch(/<link rel="stylesheet" href="assets\//);
  }, 120_000);

  it('drops an entry whose pages do not add up to its length, and renders the pages again', async () => {
    const { run } = await setup();
    const first = await run('first');
    const [name] = await pageEntries();
    const key = keyOf(name!);
    const entry = (await readCachedBytes('pages', key))!;
    await writeCachedBytes('pages', key, [entry.subarray(0, entry.length - 10)]);
    const again = await run('again');
    expect(again.deck).toBe(first.deck);
    expect(again.brief).toBe(first.brief);
    expect((await readCachedBytes('pages', key))?.length).toBe(entry.length);
  });

  it('checks the JSON line of an entry it did not write itself, and drops one of the wrong shape', async () => {
    const { run } = await setup();
    const first = await run('first');
    const [name] = await pageEntries();
    const key = keyOf(name!);
    // Written by the build: marked checked, so read back without checking its line again.
    const file = path.join(cache.dir, name!);
    expect((await readFile(file, 'utf8')).split('\n', 1)[0]).toMatch(/ checked$/);
    const entry = (await readCachedBytes('pages', key))!;
    const newline = entry.indexOf(0x0a);
    const meta = JSON.parse(entry.toString('utf8', 0, newline)) as Record<string, unknown>;
    const body = entry.subarray(newline + 1);
    for (const bad of [{ codePoints: ['x'] }, { slides: [1, 2] }, { extra: true }, { codePoints: [0x110000] }]) {
      // Not marked checked (as by another program): its line is checked, found wrong, and the pages rendered again.
      await writeCachedBytes('pages', key, [Buffer.from(`${JSON.stringify({ ...meta, ...bad })}\n`), body]);
      const again = await run('again');
      expect(again.deck, JSON.stringify(bad)).toBe(first.deck);
      expect((await readFile(file, 'utf8')).split('\n', 1)[0], JSON.stringify(bad)).toMatch(/ checked$/);
    }
  });

  it("signs a cached corpus's sections by the corpus's key: they are frozen once loaded", async () => {
    await loadCorpus(DEFAULTS.content);
    const corpus = await loadCorpus(DEFAULTS.content);
    const s = corpus.sections[0]!;
    expect(Object.isFrozen(s) && Object.isFrozen(s.title) && Object.isFrozen(corpus.quotes[0])).toBe(true);
  });
});
