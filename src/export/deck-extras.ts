import type { Page } from 'puppeteer-core';
import { BriefingFailure } from '../errors.js';
import type { Io } from '../log.js';
import { measureDeck } from './measure.js';
import { captureSlidePngs, pngName } from './png.js';
import { buildPptx, type PptxMeta } from './pptx.js';
import { nowMs } from '../util/clock.js';

export interface DeckExtras {
  /** Stages a file of the output folder (written to a temp name; renamed into place with the PDFs at the end). */
  stage: (name: string, bytes: Uint8Array) => Promise<void>;
  slideCount: number;
  pptx?: PptxMeta;
  png: boolean;
}

/** Width of the slide images: 1920×1080 for the 16:9 deck. */
export const PNG_WIDTH = 1920;

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/**
 * deck.pptx and slides/NN.png from the deck page already open in print mode (the one deck.pdf is printed from): the
 * slides are measured there, fitted as they are, and captured there. Each file goes through the output writer: staged
 * here, put in place with the other outputs of the export.
 */
export async function deckExtras(page: Page, req: DeckExtras, io: Io, done: (f: { name: string; pages: number; bytes: number; ms: number }) => void): Promise<void> {
  const write = req.stage;
  if (req.pptx) {
    const t = nowMs();
    io.err(`pptx: deck.pptx: measuring ${req.slideCount} slides…`);
    const measured = await measureDeck(page);
    if (measured.slides.length !== req.slideCount) {
      throw new BriefingFailure(`deck.pptx: the deck page has ${measured.slides.length} slides for ${req.slideCount}`, 'please report this with the spec');
    }
    const bytes = await buildPptx(measured, req.pptx);
    await write('deck.pptx', bytes);
    const ms = nowMs() - t;
    done({ name: 'deck.pptx', pages: measured.slides.length, bytes: bytes.byteLength, ms });
    io.err(`pptx: deck.pptx written: ${measured.slides.length} slides, ${kb(bytes.byteLength)}, ${Math.round(ms)} ms`);
  }
  if (req.png) {
    const t = nowMs();
    let bytes = 0;
    const n = await captureSlidePngs(page, PNG_WIDTH, async (i, total, png) => {
      await write(pngName(i, total), png);
      bytes += png.byteLength;
      if (i === total || i % 10 === 0) io.err(`png: slide ${i} of ${total}`);
    });
    const ms = nowMs() - t;
    done({ name: 'slides', pages: n, bytes, ms });
    io.err(`png: ${n} slide images written to slides/ (${PNG_WIDTH}×${(PNG_WIDTH * 9) / 16}), ${kb(bytes)}, ${Math.round(ms)} ms`);
  }
}
