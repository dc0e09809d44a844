/** The speaker view (reveal.js notes window) at its 800×565 default: slide numbers readable, overlapping nothing. */
import path from 'node:path';
import type { Browser, Frame } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { deckReady, launchBrowser, serveFolder, speakerPreviewsReady, speakerWindow, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let browser: Browser;
let out: string;
beforeAll(async () => {
  out = path.join(await tempDir('speaker'), 'deck');
  expect(await main(['build', path.join(DEFAULTS.specs, 'board-industry-compute.yaml'), '--out', out], { out: () => {}, err: () => {} })).toBe(0);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Box { x: number; y: number; w: number; h: number }
interface NumberLayout { number: Box; fontPx: number; text: string; others: { what: string; box: Box }[] }

/** In one preview frame: the slide number's box and font size, and the boxes of visible arrows and footer text. */
function layoutIn(frame: Frame): Promise<NumberLayout> {
  return frame.evaluate(() => {
    const box = (r: DOMRect) => ({ x: r.x, y: r.y, w: r.width, h: r.height });
    const num = document.querySelector('.reveal .slide-number') as HTMLElement;
    const inner = (num.querySelector('a') ?? num) as HTMLElement;
    const others: { what: string; box: Box }[] = [];
    for (const b of document.querySelectorAll('.reveal .controls button')) {
      const r = b.getBoundingClientRect();
      if (r.width && getComputedStyle(b).visibility !== 'hidden' && getComputedStyle(b).opacity !== '0' && getComputedStyle(b.parentElement!).display !== 'none') others.push({ what: b.className, box: box(r) });
    }
    const present = document.querySelector('.slides > section.present') as HTMLElement;
    for (const el of present.querySelectorAll('.slide-footer *, h1, h2, h3, p, li')) {
      for (const n of el.childNodes) {
        if (n.nodeType !== 3 || !n.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) others.push({ what: `text: ${n.textContent.trim().slice(0, 20)}`, box: box(r) });
      }
    }
    return { number: box(inner.getBoundingClientRect()), fontPx: parseFloat(getComputedStyle(inner).fontSize), text: num.textContent ?? '', others };
  });
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('speaker view at 800×565', () => {
  it('the slide numbers of the current and the upcoming slide are readable and overlap nothing', async () => {
    const server = await serveFolder(out);
    const { page } = await watchedPage(browser);
    try {
      await page.goto(`${server.url}/deck.html#/industry`);
      await deckReady(page);
      await page.evaluate(() => (window as any).Reveal.getPlugin('notes').open());
      const speaker = await speakerWindow(browser, page);
      await speaker.setViewport({ width: 800, height: 565 });
      await speakerPreviewsReady(speaker, 60_000);
      // The previews lay out after the resize: measured once two reads 150 ms apart agree (a busy machine takes longer).
      await new Promise((r) => setTimeout(r, 500));
      const frames = await Promise.all(['current-slide', 'upcoming-slide'].map(async (which) => [which, (await (await speaker.$(`#${which} iframe`))!.contentFrame())!] as const));
      let layouts = await Promise.all(frames.map(([, f]) => layoutIn(f)));
      let settled = false;
      for (let tries = 0; tries < 60 && !settled; tries++) {
        await new Promise((r) => setTimeout(r, 150));
        const again = await Promise.all(frames.map(([, f]) => layoutIn(f)));
        settled = JSON.stringify(again) === JSON.stringify(layouts);
        layouts = again;
      }
      expect(settled, 'the previews kept moving for 9 s after the resize').toBe(true);
      for (const [i, [which]] of frames.entries()) {
        const l = layouts[i]!;
        expect(l.text.replace(/\s+/g, ''), which).toMatch(/^\d+\/\d+$/);
        expect(l.fontPx, which).toBeGreaterThanOrEqual(11);
        expect(l.others.filter((o) => overlaps(o.box, l.number)).map((o) => o.what), which).toEqual([]);
      }
      await speaker.close();
    } finally {
      await page.close().catch(() => undefined);
      await server.close();
    }
  }, 120_000);
});
