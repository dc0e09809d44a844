import type { Page } from 'puppeteer-core';
import { BriefingFailure, UserError } from '../errors.js';
import { warn, type Io } from '../log.js';
import type { OutputWriter } from '../output/index.js';
import { captureSlides, measureBrief, printA4, printBrief, printDeck, type CapturedSlide, type PdfMeta } from './pdf.js';
import { BrowserSession, withLocalPage, type SessionOptions } from './session.js';
import { deckExtras } from './deck-extras.js';
import type { PptxMeta } from './pptx.js';
import type { OutlineEntry } from './outline.js';
import { nowMs } from '../util/clock.js';

export interface ExportRequest {
  outDir: string;
  /** Writes the PDFs into outDir: each is staged when printed, all are renamed into place together at the end. */
  writer: OutputWriter;
  meta: PdfMeta;
  slideCount: number;
  /** Bookmarks for deck.pdf. */
  deckOutline: OutlineEntry[];
  specFile: string;
  /** Also write handout.pdf: each slide with its speaker notes. */
  notes: boolean;
  /** Renders the handout page from captured slides (the renderer's job, not the exporter's). */
  renderHandout: (slides: CapturedSlide[]) => Promise<string>;
  session: SessionOptions;
  /** deck.pdf and brief.pdf (and handout.pdf); false when only deck.pptx or slide images are asked for. */
  pdf?: boolean;
  /** Also write deck.pptx, with these document properties. */
  pptx?: PptxMeta;
  /** Also write slides/01.png … (1920×1080). */
  png?: boolean;
  /** A browser already starting (started early, while the HTML was built); else one is started here. */
  started?: Promise<BrowserSession>;
  /** The browser is shared with other exports (a batch): its pages are closed, the browser is left running. */
  shared?: boolean;
}

export interface ExportResult {
  files: { name: string; pages: number; bytes: number; ms: number }[];
  browser: { source: string; path: string; startMs: number };
  briefCondensed: string;
  blocked: string[];
  /** Ids of slides with more text than fits even at the smallest type (their end is cut off). */
  overflowing: string[];
  /** The brief could not be made to fit one page: brief.pdf was not written (a warning said so). */
  briefUnfit?: boolean;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/**
 * deck.pdf, brief.pdf (and handout.pdf) with one browser for the whole run, deck and brief printed in parallel.
 * The PDFs are a set: each is written to a temp name when printed, and all are renamed into place at the end, so a
 * failed export replaces none of them and never leaves one of this build beside one of an earlier build.
 */
export async function exportPdfs(req: ExportRequest, io: Io): Promise<ExportResult> {
  const blocked: string[] = [];
  const t0 = nowMs();
  if (!req.started) io.err('pdf: starting the browser…');
  const session = await (req.started ?? BrowserSession.start(req.session));
  // Only this export's pages (those of its folder): a shared browser prints other folders at the same time.
  const unsubscribe = session.onBlocked((u) => blocked.push(u), req.outDir);
  const startMs = nowMs() - t0;
  io.err(`pdf: browser ${session.candidate.source} (${session.candidate.path})${req.started ? '' : ` started in ${Math.round(startMs)} ms`}`);
  const files: ExportResult['files'] = [];
  const save = async (name: string, out: { bytes: Uint8Array; pages: number }, since: number) => {
    await req.writer.stage([{ to: name, content: out.bytes }]);
    const ms = nowMs() - since;
    files.push({ name, pages: out.pages, bytes: out.bytes.byteLength, ms });
    io.err(`pdf: ${name} printed: ${out.pages} page${out.pages === 1 ? '' : 's'}, ${kb(out.bytes.byteLength)}, ${Math.round(ms)} ms`);
  };
  let briefCondensed = '';
  let briefUnfit = false;
  let overflowing: string[] = [];
  const wantPdf = req.pdf ?? true;
  /** deck.pptx and slides/NN.png staged, to put in place with the PDFs. */
  const staged: string[] = [];
  // deck.pptx and the slide images come from the deck page the PDF is printed from (measured, then captured).
  const extras =
    req.pptx || req.png
      ? (page: Page) =>
          deckExtras(
            page,
            {
              stage: async (name, bytes) => {
                await req.writer.stage([{ to: name, content: bytes }]);
                staged.push(name);
              },
              slideCount: req.slideCount,
              ...(req.pptx ? { pptx: req.pptx } : {}),
              png: req.png ?? false,
            },
            io,
            (f) => files.push(f),
          )
      : undefined;
  try {
    const deck = (async () => {
      if (!wantPdf) {
        if (extras) await withLocalPage(session, req.outDir, 'deck.html', 'deckReady', '?print-pdf', extras);
        return;
      }
      const t = nowMs();
      io.err(`pdf: deck.pdf: printing ${req.slideCount} slides…`);
      const printed = await printDeck(session, req.outDir, { ...req.meta, outline: req.deckOutline }, req.slideCount, extras);
      if (printed.overflowing.length) {
        io.err(`warning: ${printed.overflowing.length === 1 ? 'a slide has' : `${printed.overflowing.length} slides have`} more text than fits even at the smallest type, and the end is cut off: ${printed.overflowing.join(', ')} — shorten its points, or select fewer items`);
      }
      overflowing = printed.overflowing;
      await save('deck.pdf', printed, t);
    })();
    const brief = (async () => {
      if (!wantPdf) return;
      const t = nowMs();
      const { page, fit } = await measureBrief(session, req.outDir);
      if (!fit.fits) {
        // Even rolled up to the document's parts, titles only, it does not fit (a very long title or bottom line):
        // say so, and let the deck and its PDF be written all the same. The previous brief.pdf, if any, stays.
        await page.close();
        const drop = fit.largest.filter((b) => b.id).slice(0, 3).map((b) => b.id);
        briefUnfit = true;
        io.err(
          `warning: ${req.specFile}: brief.pdf not written: the brief does not fit on one A4 page even rolled up and condensed to titles at 8.5 pt (${fit.overflowPx} px too much); ` +
            (drop.length ? `shorten brief.bottomLine or the title, or select fewer sections (e.g. drop ${drop.map((d) => `"${d}"`).join(', ')})` : 'shorten the title, subtitle or brief.bottomLine'),
        );
        return;
      }
      briefCondensed = fit.condensed;
      if (fit.condensed) io.err(`brief: condensed to fit one page: ${fit.condensed}`);
      await save('brief.pdf', await printBrief(session, page, { ...req.meta, subject: `${req.meta.subject ?? ''} — one-page brief`.replace(/^ — /, '') }), t);
    })();
    // The first failure ends the export at once: closing the browser makes the other print fail fast instead of
    // running on (or waiting out its own timeout).
    deck.catch(() => undefined);
    brief.catch(() => undefined);
    await Promise.all([deck, brief]).catch(async (err: unknown) => {
      // (A shared browser stays up for the other builds: the other print runs to its end.)
      if (!req.shared) await session.close();
      throw err;
    });
    if (req.notes && wantPdf) {
      const t = nowMs();
      const slides = await captureSlides(session, req.outDir, (i, n) => {
        if (i === n || i % 10 === 0) io.err(`pdf: handout: slide ${i} of ${n}`);
      });
      // The browser prints the handout from the folder: its page goes in first, on its own.
      await req.writer.stage([{ to: 'handout.html', content: await req.renderHandout(slides) }]);
      await req.writer.commit(['handout.html']);
      await save('handout.pdf', await printA4(session, req.outDir, 'handout.html', { ...req.meta, subject: 'Speaker notes' }), t);
    }
    await req.writer.commit([...files.map((f) => f.name), ...staged]);
  } catch (err) {
    if (err instanceof UserError || err instanceof BriefingFailure) throw err;
    // The browser crashed, was killed, or closed a page under us: a failure to report, not a bug to dump.
    const crashed = !session.browser.connected || /Target closed|Session closed|Connection closed|Protocol error/i.test(String(err));
    if (crashed) {
      throw new BriefingFailure(
        `the browser stopped during the export (${(err as Error).message.split('\n')[0]})`,
        'no PDF was replaced; run the build again, and if it keeps happening try another browser with --browser-path',
        { cause: err },
      );
    }
    throw err;
  } finally {
    unsubscribe();
    if (!req.shared) await session.close();
  }
  if (blocked.length) {
    const urls = [...new Set(blocked)];
    warn(io, `pdf: refused to load ${urls.length} address${urls.length === 1 ? '' : 'es'} that ${urls.length === 1 ? 'is' : 'are'} not a file of the output folder (nothing outside it is printed): ${urls.slice(0, 5).join(', ')}${urls.length > 5 ? ` and ${urls.length - 5} more` : ''}`);
  }
  return { files, browser: { source: session.candidate.source, path: session.candidate.path, startMs }, briefCondensed, blocked, overflowing, ...(briefUnfit ? { briefUnfit } : {}) };
}
