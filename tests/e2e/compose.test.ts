/** End to end: the composer in headless Chromium — change the selection, see the preview change, save, build. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseSpec } from '../../src/spec/parse.js';
import type { Serving } from '../../src/serve/index.js';
import { watchedPage } from '../helpers/browser.js';
import { startComposer, type Composer } from '../helpers/composer.js';

let composer: Composer | undefined;
let browser: Browser;
let serving: Serving;
let dir: string;
let specFile: string;

beforeAll(async () => {
  composer = await startComposer('compose');
  ({ browser, serving, dir, specFile } = composer);
});
afterAll(() => composer?.close());

const previewVersion = (page: Page) => page.evaluate(() => Number(document.documentElement.dataset.previewVersion ?? 0));
async function nextPreview(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (v: number) => {
      const deck = (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.documentElement?.dataset;
      // Shown, and every slide away from the one shown swapped in too (the live script's data-live-settled).
      return Number(document.documentElement.dataset.previewVersion ?? 0) > v && document.documentElement.dataset.previewState === 'ok' && deck?.deckReady === 'true' && deck.liveSettled === deck.liveUpdates;
    },
    { polling: 100, timeout: 20_000 },
    after,
  );
}
/** The composer in a page of its own (1440×900), its first preview shown. */
async function openComposer() {
  const watched = await watchedPage(browser);
  await watched.page.setViewport({ width: 1440, height: 900 });
  await watched.page.goto(`${serving.server.url}/compose`);
  await nextPreview(watched.page, 0);
  return watched;
}
const deckTexts = (page: Page) =>
  page.evaluate(() => {
    const doc = (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument!;
    return { ids: [...doc.querySelectorAll('.slides > section')].map((s) => s.id), lang: doc.documentElement.lang, h3: doc.querySelector('#compute h3')?.textContent?.trim() ?? '' };
  });

// Everything of the deck that reveal.js sets when it is told where it is (slide.js: updateSlides, visibility,
// backgrounds, controls, the slide number, the progress bar).
const revealState = `(() => {
  const w = document.getElementById('deck-frame').contentWindow;
  const R = w.Reveal;
  const root = R.getRevealElement();
  const el = (e) => [e.id || '', [...e.classList].sort().join(' '), e.hidden, e.getAttribute('aria-hidden'), e.style.display].join('|');
  return {
    slides: [...root.querySelectorAll(':scope > .slides > section')].map(el),
    backgrounds: [...R.getBackgroundsElement().children].map(el),
    controls: [...root.querySelectorAll('.controls button')].map((b) => b.className + '|' + b.disabled),
    number: (root.querySelector('.slide-number')?.textContent ?? '').replace(/\\s+/g, ''),
    progress: root.querySelector(':scope > .progress > span')?.style.transform ?? '',
    indices: JSON.stringify(R.getIndices()),
  };
})()`;
/** The deck as reveal.js leaves it when told where it is (slide), against the deck as it is now. */
const asToldAtOnce = async (page: Page) => {
  const now = await page.evaluate(revealState);
  await page.evaluate(() => {
    const R = ((document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any }).Reveal;
    const i = R.getIndices();
    R.slide(i.h, i.v, i.f);
  });
  return { now, told: await page.evaluate(revealState) };
};

describe('the composer', () => {
  it('untick an area, tick a support, switch to English: the preview follows; the saved spec builds the same deck', async () => {
    const { page, log } = await openComposer();
    let v = await previewVersion(page);
    const before = await deckTexts(page);
    expect(before.ids).toContain('governance');
    expect(before.lang).toBe('zh-Hans');

    // Untick the governance area (keyboard: focus the checkbox, press space).
    await page.focus('#c-governance');
    await page.keyboard.press('Space');
    await nextPreview(page, v);
    v = await previewVersion(page);
    expect((await deckTexts(page)).ids).not.toContain('governance');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-governance'); // focus stays put

    // Tick a support.
    await page.click('#c-compute');
    await nextPreview(page, v);
    v = await previewVersion(page);
    expect((await deckTexts(page)).ids).toContain('compute');

    // Switch to English.
    await page.click('input[name=language][value=en]');
    await nextPreview(page, v);
    const after = await deckTexts(page);
    expect(after.lang).toBe('en');
    expect(after.h3).toMatch(/computing power/i);

    await page.screenshot({ path: path.join(dir, 'composer.png') });

    // Save; the CLI builds the saved spec to the same deck as the preview.
    await page.click('#save');
    await page.waitForFunction(() => !!document.documentElement.dataset.saved, { polling: 100, timeout: 20_000 });
    const saved = await readFile(specFile, 'utf8');
    expect(saved).toContain('# 面向省级部门的中文概览'); // the spec's comment is kept
    const spec = parseSpec(saved, specFile).spec;
    expect(spec.language).toBe('en');
    expect(spec.sections.some((e) => e.kind === 'group' && e.group === 'area' && e.keys?.includes('governance'))).toBe(false);
    const out = path.join(dir, 'cli');
    expect(await main(['build', specFile, '--out', out], { out: () => {}, err: () => {} })).toBe(0);
    // The preview is served from memory (nothing written under preview/): the same bytes as the CLI's build, but for
    // the live script the server adds to every page.
    const served = async (p: string) => (await (await fetch(`${serving.server.url}${p}`)).text()).replace(/<script src="\/__briefing\/live\.js"[^>]*><\/script>\n/, '');
    expect(await served('/preview/deck.html')).toBe(await readFile(path.join(out, 'deck.html'), 'utf8'));
    expect(await served('/preview/brief.html')).toBe(await readFile(path.join(out, 'brief.html'), 'utf8'));
    expect(await served('/preview/assets/fonts/fonts.css')).toBe(await readFile(path.join(out, 'assets', 'fonts', 'fonts.css'), 'utf8'));
    expect(existsSync(path.join(dir, 'out', 'preview'))).toBe(false);
    expect(log.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('ticking keeps reveal.js in step with the slides: a background each, the count, the slide shown, navigation', async () => {
    const { page, log } = await openComposer();
    // Bilingual, where some of the industry area's slides are fitted (shrunk to fit): the tick must fit those too.
    await page.click('input[name=language][value=bilingual]');
    await nextPreview(page, await previewVersion(page));
    // What reveal.js knows of the deck in the preview, and what the slides are.
    const deckState = () =>
      page.evaluate(() => {
        const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any };
        const R = w.Reveal;
        const slides = [...w.document.querySelectorAll<HTMLElement & { slideBackgroundElement?: Element }>('.reveal > .slides > section')];
        const backs = [...R.getBackgroundsElement().children] as Element[];
        const h = R.getIndices().h as number;
        const where = (el: Element, i: number) => (i < h ? 'past' : i > h ? 'future' : 'present');
        return {
          ids: slides.map((s) => s.id),
          texts: slides.map((s) => s.querySelector(':scope > .frame')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
          backgrounds: backs.length,
          linked: slides.every((s, i) => s.slideBackgroundElement === backs[i]),
          total: R.getTotalSlides() as number,
          current: R.getCurrentSlide().id as string,
          h,
          placed: slides.every((s, i) => s.classList.contains(where(s, i))) && backs.every((b, i) => b.classList.contains(where(b, i))),
          number: (w.document.querySelector('.slide-number')?.textContent ?? '').replace(/\s+/g, ''),
        };
      });
    // The preview's deck loaded afresh in a page of its own, for comparison: each slide's text, classes (where it
    // stands aside) and fit.
    const slideLooks = (doc: Document) =>
      [...doc.querySelectorAll('.reveal > .slides > section')].map((s) => {
        const frame = s.querySelector<HTMLElement>(':scope > .frame');
        const classes = [...s.classList].filter((c) => !['past', 'present', 'future'].includes(c)).sort().join(' ');
        return `${s.id} [${classes}] fit=${frame?.dataset.fit ?? '-'} ${frame?.textContent?.replace(/\s+/g, ' ').trim() ?? ''}`;
      });
    const fresh = async () => {
      const other = await browser.newPage();
      await other.setViewport({ width: 1440, height: 900 });
      await other.goto(`${serving.server.url}/preview/deck.html`);
      await other.waitForFunction(() => document.documentElement.dataset.deckReady === 'true', { polling: 50, timeout: 20_000 });
      const looks = (await other.evaluate(`(${slideLooks.toString()})(document)`)) as string[];
      await other.close();
      return looks;
    };
    const liveLooks = async () => (await page.evaluate(`(${slideLooks.toString()})(document.getElementById('deck-frame').contentDocument)`)) as string[];
    const checkInStep = async (current: string) => {
      const st = await deckState();
      expect(st.backgrounds).toBe(st.ids.length);
      expect(st.linked).toBe(true);
      expect(st.total).toBe(st.ids.length);
      expect(st.current).toBe(current);
      expect(st.h).toBe(st.ids.indexOf(current));
      expect(st.placed).toBe(true);
      expect(st.number).toBe(`${st.h + 1}/${st.ids.length}`);
      expect(await liveLooks()).toEqual(await fresh());
      const { now, told } = await asToldAtOnce(page);
      expect(now).toEqual(told);
      return st;
    };
    // On a slide with slides on both sides of it, after the area to be unticked: the next area's.
    const start = await deckState();
    const on = 'consumption';
    expect(start.ids.indexOf(on)).toBeGreaterThan(start.ids.indexOf('industry'));
    expect((await fresh()).filter((l) => l.startsWith('industry') && !l.includes('fit=-')).length).toBeGreaterThan(0);
    await page.evaluate((id: string) => {
      const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any };
      const slides = [...w.document.querySelectorAll('.reveal > .slides > section')];
      w.Reveal.slide(slides.findIndex((s) => s.id === id), 0);
    }, on);
    let v = await previewVersion(page);
    await page.click('#c-industry');
    await nextPreview(page, v);
    const without = await checkInStep(on);
    expect(without.ids).not.toContain('industry');
    expect(without.ids.length).toBeLessThan(start.ids.length);

    v = await previewVersion(page);
    await page.click('#c-industry');
    await nextPreview(page, v);
    const back = await checkInStep(on);
    expect([...back.ids].sort()).toEqual([...start.ids].sort()); // the area is back (where the tick put it)

    // A slide put in by the tick is shown when gone to: its background and its frame, fitted.
    const shown = await page.evaluate(() => {
      const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any };
      const slides = [...w.document.querySelectorAll<HTMLElement>('.reveal > .slides > section')];
      const i = slides.findIndex((s) => s.id === 'industry');
      w.Reveal.slide(i, 0);
      const el = slides[i]!;
      const frame = el.querySelector<HTMLElement>(':scope > .frame')!;
      return {
        present: w.Reveal.getCurrentSlide() === el && el.classList.contains('present'),
        background: w.Reveal.getBackgroundsElement().children[i].classList.contains('present'),
        display: w.getComputedStyle(el).display,
        width: frame.getBoundingClientRect().width,
        fits: frame.scrollHeight <= frame.clientHeight + 1,
      };
    });
    expect(shown).toEqual({ present: true, background: true, display: 'block', width: expect.any(Number), fits: true });
    expect(shown.width).toBeGreaterThan(100);
    expect(log.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a tick after the slide shown: its number and progress bar are new when shown; reveal.js is told after the paint as at once', async () => {
    const { page, log } = await openComposer();
    // On the targets' slide, before every area: the ticks below take slides out after it, then put them back.
    const on = await page.evaluate(() => {
      const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any };
      const i = [...w.document.querySelectorAll('.reveal > .slides > section')].findIndex((s) => s.id === 'targets');
      w.Reveal.slide(i, 0);
      return i;
    });
    expect(on).toBeGreaterThan(1);
    let v = await previewVersion(page);
    // (The spec an earlier test saved may have it out already.)
    if (await page.$eval('#c-governance', (box) => (box as HTMLInputElement).checked)) {
      await page.click('#c-governance');
      await nextPreview(page, v);
    }
    expect((await deckTexts(page)).ids).not.toContain('governance');
    // What the page shows at the moment the composer says the preview is shown (before the next paint).
    await page.evaluate(() => {
      const root = document.documentElement;
      const was = root.dataset.previewVersion;
      const seen = new MutationObserver(() => {
        if (root.dataset.previewVersion === was) return;
        seen.disconnect();
        const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { Reveal: any };
        const R = w.Reveal;
        const slides = [...w.document.querySelectorAll('.reveal > .slides > section')];
        (window as Window & { atShown?: unknown }).atShown = {
          total: slides.length,
          h: R.getIndices().h,
          number: (w.document.querySelector('.slide-number')?.textContent ?? '').replace(/\s+/g, ''),
          progress: w.document.querySelector<HTMLElement>('.reveal > .progress > span')?.style.transform,
          governance: slides.findIndex((s) => s.id === 'governance'),
          placed: slides.filter((s) => ['past', 'present', 'future'].some((c) => s.classList.contains(c))).length,
          // What is on screen besides the slide shown: slides and slide backgrounds that are drawn and not transparent.
          seen: [...slides, ...R.getBackgroundsElement().children]
            .filter((el) => el !== R.getCurrentSlide() && el !== R.getCurrentSlide().slideBackgroundElement)
            .filter((el) => {
              const cs = w.getComputedStyle(el);
              return cs.display !== 'none' && cs.visibility !== 'hidden' && cs.opacity !== '0';
            })
            .map((el) => el.id || el.className),
        };
      });
      seen.observe(root, { attributes: true });
    });
    v = await previewVersion(page);
    await page.click('#c-governance');
    await nextPreview(page, v);
    const at = (await page.evaluate(() => (window as Window & { atShown?: unknown }).atShown)) as { total: number; h: number; number: string; progress: string; governance: number; placed: number; seen: string[] };
    expect(at.governance).toBeGreaterThan(on);
    // Nothing but the slide shown is on screen, though the slides put in have no place yet.
    expect(at.seen).toEqual([]);
    expect(at.number).toBe(`${on + 1}/${at.total}`);
    expect(Number(/^scaleX\(([\d.]+)\)$/.exec(at.progress)?.[1])).toBeCloseTo(on / (at.total - 1), 5);
    // Shown before reveal.js was told of the slides put in: not every slide had its place yet.
    expect(at.placed).toBeLessThan(at.total);
    // Told after the paint: the deck as reveal.js leaves it when told at once.
    const { now, told } = await asToldAtOnce(page);
    expect(now).toEqual(told);
    expect((now as { number: string }).number).toBe(`${on + 1}/${at.total}`);
    expect(log.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a deck page from another build is compared slide by slide and swapped in place, not reloaded', async () => {
    const { page, log } = await openComposer();
    // The page as a later build would serve it (its live script names that build), one slide's heading changed: what
    // the live script fetches when it cannot take an update from the news.
    const result = await page.evaluate(async () => {
      const w = (document.getElementById('deck-frame') as HTMLIFrameElement).contentWindow as Window & { briefingLive: { swap(text: string, to: number): Promise<boolean> }; __same?: boolean };
      w.__same = true;
      const text = await (await fetch('/preview/deck.html', { cache: 'no-store' })).text();
      const build = Number(/data-build="(\d+)"/.exec(text)![1]);
      const later = text.replace(/data-build="\d+"/, `data-build="${build + 7}"`).replace(/(<section[^>]*id="targets"[\s\S]*?<h3 class="slide-heading">)[\s\S]*?(<\/h3>)/, '$1Swapped in place$2');
      const done = await w.briefingLive.swap(later, build + 7);
      // A slide away from the one shown is swapped in after the paint: until the deck has settled.
      const d = w.document.documentElement.dataset;
      for (let i = 0; i < 200 && d.liveSettled !== d.liveUpdates; i++) await new Promise((r) => setTimeout(r, 25));
      return { done, same: w.__same === true, heading: w.document.querySelector('#targets h3.slide-heading')?.textContent ?? '' };
    });
    expect(result).toEqual({ done: true, same: true, heading: 'Swapped in place' });
    expect(log.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('reorders the selection by drag and drop: the preview follows', async () => {
    const { page, log } = await openComposer();
    const v = await previewVersion(page);
    const names = () => page.$$eval('#selected li .name', (els) => els.map((e) => e.textContent ?? ''));
    const before = await names();
    expect(before.length).toBeGreaterThan(2);
    const items = await page.$$('#selected li');
    // Drag the last entry onto the first, with the real mouse.
    await items[0]!.drop(items[items.length - 1]!);
    await page.waitForFunction((first: string) => document.querySelector('#selected li .name')?.textContent !== first, { polling: 50, timeout: 10_000 }, before[0]!);
    const after = await names();
    expect(after).toEqual([before.at(-1), ...before.slice(0, -1)]);
    await nextPreview(page, v);
    // The deck's agenda follows the new order.
    const agenda = await page.evaluate(() => {
      const doc = (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument!;
      return [...doc.querySelectorAll('.slide-agenda li')].map((li) => li.textContent ?? '');
    });
    expect(agenda.length).toBe(after.length);
    expect(agenda[0]).toContain(after[0]!.replace(/ \u2014 .*$/, ''));
    expect(log.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('typing 汽车 in the search box filters the tree; ticking keeps the filter and the focus; Esc clears it', async () => {
    const { page, log } = await openComposer();
    const v = await previewVersion(page);
    const boxes = () => page.$$eval('#tree input[type=checkbox]', (els) => els.map((e) => e.id));
    const all = await boxes();
    expect(all).toEqual(expect.arrayContaining(['c-consumption-products', 'c-governance', 'c-compute']));
    const searched = (q: string) =>
      page.waitForFunction((want: string) => document.documentElement.dataset.searchState === 'done' && document.documentElement.dataset.searchQuery === want, { polling: 50, timeout: 10_000 }, q);

    await page.focus('#tree-search');
    await page.keyboard.type('汽车');
    await searched('汽车');
    const found = await boxes();
    // 智能网联汽车: the product-consumption item (under its area) and the explainer on the six areas; nothing else.
    expect(found).toEqual(['c-consumption', 'c-consumption-products', 'c-explainer-areas']);
    expect(await page.$eval('#search-info', (e) => e.textContent)).toBe('2 sections match.');
    expect(await page.$$eval('#tree mark', (els) => els.map((e) => e.textContent))).toContain('汽车');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tree-search');

    // Tick the item from the keyboard: the tree stays filtered, the focus stays on it, the preview follows.
    const checked = () => page.$eval('#c-consumption-products', (e) => (e as HTMLInputElement).checked);
    const before = await checked();
    await page.focus('#c-consumption-products');
    await page.keyboard.press('Space');
    await nextPreview(page, v);
    expect(await boxes()).toEqual(found);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-consumption-products');
    expect(await checked()).toBe(!before);

    // English finds the same section; nothing matching says so; Esc brings the whole tree back.
    await page.click('#tree-search', { count: 3 });
    await page.keyboard.type('connected vehicles');
    await searched('connected vehicles');
    expect(await boxes()).toContain('c-consumption-products');
    await page.keyboard.type(' xyzzyq');
    await searched('connected vehicles xyzzyq');
    expect(await page.$eval('#search-info', (e) => e.textContent)).toMatch(/^Nothing has all the words/);
    await page.click('#tree-search', { count: 3 });
    await page.keyboard.type('xyzzyq');
    await searched('xyzzyq');
    expect(await boxes()).toEqual([]);
    expect(await page.$eval('#tree', (e) => e.textContent)).toContain('Nothing in the corpus matches “xyzzyq”');
    await page.keyboard.press('Escape');
    await searched('');
    expect(await boxes()).toEqual(all);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tree-search');
    expect(log.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('refuses API requests that do not come from the composer page (other sites, other host names, not JSON)', async () => {
    const before = await readFile(specFile, 'utf8');
    const api = `${serving.server.url}/__briefing/compose/save`;
    const body = JSON.stringify({ title: 'Pwned', language: 'en', theme: 'official', entries: [{ kind: 'id', id: 'targets' }] });
    const crossSite = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body });
    expect(crossSite.status).toBe(403);
    const simple = await fetch(api, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(simple.status).toBe(403);
    const get = await fetch(api);
    expect(get.status).toBe(403);
    expect(await readFile(specFile, 'utf8')).toBe(before);
    // The search box's API: the same guard; { q } only.
    const find = (b: unknown, headers: Record<string, string> = {}) => fetch(`${serving.server.url}/__briefing/compose/search`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(b) });
    const ok = (await (await find({ q: '汽车' })).json()) as { hits: Array<{ id: string }> };
    expect(ok.hits.map((h) => h.id)).toEqual(['consumption-products', 'explainer-areas']);
    expect((await find({ q: 5 })).status).toBe(400);
    expect((await find({ q: '汽车' }, { origin: 'http://evil.example' })).status).toBe(403);
    const { refuseApi } = await import('../../src/serve/compose.js');
    const req = (headers: Record<string, string>, method = 'POST') => ({ headers, method }) as unknown as import('node:http').IncomingMessage;
    expect(refuseApi(req({ host: 'rebind.example:8080' }, 'GET'), '127.0.0.1', false)).toMatch(/not this machine/);
    expect(refuseApi(req({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', 'content-type': 'application/json' }), '127.0.0.1', true)).toBeUndefined();
    expect(refuseApi(req({ host: '192.168.1.5:8080', origin: 'http://192.168.1.5:8080', 'content-type': 'application/json' }), '0.0.0.0', true)).toBeUndefined();
  });

  it('shows an invalid state inline instead of a broken preview', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/compose`);
    await page.waitForFunction(() => document.documentElement.dataset.previewState === 'ok', { polling: 100, timeout: 20_000 });
    // Remove every entry: nothing selected.
    while (await page.$('#selected li button[aria-label^="Remove"]')) await page.click('#selected li button[aria-label^="Remove"]');
    await page.waitForFunction(() => document.documentElement.dataset.previewState === 'error', { polling: 100, timeout: 20_000 });
    expect(await page.$eval('#errors', (e) => e.textContent)).toContain('nothing is selected');
    // Every control is labelled.
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select')].filter((i) => !(i as HTMLInputElement).labels?.length).length);
    expect(unlabeled).toBe(0);
    await page.close();
  }, 60_000);
});
