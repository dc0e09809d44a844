/**
 * The serve and composer figures of `npm run bench`, in a real headless browser, in process (the server runs here):
 * - spec edit → page: from the spec file's write until the deck open on a slide shows the edit (swapped in place,
 *   fitted, reveal.js on the same slide), on the page's clock (see armEditClock). The edit is the deck's title, which
 *   is in every slide's footer: every slide changes, the most an edit changes short of the language or theme.
 * - composer preview: from unticking (or ticking) an area until the preview's deck lacks (or has) it.
 * Two edits warm up first (the first builds of a process run cold code); then medians of `runs`, with the server's
 * own CPU time (user + sys of this process, the browser not counted) beside the wall time.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findBrowser, launchArgs } from '../src/export/browser.js';
import { DEFAULTS } from '../src/paths.js';
import { silentIo } from '../src/log.js';
import { serve, type Serving } from '../src/serve/index.js';

export interface Timing {
  /** Median wall time, ms. */
  wall: number;
  /** The middle half of the wall times (first and third quartile), ms: how much the runs spread. */
  spread: [number, number];
  /** Median CPU time of this process (the server) over the driven span (see `driven`), ms. */
  cpu: number;
  /** Median until the server had told the page and written the output folder (serve only: it tells first when only pages changed). */
  told?: number;
  /**
   * The wall time as the benchmark sees it, where `wall` is measured in the page: for the composer, Puppeteer's click
   * (a few round trips to the browser before the page sees it) and the answer back; for an edit, until the page's
   * answer reaches this process (busy, as the server, writing the output folder).
   */
  driven?: number;
  /** Edits only: how many reloaded the page instead of updating it in place (none is expected). */
  reloads?: number;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The first and third quartile (nearest rank). */
const quartiles = (xs: number[]): [number, number] => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) / 4)]!, s[Math.ceil((3 * (s.length - 1)) / 4)]!];
};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function launch(): Promise<Browser> {
  const { found, tried } = await findBrowser();
  if (!found) throw new Error(`no browser for the serve figures; looked at: ${tried.join(', ')}`);
  return puppeteer.launch({ executablePath: found.path, headless: true, args: launchArgs(found.args) });
}

/**
 * In-page source of a promise of `value` (an expression, evaluated at that moment) the first time `ready` (an
 * expression) holds, checked on each change of `target` (MutationObserver options `observe`) and every millisecond
 * besides; rejected after 30 s with `late`. A string, not a function: tsx would wrap a function's inner functions in a
 * helper the page does not have.
 */
const whenInPage = (ready: string, value: string, target: string, observe: string, late: string) => `new Promise((resolve, reject) => {
    const stop = () => { observer.disconnect(); clearInterval(timer); clearTimeout(limit); };
    const check = () => {
      if (!(${ready})) return;
      const at = ${value};
      stop();
      resolve(at);
    };
    const observer = new MutationObserver(check);
    observer.observe(${target}, ${observe});
    const timer = setInterval(check, 1);
    const limit = setTimeout(() => { stop(); reject(new Error(${JSON.stringify(late)})); }, 30000);
  })`;

/**
 * Run in the composer page before a click: window.__briefingBenchShown becomes a promise of the milliseconds from the
 * click event's time stamp until a preview newer than the one shown at the click shows the governance area (`want`)
 * or lacks it, checked on each change of the composer's <html> attributes (previewShown sets them). Throws at once if
 * the preview shows what is wanted already (the benchmark lost track).
 */
const armPreviewClock = (want: boolean) => `(() => {
  const root = document.documentElement;
  const shows = () => {
    const doc = document.getElementById('deck-frame')?.contentDocument;
    return root.dataset.previewState === 'ok' && doc?.documentElement.dataset.deckReady === 'true' && !!doc.getElementById('governance') === ${JSON.stringify(want)};
  };
  if (shows()) throw new Error('the preview already shows what the click is to change');
  let clicked;
  let version;
  document.getElementById('c-governance').addEventListener('click', (e) => { clicked = e.timeStamp; version = root.dataset.previewVersion; }, { once: true, capture: true });
  window.__briefingBenchShown = ${whenInPage('clicked !== undefined && root.dataset.previewVersion !== version && shows()', 'performance.now() - clicked', 'root', '{ attributes: true }', 'no new preview within 30 s of the click')};
})()`;

/**
 * Run in the deck page before an edit: window.__briefingBenchEdit becomes a promise of the moment (epoch ms:
 * performance.timeOrigin + now, a clock this process shares to within a millisecond) at which the slide shown shows
 * `title` in its footer and the update is in (fitted, reveal.js told: the live script's data-live-updates counts it),
 * checked on each change of the page's DOM. On the page's clock, because this process is also the server: an answer
 * from the page waits here while the server writes the output folder, which a person looking at the page does not.
 */
const armEditClock = (title: string) => `(() => {
  const want = ${JSON.stringify(title)};
  const root = document.documentElement;
  const updates = Number(root.dataset.liveUpdates || 0);
  const shows = () => root.dataset.deckReady === 'true' && Number(root.dataset.liveUpdates || 0) > updates && document.querySelector('.reveal .slides section.present .deck-title')?.textContent === want;
  if (shows()) throw new Error('the deck shows the edit already');
  window.__briefingBenchEdit = ${whenInPage('shows()', 'performance.timeOrigin + performance.now()', 'document', '{ subtree: true, childList: true, characterData: true, attributes: true }', 'the edit was not shown within 30 s')};
})()`;

export async function serveFigures(out: string, runs: number): Promise<{ edit: Timing; preview: Timing }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'briefing-bench-serve-'));
  const spec = path.join(dir, 'default.yaml');
  const text = await readFile(DEFAULTS.spec, 'utf8');
  await writeFile(spec, text);
  const serving = await serve({ build: { spec, out: path.join(out, 'serve'), content: DEFAULTS.content }, host: '127.0.0.1', port: 0, open: false }, silentIo);
  const browser = await launch();
  let composing: Serving | undefined;
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(`${serving.server.url}/deck.html#/targets`);
    await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true', { polling: 20, timeout: 60_000 });
    const walls: number[] = [];
    let reloads = 0;
    const driven: number[] = [];
    const cpus: number[] = [];
    const told: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await new Promise((r) => setTimeout(r, 400)); // the background fitting of the edit before settles
      await serving.idle();
      const title = `Bench edit ${i}`;
      const rebuilt = serving.rebuilt();
      await page.evaluate(armEditClock(title));
      const [t0, c0] = [performance.now(), cpuNow()];
      const at = performance.timeOrigin + t0;
      await writeFile(spec, text.replace(/^title: .*$/m, `title: ${title}`));
      void rebuilt.then(() => told.push(performance.now() - t0));
      // Waited for in the page, not polled from here (see armEditClock). An update the page could not take in place
      // reloads it, and the clock with it: then the time is taken here, once the new page shows the edit.
      const seen = await page.evaluate('window.__briefingBenchEdit').then(
        (x) => (typeof x === 'number' ? x : undefined),
        () => undefined,
      );
      if (seen === undefined) {
        reloads++;
        await page.waitForFunction(
          (want: string) => document.documentElement.dataset.deckReady === 'true' && document.querySelector('.reveal .slides section.present .deck-title')?.textContent === want,
          { polling: 'mutation', timeout: 60_000 },
          title,
        );
      }
      if (i >= 2) {
        walls.push(seen === undefined ? performance.now() - t0 : seen - at);
        driven.push(performance.now() - t0);
        cpus.push(cpuNow() - c0);
      }
      if ((await page.evaluate(() => (window as any).Reveal.getCurrentSlide().id)) !== 'targets') throw new Error('the deck left its slide');
    }
    const edit: Timing = { wall: median(walls), spread: quartiles(walls), cpu: median(cpus), told: median(told.slice(2)), runs, driven: median(driven), reloads };

    // The composer, on a spec of areas (the provincial overview): untick and tick the governance area, each time
    // until the preview's deck lacks (or has) it.
    const composed = path.join(dir, 'overview.yaml');
    await writeFile(composed, await readFile(path.join(DEFAULTS.specs, 'provincial-overview.yaml'), 'utf8'));
    composing = await serve({ build: { spec: composed, out: path.join(out, 'compose'), content: DEFAULTS.content }, host: '127.0.0.1', port: 0, open: false }, silentIo);
    const composer = await browser.newPage();
    await composer.setViewport({ width: 1440, height: 900 });
    await composer.goto(`${composing.server.url}/compose`);
    const shown = (want: boolean) =>
      composer.waitForFunction(
        (w: boolean) => {
          const doc = (document.getElementById('deck-frame') as HTMLIFrameElement | null)?.contentDocument;
          return document.documentElement.dataset.previewState === 'ok' && doc?.documentElement.dataset.deckReady === 'true' && !!doc.getElementById('governance') === w;
        },
        { polling: 5, timeout: 60_000 },
        want,
      );
    await composer.waitForFunction(() => document.documentElement.dataset.composerReady === 'true', { timeout: 60_000 });
    let has = await composer.evaluate(() => (document.getElementById('c-governance') as HTMLInputElement).checked);
    await shown(has);
    const pw: number[] = [];
    const pc: number[] = [];
    const inPage: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await new Promise((r) => setTimeout(r, 400));
      // In the page, on its own clock: from the click event's time until the preview shows the change (checked on
      // each change of the composer's <html> attributes, which previewShown sets, and every 2 ms besides).
      await composer.evaluate(armPreviewClock(!has));
      const [t0, c0] = [performance.now(), cpuNow()];
      await composer.click('#c-governance');
      has = !has;
      // Waited for in the page (the clock's promise), not polled from here: polling every few ms sends the browser a
      // stream of requests from this process, which is also the server's, while it renders.
      const pageMs = (await composer.evaluate('window.__briefingBenchShown')) as number;
      const driven = performance.now() - t0;
      await shown(has); // at once: a check that the preview is what the clock saw
      if (i >= 2) {
        pw.push(driven);
        pc.push(cpuNow() - c0);
        inPage.push(pageMs);
      }
    }
    return { edit, preview: { wall: median(inPage), spread: quartiles(inPage), cpu: median(pc), runs, driven: median(pw) } };
  } finally {
    await browser.close();
    await serving.close();
    await composing?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
