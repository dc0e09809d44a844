/** End to end: the CLI builds real decks; a real headless Chromium opens them from a file and from a server. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { deckReady, launchBrowser, speakerWindow, serveFolder, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

let browser: Browser;
let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('e2e');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function buildSpec(spec: string, out: string, extra: string[] = []) {
  const c = io();
  const code = await main(['build', spec, '--out', out, ...extra], c.io);
  expect(code, c.err.join('\n')).toBe(0);
  return c;
}

describe('the default briefing', () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(tmp, 'default');
    await buildSpec(DEFAULTS.spec, out);
  });

  it('opens from a file: all slides, no console errors, no request leaves the machine, nothing overflows', async () => {
    const { page, log } = await watchedPage(browser);
    await page.goto(`file://${out}/deck.html`);
    await deckReady(page);
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    const sections = (html.match(/<section /g) ?? []).length;
    const state = await page.evaluate(() => {
      const frames = [...document.querySelectorAll<HTMLElement>('.reveal .slides section > .frame')];
      const overflow = frames
        .map((f) => {
          const s = f.parentElement!;
          const hidden = getComputedStyle(s).display === 'none';
          if (hidden) s.style.display = 'block';
          const bad = f.scrollHeight > f.clientHeight + 1 || f.scrollWidth > f.clientWidth + 1;
          if (hidden) s.style.display = '';
          return bad ? s.id : '';
        })
        .filter(Boolean);
      return { total: (window as any).Reveal.getTotalSlides() as number, overflow, notes: document.querySelectorAll('aside.notes').length };
    });
    // The slides were hidden until their fonts were in, and shown for good once fitted: nothing is still loading.
    expect(await page.evaluate(() => ({ hidden: !!document.querySelector('.reveal.loading-fonts'), loading: [...document.fonts].filter((f) => f.status === 'loading').length }))).toEqual({ hidden: false, loading: 0 });
    expect(state.total).toBe(sections);
    expect(state.total).toBeGreaterThan(40);
    expect(state.overflow).toEqual([]);
    expect(state.notes).toBeGreaterThan(30);
    expect(log.errors).toEqual([]);
    expect(log.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    // The Chinese font was loaded from the deck's own folder.
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, ''));
    });
    expect(fonts).toContain('Noto Sans SC');
    await page.screenshot({ path: path.join(out, 'check-title.png') });
    await page.close();
  });

  it('opens from a server, navigates by hash, and the speaker view opens with notes', async () => {
    const server = await serveFolder(out);
    const { page, log } = await watchedPage(browser);
    let speaker: Page | undefined;
    try {
      await page.goto(`${server.url}/deck.html#/industry-agriculture`);
      await deckReady(page);
      expect(await page.evaluate(() => (window as any).Reveal.getCurrentSlide().id)).toBe('industry-agriculture');
      await page.evaluate(() => (window as any).Reveal.getPlugin('notes').open());
      speaker = await speakerWindow(browser, page);
      // The speaker view loads the deck twice (current and next slide); on a loaded 2-core CI machine that takes a while.
      await speaker.waitForFunction(() => !!document.querySelector('.speaker-controls-notes .value')?.textContent?.includes('\u519c\u4e1a'), { timeout: 40_000, polling: 200 });
      const notes = await speaker.evaluate(() => document.querySelector('.speaker-controls-notes .value')!.textContent!);
      expect(notes).toContain('\u52a0\u5feb\u4eba\u5de5\u667a\u80fd\u9a71\u52a8\u7684\u80b2\u79cd\u4f53\u7cfb\u521b\u65b0');
      await page.bringToFront();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => (window as any).Reveal.getCurrentSlide().id === 'industry-services', { timeout: 10_000 });
      // What people expect of reveal.js: overview on Esc, search and zoom plugins, slide numbers.
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => (window as any).Reveal.isOverview() === true, { timeout: 10_000 });
      await page.keyboard.press('Escape');
      expect(await page.evaluate(() => ['search', 'zoom', 'notes'].map((p) => !!(window as any).Reveal.getPlugin(p)))).toEqual([true, true, true]);
      expect(await page.evaluate(() => document.querySelector('.slide-number')?.textContent?.replace(/\s+/g, ''))).toMatch(/^\d+\/\d+$/);
      expect(log.errors, log.errors.join('\n')).toEqual([]);
    } finally {
      // Close pages before the server so a failure above is reported as itself, never as a hang.
      await speaker?.close().catch(() => undefined);
      await page.close().catch(() => undefined);
      await server.close();
    }
  }, 90_000);

  it('copies only the font files the deck needs, and no CDN links', async () => {
    const fonts = await readdir(path.join(out, 'assets', 'fonts'));
    expect(fonts.filter((f) => f.endsWith('.woff2')).length).toBeGreaterThan(5);
    expect(fonts.filter((f) => f.endsWith('.woff2')).length).toBeLessThan(160);
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('an English deck of every area and support', () => {
  it('has the implied slide count and English visible text, with no overflow', async () => {
    const spec = path.join(tmp, 'everything.yaml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(spec, 'title: Everything\nlanguage: en\ntheme: neutral\nsections:\n  - targets\n  - area: science\n  - area: industry\n  - area: consumption\n  - area: livelihood\n  - area: governance\n  - area: global\n  - support: [models, data, compute, environment, open-source, talent, policy, safety]\ndeck: { quotes: false }\n');
    const out = path.join(tmp, 'everything');
    await buildSpec(spec, out);
    const { page, log } = await watchedPage(browser);
    await page.goto(`file://${out}/deck.html`);
    await deckReady(page);
    // title + agenda + timeline + 6 area headings + 17 items + 8 supports + sources
    expect(await page.evaluate(() => (window as any).Reveal.getTotalSlides())).toBe(1 + 1 + 1 + 6 + 17 + 8 + 1);
    const visible = await page.evaluate(() => {
      const clone = document.querySelector('.slides')!.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('aside.notes, .doc-number').forEach((n) => n.remove());
      return clone.textContent ?? '';
    });
    expect(visible.match(/[\u3400-\u9fff]/g)).toBeNull();
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
