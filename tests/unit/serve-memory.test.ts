/**
 * serve's and the composer's in-memory build: the same bytes as `briefing build` writes, and the deck cut into the
 * slides a live update sends.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { build, readSpec } from '../../src/build.js';
import { DEFAULTS } from '../../src/paths.js';
import { deckParts, deckUpdate } from '../../src/serve/deck-parts.js';
import { assetSignature, Renderer, renderInMemory, writeRendered } from '../../src/serve/live-build.js';
import { realCorpus } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const quiet = { out: () => {}, err: () => {} };

/** Every file under a folder, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const SPECS = ['default', 'provincial-overview', 'governance-safety', 'board-example-motors', 'board-industry-compute'];
/** One renderer for all the specs, as serve keeps one: what it keeps from one spec must not leak into the next. */
const kept = new Renderer();

describe('the in-memory build', () => {
  it.each(SPECS)('%s: rendered in memory and written, the output folder is byte for byte what build writes', async (name) => {
    const spec = path.join(DEFAULTS.specs, `${name}.yaml`);
    const [a, b] = [await tempDir('memory'), await tempDir('build')];
    const corpus = await realCorpus();
    // Twice with what the renderer keeps (the second time its font plan is the one kept), and once afresh.
    await renderInMemory({ spec, corpus }, undefined, kept);
    const r = await renderInMemory({ spec, corpus }, undefined, kept);
    const fresh = await renderInMemory({ spec, corpus });
    expect(fresh.files.map((f) => f.to)).toEqual(r.files.map((f) => f.to));
    await writeRendered(r, a, { claim: false, folders: { content: DEFAULTS.content }, io: quiet });
    await build({ spec, out: b, corpus, pdf: false, pptx: false }, quiet);
    const files = await filesUnder(b);
    expect(files).toContain('deck.html');
    expect(files).toContain('manifest.json');
    expect(await filesUnder(a)).toEqual(files);
    for (const f of files) expect((await readFile(path.join(a, f))).equals(await readFile(path.join(b, f))), f).toBe(true);
    expect(r.pages.get('deck.html')).toBe(await readFile(path.join(b, 'deck.html'), 'utf8'));
    expect(r.pages.get('brief.html')).toBe(await readFile(path.join(b, 'brief.html'), 'utf8'));
  }, 60_000);

  it('the asset signature changes with a copied file, not with the pages', async () => {
    const corpus = await realCorpus();
    const spec = await readSpec(path.join(DEFAULTS.specs, 'default.yaml'));
    const one = await renderInMemory({ spec, corpus });
    const retitled = await renderInMemory({ spec: { ...spec, spec: { ...spec.spec, title: 'Another title' } }, corpus });
    expect(retitled.pages.get('deck.html')).not.toBe(one.pages.get('deck.html'));
    expect(assetSignature(retitled.files)).toBe(assetSignature(one.files));
    const themed = await renderInMemory({ spec: { ...spec, spec: { ...spec.spec, theme: 'neutral' } }, corpus });
    expect(assetSignature(themed.files)).not.toBe(assetSignature(one.files));
  }, 60_000);
});

describe('deckParts', () => {
  it.each(SPECS)('%s: the slides are the top-level sections of .slides, in order, as written', async (name) => {
    const r = await renderInMemory({ spec: path.join(DEFAULTS.specs, `${name}.yaml`), corpus: await realCorpus() });
    const html = r.pages.get('deck.html')!;
    const parts = deckParts(html)!;
    expect(parts).toBeDefined();
    const ids = parse(html).querySelectorAll('.reveal > .slides > section').map((s) => s.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(parts.slides.map((s) => s.id)).toEqual(ids);
    let at = 0;
    for (const s of parts.slides) {
      expect(s.html.startsWith(`<section id="${s.id}"`)).toBe(true);
      expect(s.html.endsWith('</section>')).toBe(true);
      const i = html.indexOf(s.html, at);
      expect(i).toBeGreaterThanOrEqual(at);
      at = i + s.html.length;
    }
    expect(parts.title).toBe(/<title>([^<]*)<\/title>/.exec(html)![1]);
    expect(parts.around).not.toContain('<section');
    expect(parts.around).not.toContain('<title>');
  }, 60_000);

  it('an update carries the slides that changed and the new order; anything around the slides changing gives none', async () => {
    const corpus = await realCorpus();
    const spec = await readSpec(path.join(DEFAULTS.specs, 'provincial-overview.yaml'));
    const render = async (s: typeof spec.spec) => deckParts((await renderInMemory({ spec: { ...spec, spec: s }, corpus })).pages.get('deck.html')!)!;
    const before = await render(spec.spec);
    expect(before.slides.map((s) => s.id)).toContain('governance');
    // The same deck: nothing to send but the order.
    const same = deckUpdate(before, await render(spec.spec), 1, 2)!;
    expect(same).toMatchObject({ from: 1, to: 2, order: before.slides.map((s) => s.id) });
    expect(Object.keys(same.slides)).toEqual([]);
    // One area less: its slides are gone from the order, the agenda changed, the slides of the others did not.
    const fewer = spec.spec.sections.filter((e) => !JSON.stringify(e).includes('governance'));
    expect(fewer.length).toBe(spec.spec.sections.length - 1);
    const after = await render({ ...spec.spec, sections: fewer });
    const u = deckUpdate(before, after, 2, 3)!;
    expect(u.order).toEqual(after.slides.map((s) => s.id));
    expect(u.order).not.toContain('governance');
    expect(Object.keys(u.slides).length).toBeGreaterThan(0);
    expect(Object.keys(u.slides).length).toBeLessThan(u.order.length / 2);
    for (const [id, html] of Object.entries(u.slides)) expect(after.slides.find((s) => s.id === id)!.html).toBe(html);
    // A new title: in every slide's footer, and the title; the page around stays.
    const retitled = deckUpdate(before, await render({ ...spec.spec, title: 'A <new> title' }), 1, 2)!;
    expect(Object.keys(retitled.slides)).toEqual(before.slides.map((s) => s.id));
    expect(retitled.title).toContain('A &lt;new&gt; title');
    // Another theme or language: the page around the slides changed, it reloads.
    expect(deckUpdate(before, await render({ ...spec.spec, theme: 'neutral' }), 1, 2)).toBeUndefined();
    expect(deckUpdate(before, await render({ ...spec.spec, language: 'en' }), 1, 2)).toBeUndefined();
  }, 60_000);

  it('a page it is not sure of is not cut', () => {
    const page = (slides: string) => `<!doctype html><html><head><title>T</title></head><body><div class="reveal"><div class="slides">\n${slides}\n</div></div><script src="x.js"></script></body></html>`;
    expect(deckParts(page('<section id="a"><p>A</p></section>\n<section id="b">B</section>'))!.slides).toEqual([
      { id: 'a', html: '<section id="a"><p>A</p></section>' },
      { id: 'b', html: '<section id="b">B</section>' },
    ]);
    expect(deckParts(page('<section id="a"><section id="a1">nested</section></section>'))).toBeUndefined();
    expect(deckParts(page('<section id="a">A</section><section id="a">again</section>'))).toBeUndefined();
    expect(deckParts(page('<section>no id</section>'))).toBeUndefined();
    expect(deckParts(page('<section id="a"><script>"<section>"</script></section>'))).toBeUndefined();
    expect(deckParts(page('<section id="a"><!-- <section> --></section>'))).toBeUndefined();
    expect(deckParts(page('<section id="a">A</section><p>between</p><section id="b">B</section>'))).toBeUndefined();
    expect(deckParts(page('<section id="a">A'))).toBeUndefined();
    expect(deckParts('<html><body><div class="slides"></div></body></html>')).toBeUndefined();
  });
});
