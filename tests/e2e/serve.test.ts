/** End to end: `briefing serve` driven in headless Chromium — navigation, speaker view, live reload, error overlay. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/serve/index.js';
import { DEFAULTS } from '../../src/paths.js';
import { deckReady, launchBrowser, speakerPreviewsReady, speakerWindow, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let browser: Browser;
let serving: Serving;
let specFile: string;
let original: string;
const log: string[] = [];

beforeAll(async () => {
  const dir = await tempDir('serve');
  specFile = path.join(dir, 'talk.yaml');
  await cp(path.join(DEFAULTS.specs, 'governance-safety.yaml'), specFile);
  original = await readFile(specFile, 'utf8');
  serving = await serve(
    { build: { spec: specFile, out: path.join(dir, 'out') }, host: '127.0.0.1', port: 0, open: false, debounce: 50 },
    { out: (l) => log.push(l), err: (l) => log.push(l) },
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await serving?.close();
});

const currentId = (page: Page) => page.evaluate(() => (window as any).Reveal.getCurrentSlide().id as string);
const titleText = (page: Page) => page.evaluate(() => document.querySelector('h1.deck-heading')?.textContent ?? '');

describe('briefing serve', () => {
  it('binds to loopback and serves only the output folder', async () => {
    expect(serving.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await fetch(`${serving.server.url}${p}`);
      expect(r.status, p).toBe(404);
    }
    expect((await fetch(`${serving.server.url}/assets/deck.css`)).status).toBe(200);
    expect((await fetch(`${serving.server.url}/brief.html`)).status).toBe(200);
    // A trailing slash would break the page's relative links: it is sent back without it.
    const slash = await fetch(`${serving.server.url}/deck.html/?x=1`, { redirect: 'manual' });
    expect([slash.status, slash.headers.get('location')]).toEqual([301, '/deck.html?x=1']);
    expect((await fetch(`${serving.server.url}/compose/`)).url).toMatch(/\/compose$/);
  });

  it('moves through slides, opens the speaker view, and updates in place on the same slide when the spec changes', async () => {
    const { page, log: pageLog } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/deck.html`);
    await deckReady(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const here = await currentId(page);
    expect(here).not.toBe('s1');
    await page.waitForFunction((id: string) => location.hash.includes(id), { polling: 50, timeout: 20_000 }, here);

    await page.keyboard.press('s');
    const speaker = await speakerWindow(browser, page);
    await speaker!.waitForFunction(() => document.querySelectorAll('#current-slide iframe, #upcoming-slide iframe').length === 2 && !!document.querySelector('.speaker-controls-time .clock-value'), { polling: 200, timeout: 40_000 });
    await speaker!.close();

    // Only the slides change: the deck is updated in place (no reload), on the slide it shows.
    await page.evaluate(() => ((window as any).__sameWindow = true));
    await serving.idle();
    const rebuilt = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Live reload works'));
    expect((await rebuilt).error).toBeUndefined();
    // In, and settled: the slides away from the one shown are swapped in after it has been painted.
    await page.waitForFunction(() => document.documentElement.dataset.liveUpdates === '1' && document.documentElement.dataset.liveSettled === '1', { polling: 50, timeout: 20_000 });
    expect(await page.evaluate(() => (window as any).__sameWindow)).toBe(true);
    expect(await currentId(page)).toBe(here);
    expect(await page.evaluate(() => [document.querySelector('#s1 h1.deck-heading')?.textContent, document.title])).toEqual(['Live reload works', expect.stringContaining('Live reload works')]);
    await page.goto(`${serving.server.url}/deck.html#/s1`);
    await deckReady(page);
    expect(await titleText(page)).toBe('Live reload works');
    await page.goto(`${serving.server.url}/deck.html#/${here}`);
    await deckReady(page);
    expect(await currentId(page)).toBe(here);
    expect(pageLog.errors).toEqual([]);
    await page.close();
  });

  it('stays in step across a build that changed nothing it shows (the spec saved twice): the next edit comes with the news', async () => {
    const { page, log: pageLog } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/deck.html`);
    await deckReady(page);
    const text = await readFile(specFile, 'utf8');
    // A build the page is told of with nothing for it: the page is as that build has it, so the next update, which
    // comes from there, is taken from the news (no fetch, no reload).
    await serving.idle();
    let rebuilt = serving.rebuilt();
    await writeFile(specFile, `${text}\n# saved again\n`);
    expect((await rebuilt).error).toBeUndefined();
    await serving.idle();
    await page.evaluate(() => ((window as any).__sameWindow = true));
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/deck.html') fetched.push(r.url());
    });
    rebuilt = serving.rebuilt();
    await writeFile(specFile, text.replace(/^title: .*$/m, 'title: Fetched and compared'));
    expect((await rebuilt).error).toBeUndefined();
    await page.waitForFunction(() => document.querySelector('#s1 h1.deck-heading')?.textContent === 'Fetched and compared', { polling: 50, timeout: 20_000 });
    await page.waitForFunction(() => document.documentElement.dataset.liveSettled === document.documentElement.dataset.liveUpdates, { polling: 50, timeout: 20_000 });
    expect(await page.evaluate(() => (window as any).__sameWindow)).toBe(true);
    expect(fetched).toEqual([]);
    expect(pageLog.errors).toEqual([]);
    await writeFile(specFile, text);
    await serving.idle();
    await page.close();
  });

  it('keeps the slide across an update in place: the slide shown has the new text at once, the others after', async () => {
    const { page, log: pageLog } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/deck.html#/governance-security`);
    await deckReady(page);
    await serving.idle();
    const rebuilt = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Second change'));
    await rebuilt;
    // In, and settled: the slides away from the one shown are swapped in after it has been painted.
    await page.waitForFunction(() => { const d = document.documentElement.dataset; return Number(d.liveUpdates ?? 0) >= 1 && d.liveSettled === d.liveUpdates; }, { polling: 50, timeout: 20_000 });
    expect(await currentId(page)).toBe('governance-security');
    // The deck's title is in every slide's footer: every slide was swapped, and is shown as reveal.js shows it.
    const state = await page.evaluate(() => {
      const sections = [...document.querySelectorAll('.reveal > .slides > section')];
      return {
        count: sections.length,
        footers: sections.filter((s) => s.querySelector('.deck-title')).length,
        titles: sections.filter((s) => s.querySelector('.deck-title')?.textContent === 'Second change').length,
        present: sections.filter((s) => s.classList.contains('present')).map((s) => s.id),
        h1: document.querySelector('#s1 h1')?.textContent,
      };
    });
    expect(state.footers).toBeGreaterThan(state.count / 2);
    expect(state.titles).toBe(state.footers);
    expect(state.present).toEqual(['governance-security']);
    expect(state.h1).toBe('Second change');
    // Moving on shows the next slide, updated, and reveal.js counts the same slides.
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (window as any).Reveal.getCurrentSlide().id !== 'governance-security', { polling: 50, timeout: 20_000 });
    expect(await page.evaluate(() => [(window as any).Reveal.getTotalSlides(), document.querySelectorAll('.reveal > .slides > section').length])).toEqual([state.count, state.count]);
    expect(pageLog.errors).toEqual([]);
    await page.close();
  });

  it('keeps an open speaker view in step with an update in place: its previews show the new slides, its notes the new notes', async () => {
    // An own slide with notes, so that an edit changes the notes of the slide shown (in place: the order stays).
    const withOwn = (title: string, notes: string) =>
      original.replace(/^title: .*$/m, `title: ${title}`).replace(/^sections:\n/m, `sections:\n  - slide:\n      title: Speaker view check\n      points: ["A point of ours"]\n      notes: "${notes}"\n`);
    await serving.idle();
    const first = serving.rebuilt();
    await writeFile(specFile, withOwn('Speaker view before', 'Notes before the edit'));
    expect((await first).error).toBeUndefined();
    const { page, log: pageLog } = await watchedPage(browser);
    const speakerErrors: string[] = [];
    let speaker: Page | undefined;
    try {
      await page.goto(`${serving.server.url}/deck.html`);
      await deckReady(page);
      const shown = await page.evaluate(() => {
        const R = (window as any).Reveal;
        const own = (R.getSlides() as HTMLElement[]).findIndex((s) => s.textContent?.includes('Speaker view check'));
        R.slide(own, 0);
        return R.getCurrentSlide().id as string;
      });
      const next = await page.evaluate(() => {
        const R = (window as any).Reveal;
        return (R.getSlides()[R.getIndices().h + 1] as HTMLElement).id;
      });
      await page.keyboard.press('s');
      speaker = await speakerWindow(browser, page);
      speaker.on('pageerror', (e) => speakerErrors.push(String(e)));
      const previews = ['#current-slide iframe', '#upcoming-slide iframe'];
      const notesShown = (want: string) =>
        speaker!.waitForFunction((w: string) => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').includes(w), { polling: 100, timeout: 30_000 }, want);
      await speakerPreviewsReady(speaker);
      await notesShown('Notes before the edit');
      const updates = await page.evaluate(() => Number(document.documentElement.dataset.liveUpdates ?? 0));
      await serving.idle();
      const rebuilt = serving.rebuilt();
      await writeFile(specFile, withOwn('Speaker view in step', 'Notes after the edit'));
      expect((await rebuilt).error).toBeUndefined();
      await page.waitForFunction((n: number) => Number(document.documentElement.dataset.liveUpdates ?? 0) > n, { polling: 50, timeout: 20_000 }, updates);
      expect(await currentId(page)).toBe(shown);
      // Each preview is a deck of its own: both swap their slides too, and show the new title on the slide they
      // show, which is the deck's slide and the one after it.
      await speaker.waitForFunction(
        (sel: string[], ids: string[]) =>
          sel.every((q, i) => {
            const w = (document.querySelector(q) as HTMLIFrameElement | null)?.contentWindow as any;
            return w?.Reveal?.getCurrentSlide()?.id === ids[i] && w.document.querySelector('.slides section.present .deck-title')?.textContent === 'Speaker view in step';
          }),
        { polling: 100, timeout: 30_000 },
        previews,
        [shown, next],
      );
      // The notes shown are the new notes of the slide shown, told by the deck after the update.
      await notesShown('Notes after the edit');
      expect(await speaker.evaluate(() => document.querySelector('.speaker-controls-notes .value')?.textContent ?? '')).not.toContain('Notes before the edit');
      expect(pageLog.errors).toEqual([]);
      expect(speakerErrors).toEqual([]);
    } finally {
      await speaker?.close().catch(() => undefined);
      await page.close();
    }
  });

  it('reloads on the slide the deck shows, not the one in the URL (reveal.js writes the hash late)', async () => {
    const { page, log: pageLog } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/deck.html#/s1`);
    await deckReady(page);
    // reveal.js updates the hash at most once a second: here it does not at all, so the URL still says #/s1 while
    // the deck shows another slide, as it does for a second after each move.
    const shown = await page.evaluate(() => {
      const R = (window as any).Reveal;
      R.configure({ hash: false });
      R.slide(3, 0);
      return R.getCurrentSlide().id as string;
    });
    expect(shown).not.toBe('s1');
    expect(await page.evaluate(() => location.hash)).toBe('#/s1');
    // Another language changes the page around the slides: a reload.
    const navigated = page.waitForNavigation({ timeout: 20_000 });
    await serving.idle();
    const rebuilt = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Reloaded where it was').replace(/^language: .*$/m, 'language: en'));
    expect((await rebuilt).error).toBeUndefined();
    await navigated;
    await deckReady(page);
    expect(await currentId(page)).toBe(shown);
    expect(await page.evaluate(() => location.hash)).toBe(`#/${shown}`);
    expect(pageLog.errors).toEqual([]);
    await page.close();
  });

  it('shows a broken spec as an overlay, keeps serving, and comes back when it is fixed', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/deck.html`);
    await deckReady(page);
    await serving.idle();
    const broken = serving.rebuilt();
    await writeFile(specFile, original.replace('area: governance', 'area: govrnance'));
    expect((await broken).error).toContain('did you mean "governance"?');
    await page.waitForSelector('#briefing-error-overlay', { timeout: 10_000 });
    expect(await page.$eval('#briefing-error-overlay', (e) => e.textContent)).toContain('unknown area "govrnance"');
    expect((await fetch(`${serving.server.url}/deck.html`)).status).toBe(200);

    await serving.idle();

    const fixed = serving.rebuilt();
    await writeFile(specFile, original);
    expect((await fixed).error).toBeUndefined();
    await page.waitForFunction(() => !document.getElementById('briefing-error-overlay'), { polling: 50, timeout: 20_000 });
    await deckReady(page);
    await page.close();
  });

  it('keeps watching a spec that is deleted and written again, and rebuilds into an output folder that was deleted', async () => {
    const { rm, stat } = await import('node:fs/promises');
    const out = path.join(path.dirname(specFile), 'out');
    await serving.idle();
    const gone = serving.rebuilt();
    await rm(specFile);
    expect((await gone).error).toMatch(/not found|cannot be read|no such/i);
    await serving.idle();
    const back = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Written again'));
    expect((await back).error).toBeUndefined();
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toContain('Written again');

    await rm(out, { recursive: true, force: true });
    await serving.idle();
    const rebuilt = serving.rebuilt();
    await writeFile(specFile, original);
    expect((await rebuilt).error).toBeUndefined();
    expect((await stat(path.join(out, 'assets', 'deck.js'))).isFile()).toBe(true);
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).not.toContain('Written again');
  });
});
