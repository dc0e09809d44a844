import type { Page } from 'puppeteer-core';

/** slides/01.png … (two digits at least, more for decks of 100 slides or more). */
export function pngName(index: number, total: number): string {
  return `slides/${String(index).padStart(Math.max(2, String(total).length), '0')}.png`;
}

/**
 * One PNG per slide of deck.html opened in print mode (?print-pdf), `width` pixels wide (1920: 1920×1080 for the
 * 1280×720 slides). Each image is handed to `onImage` as soon as it is taken, so that it can be written at once.
 */
export async function captureSlidePngs(page: Page, width: number, onImage: (index: number, total: number, png: Uint8Array) => Promise<void>): Promise<number> {
  const boxes = await page.evaluate(() => {
    const pages = [...document.querySelectorAll<HTMLElement>('.pdf-page')];
    // reveal.js makes each print page a pixel shorter than its slide (so that the PDF has no blank pages), and the
    // next page covers the slide's last row. The PDF is printed by now: give every page its slide's full height.
    for (const p of pages) {
      const slide = (p.querySelector('.frame') ?? p).getBoundingClientRect();
      p.style.height = `${slide.height}px`;
    }
    return pages.map((p) => {
      const r = p.getBoundingClientRect();
      return { x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY), width: Math.round(r.width), height: Math.round(r.height) };
    });
  });
  if (!boxes.length) return 0;
  const scale = width / boxes[0]!.width;
  for (let i = 0; i < boxes.length; i++) {
    const clip = { ...boxes[i]!, scale };
    const png = await page.screenshot({ type: 'png', clip, captureBeyondViewport: true });
    await onImage(i + 1, boxes.length, png);
  }
  return boxes.length;
}
