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
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.pdf-page')].map((p) => {
      // reveal.js makes each print page a pixel shorter than its slide; the image is the whole slide.
      const r = p.getBoundingClientRect();
      const slide = (p.querySelector('.frame') ?? p).getBoundingClientRect();
      return { x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY), width: Math.round(slide.width), height: Math.round(slide.height) };
    }),
  );
  if (!boxes.length) return 0;
  const scale = width / boxes[0]!.width;
  for (let i = 0; i < boxes.length; i++) {
    const clip = { ...boxes[i]!, scale };
    const png = await page.screenshot({ type: 'png', clip, captureBeyondViewport: true });
    await onImage(i + 1, boxes.length, png);
  }
  return boxes.length;
}
