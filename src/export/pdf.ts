import type { Page } from 'puppeteer-core';
import { ParseSpeeds, PDFDocument } from './pdf-lib.js';
import { BriefingFailure } from '../errors.js';
import { openLocal, withLocalPage, type BrowserSession } from './session.js';
import { addOutline, type OutlineEntry } from './outline.js';
import { updatePdf } from './pdf-update.js';

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  /** A classification mark for the running header of every A4 page (the handout). */
  mark?: string;
  /** Bookmarks to write (page numbers 1-based). */
  outline?: OutlineEntry[];
}

const CREATOR = 'briefing';
const PRODUCER = 'briefing (Chromium, pdf-lib)';

/**
 * Set document metadata (and the outline) and return the bytes and page count; fonts and pages are kept as Chrome
 * wrote them. Appended to Chromium's file as an incremental update (see updatePdf): parsing and writing a 48-page
 * PDF whole cost pdf-lib about 0.15 s of CPU per file. A file not laid out as Chromium writes it is loaded and saved
 * whole, with the same result for a reader.
 */
export async function finishPdf(bytes: Uint8Array, meta: PdfMeta): Promise<{ bytes: Uint8Array; pages: number }> {
  const now = new Date();
  const updated = updatePdf(bytes, { ...meta, creator: CREATOR, producer: PRODUCER, date: now });
  return updated ?? rewritePdf(bytes, meta, now);
}

/** finishPdf by pdf-lib alone: the whole file parsed, changed and written again. */
export async function rewritePdf(bytes: Uint8Array, meta: PdfMeta, now = new Date()): Promise<{ bytes: Uint8Array; pages: number }> {
  // In one go: pdf-lib's defaults yield to the event loop every 100 objects parsed and every 50 written, which only
  // lengthens the export (the bytes are the same).
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords?.length) doc.setKeywords(meta.keywords);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  if (meta.outline) addOutline(doc, meta.outline);
  return { bytes: await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }), pages: doc.getPageCount() };
}

async function print(page: Page, options: Parameters<Page['pdf']>[0], what: string, timeout: number): Promise<Uint8Array> {
  try {
    return await page.pdf({ printBackground: true, timeout, ...options });
  } catch (err) {
    throw new BriefingFailure(`printing ${what} failed: ${(err as Error).message.split('\n')[0]}`, 'if the browser crashed or was killed, run the build again', { cause: err });
  }
}

/** deck.html → PDF: reveal.js print mode, one page per slide (fragments in their final state), with an outline. */
export async function printDeck(
  session: BrowserSession,
  outDir: string,
  meta: PdfMeta,
  expectedPages: number,
  /** Run on the printed page before it closes (deck.pptx and slide images are made from it). */
  after?: (page: Page) => Promise<void>,
): Promise<{ bytes: Uint8Array; pages: number; overflowing: string[] }> {
  return withLocalPage(session, outDir, 'deck.html', 'deckReady', '?print-pdf', async (page) => {
    // The page size, and the slides that deck.js could not fit even at its smallest type (their end is cut off).
    const { size, marked } = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.pdf-page') ?? document.querySelector<HTMLElement>('.reveal .slides section');
      const r = el!.getBoundingClientRect();
      return { size: { width: Math.round(r.width), height: Math.round(r.height) }, marked: document.documentElement.dataset.overflowing ?? '' };
    });
    const overflowing = marked.split(' ').filter(Boolean);
    const raw = await print(page, { width: `${size.width}px`, height: `${size.height}px`, margin: { top: 0, right: 0, bottom: 0, left: 0 } }, 'deck.pdf', session.timeout);
    const out = await finishPdf(raw, meta);
    if (out.pages !== expectedPages) {
      throw new BriefingFailure(`deck.pdf has ${out.pages} pages for ${expectedPages} slides`, 'a slide is taller than a page; please report this with the spec');
    }
    if (after) await after(page);
    return { ...out, overflowing };
  });
}

export interface BriefFit {
  fits: boolean;
  level: number;
  /** What was condensed to fit, e.g. "at most 2 points per block, 9 pt type"; empty when nothing was. */
  condensed: string;
  overflowPx: number;
  /** Block ids with their heights in px, largest first: what to drop when it does not fit. */
  largest: { id: string; height: number }[];
}

/** Open brief.html; its own script fits it on one A4 page. Returns what it did, and the page for printing. */
export async function measureBrief(session: BrowserSession, outDir: string): Promise<{ page: Page; fit: BriefFit }> {
  const page = await openLocal(session, outDir, 'brief.html', 'briefReady');
  const fit = await page.evaluate(() => {
    const d = document.documentElement.dataset;
    const largest = [...document.querySelectorAll<HTMLElement>('.block')]
      .map((b) => ({ id: b.id.replace(/^block-/, ''), height: Math.round(b.getBoundingClientRect().height) }))
      .sort((a, b) => b.height - a.height);
    return { fits: d.briefFits === 'true', level: Number(d.briefLevel), condensed: d.briefCondensed ?? '', overflowPx: Number(d.briefOverflow), largest };
  });
  return { page, fit };
}

/** The measured brief → an A4 PDF, which must be exactly one page. */
export async function printBrief(session: BrowserSession, page: Page, meta: PdfMeta): Promise<{ bytes: Uint8Array; pages: number }> {
  try {
    await page.emulateMediaType('print');
    const raw = await print(page, { format: 'A4', preferCSSPageSize: true, margin: { top: 0, right: 0, bottom: 0, left: 0 } }, 'brief.pdf', session.timeout);
    const out = await finishPdf(raw, meta);
    if (out.pages !== 1) throw new BriefingFailure(`brief.pdf came out with ${out.pages} pages`, 'please report this with the spec');
    return out;
  } finally {
    await page.close().catch(() => undefined);
  }
}

export interface CapturedSlide {
  index: number;
  id: string;
  image: string;
  notesHtml: string;
}

/** Screenshots of every slide (JPEG data URLs) with the HTML of its speaker notes, for the handout. */
export async function captureSlides(session: BrowserSession, outDir: string, onSlide?: (i: number, n: number) => void): Promise<CapturedSlide[]> {
  return withLocalPage(session, outDir, 'deck.html', 'deckReady', '?transition=none&controls=false&progress=false', async (page) => {
    const n = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
    const out: CapturedSlide[] = [];
    for (let i = 0; i < n; i++) {
      const info = await page.evaluate((index: number) => {
        const R = (window as unknown as { Reveal: { slide(h: number): void; getCurrentSlide(): HTMLElement } }).Reveal;
        R.slide(index);
        const s = R.getCurrentSlide();
        return { id: s.id, notes: s.querySelector('aside.notes')?.innerHTML ?? '' };
      }, i);
      const shot = await page.screenshot({ type: 'jpeg', quality: 78, encoding: 'base64' });
      out.push({ index: i + 1, id: info.id, image: `data:image/jpeg;base64,${shot}`, notesHtml: info.notes });
      onSlide?.(i + 1, n);
    }
    return out;
  });
}

/** Any local HTML page → A4 PDF (the handout). */
export async function printA4(session: BrowserSession, outDir: string, file: string, meta: PdfMeta): Promise<{ bytes: Uint8Array; pages: number }> {
  return withLocalPage(session, outDir, file, 'pageReady', '', async (page) =>
    finishPdf(await print(page, { format: 'A4', preferCSSPageSize: true, ...markHeader(meta.mark) }, file, session.timeout), meta),
  );
}

/** A running header with the classification mark, printed by Chromium on every page (a fixed element is not, always). */
function markHeader(mark: string | undefined): Parameters<Page['pdf']>[0] {
  if (!mark) return {};
  const text = mark.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    displayHeaderFooter: true,
    headerTemplate: `<div style="width:100%;font-size:8pt;font-weight:700;color:#a40000;text-align:right;padding:0 14mm;font-family:'Noto Sans','Noto Sans SC',sans-serif">${text}</div>`,
    footerTemplate: '<div></div>',
  };
}
