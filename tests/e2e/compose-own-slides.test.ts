/** The presenter's own slides in the composer: one edited in place, the preview and the saved spec follow. */
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEFAULTS } from '../../src/paths.js';
import { serve, type Serving } from '../../src/serve/index.js';
import { launchBrowser, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let browser: Browser;
let serving: Serving;
let specFile: string;
beforeAll(async () => {
  const dir = await tempDir('compose-own');
  await cp(DEFAULTS.specs, path.join(dir, 'specs'), { recursive: true });
  specFile = path.join(dir, 'specs', 'board-example-motors.yaml');
  serving = await serve({ build: { spec: specFile, out: path.join(dir, 'out') }, host: '127.0.0.1', port: 0, open: false }, { out: () => {}, err: () => {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await serving?.close();
});

describe('own slides in the composer', () => {
  it('edits an own slide in place: its other language, its place and the other slides are kept', async () => {
    const { page, log } = await watchedPage(browser);
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${serving.server.url}/compose`);
    const version = () => page.evaluate(() => Number(document.documentElement.dataset.previewVersion ?? 0));
    const ready = (after: number) =>
      page.waitForFunction(
        (v: number) => {
          const deck = (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.documentElement?.dataset;
          // Shown, and every slide away from the one shown swapped in too (the live script's data-live-settled).
          return Number(document.documentElement.dataset.previewVersion ?? 0) > v && document.documentElement.dataset.previewState === 'ok' && deck?.deckReady === 'true' && deck.liveSettled === deck.liveUpdates;
        },
        { polling: 100, timeout: 30_000 },
        after,
      );
    const ownTitles = () =>
      page.evaluate(() => [...(document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument!.querySelectorAll('.slides > section[data-slide-type="own"] .slide-heading')].map((h) => h.textContent?.trim()));
    await ready(0);
    const before = await ownTitles();
    expect(before).toContain('What it means for us');
    const names = () => page.$$eval('#selected li .name', (els) => els.map((e) => e.textContent ?? ''));
    const order = await names();

    // The slide of the spec's own (not the Markdown file's): its edit button fills the form with it.
    await page.click('#selected li button[aria-label="Edit: Our analysis: What it means for us"]');
    expect(await page.$eval('#o-title', (e) => (e as HTMLInputElement).value)).toBe('What it means for us');
    expect(await page.$eval('#o-points', (e) => (e as HTMLTextAreaElement).value.split('\n'))).toHaveLength(3);
    expect(await page.$eval('#o-add', (e) => e.textContent)).toMatch(/update/i);
    const v = await version();
    await page.click('#o-title', { count: 3 });
    await page.keyboard.type('What it means for Example Motors');
    await page.click('#o-add');
    await ready(v);
    // A preview asked for before the edit (the page's first ones may come in late on a busy machine) can be the one
    // that made the version move: wait for the one that has the edit.
    await page.waitForFunction(
      (t: string) => [...((document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.querySelectorAll('.slides > section[data-slide-type="own"] .slide-heading') ?? [])].some((h) => h.textContent?.trim() === t),
      { polling: 100, timeout: 30_000 },
      'What it means for Example Motors',
    );
    const after = await ownTitles();
    expect(after).toEqual(before.map((t) => (t === 'What it means for us' ? 'What it means for Example Motors' : t)));
    // In its place, not added at the end; the form is empty again.
    expect(await names()).toEqual(order.map((n) => n.replace('What it means for us', 'What it means for Example Motors')));
    expect(await page.$eval('#o-title', (e) => (e as HTMLInputElement).value)).toBe('');

    await page.click('#save');
    await page.waitForFunction(() => !!document.documentElement.dataset.saved, { polling: 100, timeout: 30_000 });
    const saved = parseDocument(await readFile(specFile, 'utf8')).toJS();
    const own = saved.sections.find((e: { slide?: unknown }) => e.slide).slide;
    expect(own.title).toEqual({ en: 'What it means for Example Motors', zh: '对我们意味着什么' });
    expect(own.points).toHaveLength(3);
    expect(own.points[0]).toEqual({ en: 'Local partners are likely to be favoured first', zh: '本地合作伙伴可能优先受益' });
    expect(own.notes).toBe("The presenter's reading, not the document's: say so when presenting.");
    expect(log.errors).toEqual([]);
    await page.close();
  }, 90_000);
});
