/** serve without a browser: what a rebuild tells the pages and writes, and a spec caught half-written. */
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/serve/index.js';
import { DEFAULTS } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

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
    await serving.idle();
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

  it('an edit of the slides alone is told with the new slides, from the build the page has; the output is what build writes', async () => {
    await serving.idle();
    const url = serving.server.url;
    const page = await (await fetch(`${url}/deck.html`)).text();
    const from = Number(/data-build="(\d+)"/.exec(page)?.[1]);
    expect(from).toBeGreaterThan(0);
    const fontsCss = path.join(path.dirname(specFile), 'out', 'assets', 'fonts', 'fonts.css');
    const fontsBefore = (await stat(fontsCss)).mtimeMs;
    const events = listen(`${url}/__briefing/events`);
    try {
      await events.next('ok');
      await serving.idle();
      events.drop();
      const told = serving.rebuilt();
      await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Told with the slides'));
      const reload = JSON.parse(await events.next('reload'));
      expect(reload.pages).toEqual(['brief.html', 'deck.html']);
      expect(reload.assets).toEqual([]);
      expect(reload.deck.from).toBe(from);
      expect(reload.deck.to).toBeGreaterThan(from);
      expect(reload.deck.title).toContain('Told with the slides');
      // The title is in every slide's footer: every slide is sent.
      expect(Object.keys(reload.deck.slides)).toEqual(reload.deck.order);
      expect(reload.deck.slides[reload.deck.order[0]]).toContain('Told with the slides');
      expect((await told).error).toBeUndefined();
      // Written as `briefing build` writes it, and served as the build the update went to.
      const out = await tempDir('serve-live-build');
      const { build } = await import('../../src/build.js');
      await build({ spec: specFile, out, pdf: false }, { out: () => {}, err: () => {} });
      // serve wrote only the files that changed (fonts.css did not), and the folder is all of build's output.
      expect((await stat(fontsCss)).mtimeMs).toBe(fontsBefore);
      const served = path.join(path.dirname(specFile), 'out');
      const files = await filesUnder(out);
      expect(files).toContain('assets/fonts/fonts.css');
      expect(await filesUnder(served)).toEqual(files);
      for (const f of files) expect((await readFile(path.join(served, f))).equals(await readFile(path.join(out, f))), f).toBe(true);
      const page2 = await fetch(`${url}/deck.html`);
      expect(page2.headers.get('x-briefing-build')).toBe(String(reload.deck.to));
      // Another theme: a stylesheet changed, the pages reload (no slides sent).
      await serving.idle();
      events.drop();
      const themed = serving.rebuilt();
      await writeFile(specFile, original.replace(/^theme: .*$/m, 'theme: neutral'));
      const again = JSON.parse(await events.next('reload'));
      expect(again.assets.length).toBeGreaterThan(0);
      expect(again.deck).toBeUndefined();
      expect((await themed).error).toBeUndefined();
    } finally {
      events.close();
    }
  });

  it('a file deleted or changed by hand in the output folder is written again at the next rebuild', async () => {
    const served = path.join(path.dirname(specFile), 'out');
    const deckCss = path.join(served, 'assets', 'deck.css');
    const fontsCss = path.join(served, 'assets', 'fonts', 'fonts.css');
    // A rebuild with the same assets first (the earlier tests changed the theme), so the next one is a partial write.
    await serving.idle();
    const settled = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Before a hand edit'));
    expect((await settled).error).toBeUndefined();
    const [css, fonts] = [await readFile(deckCss), await readFile(fontsCss)];
    await rm(deckCss);
    await writeFile(fontsCss, 'edited by hand');
    await serving.idle();
    const told = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: After a hand edit'));
    expect((await told).error).toBeUndefined();
    expect((await readFile(deckCss)).equals(css)).toBe(true);
    expect((await readFile(fontsCss)).equals(fonts)).toBe(true);
  });

  it('a broken spec is reported once it has settled', async () => {
    await serving.idle();
    const told = serving.rebuilt();
    await writeFile(specFile, original.replace('area: governance', 'area: govrnance'));
    expect((await told).error).toContain('unknown area "govrnance"');
  });
});

/**
 * A server-sent events client: `next(name)` resolves with the data of the next event of that name; `drop()` forgets
 * the events received so far (those of builds before the change a test makes).
 */
function listen(url: string): { next(name: string): Promise<string>; drop(): void; close(): void } {
  const queue: { event: string; data: string }[] = [];
  const waiting: { name: string; resolve: (data: string) => void }[] = [];
  let buffer = '';
  const flush = () => {
    for (let i = 0; i < waiting.length; i++) {
      const at = queue.findIndex((e) => e.event === waiting[i]!.name);
      if (at < 0) continue;
      const [e] = queue.splice(0, at + 1).slice(-1);
      waiting.splice(i--, 1)[0]!.resolve(e!.data);
    }
  };
  const req = http.get(url, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) queue.push({ event, data: data ?? '' });
      }
      flush();
    });
  });
  req.on('error', () => undefined);
  return {
    next: (name) =>
      new Promise((resolve) => {
        waiting.push({ name, resolve });
        flush();
      }),
    drop: () => void queue.splice(0),
    close: () => req.destroy(),
  };
}

describe('serve, templates changed', () => {
  it('a template edited while serving is used by the next build (templates are kept only until they change)', async () => {
    const dir = await tempDir('serve-templates');
    const templates = path.join(dir, 'templates');
    await cp(DEFAULTS.templates, templates, { recursive: true });
    const specFile = path.join(dir, 'talk.yaml');
    await cp(path.join(DEFAULTS.specs, 'governance-safety.yaml'), specFile);
    const out = path.join(dir, 'out');
    const serving = await serve({ build: { spec: specFile, out, templates }, host: '127.0.0.1', port: 0, open: false }, { out: () => {}, err: () => {} });
    try {
      expect(await readFile(path.join(out, 'deck.html'), 'utf8')).not.toContain('template-edited');
      await serving.idle();
      const told = serving.rebuilt();
      const layout = path.join(templates, 'deck', 'deck.hbs');
      await writeFile(layout, (await readFile(layout, 'utf8')).replace('<meta name="generator" content="briefing">', '<meta name="generator" content="briefing template-edited">'));
      expect((await told).error).toBeUndefined();
      expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toContain('template-edited');
    } finally {
      await serving.close();
    }
  }, 60_000);
});

/** Every file under a folder, relative, sorted (the lock and claim files left out). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !f.startsWith('.'))
    .sort();
}
