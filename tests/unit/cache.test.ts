/** The on-disk cache of the parsed corpus and the compiled templates: it must never serve anything stale. */
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadCorpus } from '../../src/corpus/load.js';
import { readCached, readCachedJson, writeCached, writeCachedJson } from '../../src/util/cache.js';
import { z } from 'zod';
import { loadTemplates } from '../../src/render/templates.js';
import { DEFAULTS } from '../../src/paths.js';
import { prepare, readSpec, renderDeck } from '../../src/build.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const cache = testCache(tempDir, 'cache');

const entries = async () => (await readdir(cache.dir).catch(() => [] as string[])).sort();

describe('the corpus cache', () => {
  it('serves the same corpus as a fresh parse, and a changed file is seen at once', async () => {
    const content = path.join(cache.root, 'content');
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
    const content = path.join(cache.root, 'content');
    await cp(DEFAULTS.content, content, { recursive: true });
    await loadCorpus(content);
    const [entry] = (await entries()).filter((e) => e.startsWith('corpus-'));
    await writeFile(path.join(cache.dir, entry!), '{ not json');
    expect((await loadCorpus(content)).sections.length).toBeGreaterThan(40);
    await writeFile(path.join(cache.dir, entry!), 'null');
    expect((await loadCorpus(content)).sections.length).toBeGreaterThan(40);
    expect(await readFile(path.join(cache.dir, entry!), 'utf8')).toMatch(/^briefing-cache 1 corpus [0-9a-f]+ sha256:[0-9a-f]{64} checked\n\{"root"/);

    const doc = path.join(content, 'ai-plus-opinions', '_document.yaml');
    await writeFile(doc, 'id: [broken');
    await expect(loadCorpus(content)).rejects.toThrow();
    await expect(loadCorpus(content)).rejects.toThrow();
    expect((await entries()).filter((e) => e.startsWith('corpus-'))).toHaveLength(1);
  });

  it('is not used when other users could write to it (compiled templates are run from it)', async () => {
    const { chmod, mkdir } = await import('node:fs/promises');
    await mkdir(cache.dir, { recursive: true });
    await chmod(cache.dir, 0o777);
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
    const templates = path.join(cache.root, 'templates');
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

/** An entry's key, from its file name. */
const keyOf = (name: string) => /^[a-z]+-([0-9a-f]+)\.json$/.exec(name)![1]!;
const onlyEntry = async (kind: string) => {
  const list = (await entries()).filter((e) => e.startsWith(`${kind}-`));
  expect(list).toHaveLength(1);
  return { name: list[0]!, file: path.join(cache.dir, list[0]!), key: keyOf(list[0]!) };
};

describe('damaged cache entries are dropped and rebuilt, never a crash', () => {
  it('a valid entry is used as it is (so the damaged ones below are seen as damaged, not merely ignored)', async () => {
    const fresh = await loadCorpus(DEFAULTS.content);
    const { key } = await onlyEntry('corpus');
    const stored = JSON.parse((await readCached('corpus', key))!);
    const targets = (stored.docs as { sections: { id: string; title: { en: string } }[] }[]).flatMap((d) => d.sections).find((s) => s.id === 'targets')!;
    targets.title.en = 'FROM THE CACHE';
    await writeCached('corpus', key, JSON.stringify(stored));
    const cached = await loadCorpus(DEFAULTS.content);
    expect(cached.byId.get('targets')!.title.en).toBe('FROM THE CACHE');
    expect(cached.sections.length).toBe(fresh.sections.length);
  });

  it('corpus entries: edited, cut short, the wrong shape, a cycle, unknown parents, not a file', async () => {
    const fresh = await loadCorpus(DEFAULTS.content, { cache: false });
    await loadCorpus(DEFAULTS.content);
    const { file, key } = await onlyEntry('corpus');
    const good = (await readCached('corpus', key))!;
    const stored = () => JSON.parse(good);
    const damage: [string, () => Promise<void>][] = [
      ['edited by hand (checksum)', async () => writeFile(file, (await readFile(file, 'utf8')).replace('"sections":[', '"sections":[{},'))],
      ['cut short', async () => writeFile(file, (await readFile(file, 'utf8')).slice(0, 5000))],
      ['not JSON', () => writeCached('corpus', key, '{ not json')],
      ['null', () => writeCached('corpus', key, 'null')],
      ['a section of the wrong shape', () => writeCached('corpus', key, JSON.stringify({ ...stored(), docs: [{ ...stored().docs[0], sections: [{ id: 7 }] }] }))],
      ['docs not a list', () => writeCached('corpus', key, JSON.stringify({ root: 'x', docs: { a: 1 } }))],
      ['the old format (a corpus, not documents)', () => writeCached('corpus', key, JSON.stringify({ root: 'x', documents: [], sections: [], speakers: [], quotes: [] }))],
      ['sections whose parents go round in a circle', () => {
        const s = stored();
        s.docs[0].sections[0].parent = s.docs[0].sections[1].id;
        s.docs[0].sections[1].parent = s.docs[0].sections[0].id;
        return writeCached('corpus', key, JSON.stringify(s));
      }],
      ['a parent that does not exist', () => {
        const s = stored();
        s.docs[0].sections[3].parent = 'no-such-section';
        return writeCached('corpus', key, JSON.stringify(s));
      }],
      ['a folder in its place', async () => {
        await rm(file, { force: true });
        await mkdir(file);
      }],
      ['a FIFO in its place', async () => {
        await rm(file, { force: true, recursive: true });
        execFileSync('mkfifo', [file]);
      }],
      ['a link to /dev/zero', async () => {
        await rm(file, { force: true, recursive: true });
        await symlink('/dev/zero', file);
      }],
    ];
    for (const [what, harm] of damage) {
      await harm();
      const corpus = await loadCorpus(DEFAULTS.content);
      expect(corpus.sections, what).toEqual(fresh.sections);
      expect([...corpus.byId.keys()], what).toEqual([...fresh.byId.keys()]);
      // Rebuilt: the entry is whole again.
      expect(await readCached('corpus', key), what).toBe(good);
    }
  });

  it('template entries: the wrong shape, code that throws when loaded, code that throws when run', async () => {
    const templates = path.join(cache.root, 'templates');
    await mkdir(path.join(templates, 'x'), { recursive: true });
    await mkdir(path.join(templates, 'partials'), { recursive: true });
    await writeFile(path.join(templates, 'x', 'x.hbs'), '[{{> p}} {{v}}]\n');
    await writeFile(path.join(templates, 'partials', 'p.hbs'), 'p:{{v}}');
    const render = async () => (await loadTemplates(path.join(templates, 'x'), 'x'))({ v: '<b>' });
    const want = '[p:&lt;b&gt; &lt;b&gt;]';
    expect(await render()).toBe(want);
    const { file, key } = await onlyEntry('templates');
    const good = JSON.parse((await readCached('templates', key))!) as { main: string; partials: Record<string, string> };
    const throwsWhenRun = '{"compiler":[8,">= 4.3.0"],"main":function(){throw new TypeError("damaged")},"useData":true}';
    const damage: [string, () => Promise<void>][] = [
      ['edited by hand (checksum)', async () => writeFile(file, (await readFile(file, 'utf8')).replace('"main"', '"mian"'))],
      ['not JSON', () => writeCached('templates', key, '{ "main": ')],
      ['the wrong shape', () => writeCached('templates', key, JSON.stringify({ main: 42, partials: [] }))],
      ['a partial of the wrong type', () => writeCached('templates', key, JSON.stringify({ ...good, partials: { p: null } }))],
      ['code that does not parse', () => writeCached('templates', key, JSON.stringify({ ...good, main: 'function (' }))],
      ['code that throws when loaded', () => writeCached('templates', key, JSON.stringify({ ...good, main: '(() => { throw new Error("damaged") })()' }))],
      ['not a template specification', () => writeCached('templates', key, JSON.stringify({ ...good, main: '{}' }))],
      ['a template for another Handlebars', () => writeCached('templates', key, JSON.stringify({ ...good, main: good.main.replace(/"compiler":\[\d+/, '"compiler":[1') }))],
      ['a layout that throws when run', () => writeCached('templates', key, JSON.stringify({ ...good, main: throwsWhenRun }))],
      ['a partial that throws when run', () => writeCached('templates', key, JSON.stringify({ ...good, partials: { p: throwsWhenRun } }))],
    ];
    for (const [what, harm] of damage) {
      await harm();
      expect(await render(), what).toBe(want);
      // Dropped and stored again: the next load finds a whole, working entry.
      await new Promise((r) => setTimeout(r, 50)); // a template that failed while running stores its fresh code without waiting
      expect(JSON.parse((await readCached('templates', key))!), what).toEqual(good);
    }
  });

  it('a template that throws with freshly compiled code still throws (a real error is not hidden)', async () => {
    const templates = path.join(cache.root, 'templates');
    await mkdir(path.join(templates, 'y'), { recursive: true });
    await writeFile(path.join(templates, 'y', 'y.hbs'), '{{> missing}}');
    const template = await loadTemplates(path.join(templates, 'y'), 'y');
    expect(() => template({})).toThrow(/missing/);
    expect(() => template({})).toThrow(/missing/);
  });
});

describe('JSON entries checked when written', () => {
  const shape = z.strictObject({ n: z.number() });
  /** `shape`, counting the values it is asked to check. */
  const counting = () => {
    let calls = 0;
    const schema = shape.refine(() => (calls += 1) > 0);
    return { schema, calls: () => calls };
  };

  it('are read back without their schema; other entries are checked when read, and dropped when wrong', async () => {
    const { schema, calls } = counting();
    await writeCachedJson('test', 'a', { n: 1 }, schema);
    expect(calls()).toBe(1); // checked when written…
    expect(await readCachedJson('test', 'a', schema)).toEqual({ n: 1 });
    expect(calls()).toBe(1); // …not when read
    await writeCached('test', 'b', JSON.stringify({ n: 2 }));
    expect(await readCachedJson('test', 'b', schema)).toEqual({ n: 2 });
    expect(calls()).toBe(2);
    await writeCached('test', 'c', JSON.stringify({ n: 'two' }));
    expect(await readCachedJson('test', 'c', schema)).toBeUndefined();
    expect(await entries()).toEqual(['test-a.json', 'test-b.json']);
  });

  it('a value that fails its schema is not stored; a checked entry edited afterwards is dropped', async () => {
    await writeCachedJson('test', 'bad', { n: 'x' } as unknown as { n: number }, shape);
    expect(await entries()).toEqual([]);
    await writeCachedJson('test', 'a', { n: 1 }, shape);
    const file = path.join(cache.dir, 'test-a.json');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^briefing-cache 1 test a sha256:[0-9a-f]{64} checked\n\{"n":1\}$/);
    // The data changed under its header (its SHA-256 no longer matches): dropped, not trusted.
    await writeFile(file, text.replace('{"n":1}', '{"n":"x"}'));
    expect(await readCachedJson('test', 'a', shape)).toBeUndefined();
    expect(await entries()).toEqual([]);
  });
});
