/** The on-disk cache of the parsed corpus and the compiled templates: it must never serve anything stale. */
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { loadTemplates } from '../../src/render/templates.js';
import { DEFAULTS } from '../../src/paths.js';
import { prepare, readSpec, renderDeck } from '../../src/build.js';

let cacheDir: string;
let tmp: string;
const saved = { dir: process.env.BRIEFING_CACHE_DIR, off: process.env.BRIEFING_NO_CACHE };
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'briefing-cache-'));
  cacheDir = path.join(tmp, 'cache');
  process.env.BRIEFING_CACHE_DIR = cacheDir;
  delete process.env.BRIEFING_NO_CACHE;
});
afterEach(() => {
  if (saved.dir === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved.dir;
  if (saved.off !== undefined) process.env.BRIEFING_NO_CACHE = saved.off;
});

const entries = async () => (await readdir(cacheDir).catch(() => [] as string[])).sort();

describe('the corpus cache', () => {
  it('serves the same corpus as a fresh parse, and a changed file is seen at once', async () => {
    const content = path.join(tmp, 'content');
    await cp(DEFAULTS.content, content, { recursive: true });
    const fresh = await loadCorpus(content, { cache: false });
    expect(await entries()).toEqual([]);
    await loadCorpus(content);
    expect((await entries()).filter((e) => e.startsWith('corpus-'))).toHaveLength(1);
    const cached = await loadCorpus(content);
    expect(cached.sections).toEqual(fresh.sections);
    expect([...cached.byId.keys()]).toEqual([...fresh.byId.keys()]);
    expect([...cached.speakers.keys()]).toEqual([...fresh.speakers.keys()]);
    expect(cached.byId.get('targets')).toBe(cached.sections.find((s) => s.id === 'targets'));

    const file = path.join(content, 'ai-plus-opinions', (await readdir(path.join(content, 'ai-plus-opinions'))).find((n) => n.includes('targets'))!);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^(title:\n  zh: ")/m, '$1CHANGED'));
    const changed = await loadCorpus(content);
    expect(changed.byId.get('targets')!.title.zh.startsWith('CHANGED')).toBe(true);
  });

  it('never caches a corpus with errors, and ignores a damaged entry', async () => {
    const content = path.join(tmp, 'content');
    await cp(DEFAULTS.content, content, { recursive: true });
    await loadCorpus(content);
    const [entry] = (await entries()).filter((e) => e.startsWith('corpus-'));
    await writeFile(path.join(cacheDir, entry!), '{ not json');
    expect((await loadCorpus(content)).sections.length).toBeGreaterThan(40);
    await writeFile(path.join(cacheDir, entry!), 'null');
    expect((await loadCorpus(content)).sections.length).toBeGreaterThan(40);
    expect(await readFile(path.join(cacheDir, entry!), 'utf8')).toMatch(/^\{"root"/);

    const doc = path.join(content, 'ai-plus-opinions', '_document.yaml');
    await writeFile(doc, 'id: [broken');
    await expect(loadCorpus(content)).rejects.toThrow();
    await expect(loadCorpus(content)).rejects.toThrow();
    expect((await entries()).filter((e) => e.startsWith('corpus-'))).toHaveLength(1);
  });

  it('is not used when other users could write to it (compiled templates are run from it)', async () => {
    const { chmod, mkdir } = await import('node:fs/promises');
    await mkdir(cacheDir, { recursive: true });
    await chmod(cacheDir, 0o777);
    await loadCorpus(DEFAULTS.content);
    await loadTemplates(path.join(DEFAULTS.templates, 'brief'), 'brief');
    expect(await entries()).toEqual([]);
  });

  it('is off with BRIEFING_NO_CACHE=1', async () => {
    process.env.BRIEFING_NO_CACHE = '1';
    await loadCorpus(DEFAULTS.content);
    expect(await entries()).toEqual([]);
  });
});

describe('the template cache', () => {
  it('renders the same with freshly compiled and with cached templates', async () => {
    const corpus = await loadCorpus(DEFAULTS.content);
    const briefing = await prepare(await readSpec(DEFAULTS.spec), corpus, DEFAULTS.themes);
    process.env.BRIEFING_NO_CACHE = '1';
    const fresh = await renderDeck(briefing, DEFAULTS.templates, DEFAULTS.themes);
    delete process.env.BRIEFING_NO_CACHE;
    await renderDeck(briefing, DEFAULTS.templates, DEFAULTS.themes);
    expect((await entries()).filter((e) => e.startsWith('templates-'))).toHaveLength(1);
    const cached = await renderDeck(briefing, DEFAULTS.templates, DEFAULTS.themes);
    expect(cached.html).toBe(fresh.html);
    expect(cached.html.length).toBeGreaterThan(50_000);
  });

  it("sees a changed layout or shared partial at once; a folder's own partial wins over a shared one", async () => {
    const templates = path.join(tmp, 'templates');
    await mkdir(path.join(templates, 'x'), { recursive: true });
    await mkdir(path.join(templates, 'partials'), { recursive: true });
    await writeFile(path.join(templates, 'x', 'x.hbs'), '[{{> p}}|{{> q}}]\n');
    await writeFile(path.join(templates, 'partials', 'p.hbs'), 'shared-p {{v}}');
    await writeFile(path.join(templates, 'partials', 'q.hbs'), 'shared-q');
    await writeFile(path.join(templates, 'x', 'q.hbs'), 'own-q {{v}}');
    const render = async () => (await loadTemplates(path.join(templates, 'x'), 'x'))({ v: '<b>' });
    expect(await render()).toBe('[shared-p &lt;b&gt;|own-q &lt;b&gt;]');
    expect(await render()).toBe('[shared-p &lt;b&gt;|own-q &lt;b&gt;]');
    await writeFile(path.join(templates, 'partials', 'p.hbs'), 'changed-p');
    expect(await render()).toBe('[changed-p|own-q &lt;b&gt;]');
    await writeFile(path.join(templates, 'x', 'x.hbs'), '({{> p}})');
    expect(await render()).toBe('(changed-p)');
    expect((await entries()).filter((e) => e.startsWith('templates-'))).toHaveLength(3);
  });
});
