import http from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import sirv from 'sirv';
import { findBrowser, launchArgs } from '../../src/export/browser.js';

/** A real headless browser (a full one: not the headless shell the exports prefer), found the way the product finds one. Tests that need it fail when there is none. */
export async function launchBrowser(): Promise<Browser> {
  const { found, tried } = await findBrowser({ shell: false });
  if (!found) throw new Error(`no browser for end-to-end tests; looked at: ${tried.join(', ')}`);
  return puppeteer.launch({ executablePath: found.path, headless: true, args: launchArgs(found.args) });
}

export interface PageLog {
  errors: string[];
  /** Every request URL the page made. */
  requests: string[];
}

/** A page that records console errors, page errors and requests, and blocks any request that would leave the machine. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) log.errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    log.requests.push(r.url());
    const local = /^(file:|data:|blob:|about:|https?:\/\/(127\.0\.0\.1|localhost)[:/])/.test(r.url());
    void (local ? r.continue() : r.abort('blockedbyclient'));
  });
  await page.setViewport({ width: 1280, height: 720 });
  return { page, log };
}

/** Serve a folder on 127.0.0.1 on a free port. */
export async function serveFolder(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const handler = sirv(dir, { dev: true });
  const server = http.createServer((req, res) => handler(req, res, () => { res.statusCode = 404; res.end('not found'); }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Closing also drops open keep-alive connections, so a test that failed with pages still open cannot hang here.
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** Wait until deck.js says the deck is ready (reveal.js initialised, fonts loaded, slides fitted). */
export async function deckReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true', { timeout: 20_000, polling: 100 });
}

/** The window the notes plugin opens from `page` (the speaker view), found by its opener, with a timeout. */
export async function speakerWindow(browser: Browser, page: Page): Promise<Page> {
  const target = await browser.waitForTarget((t) => t.opener() === page.target() && t.type() === 'page', { timeout: 30_000 });
  const popup = await target.page();
  if (!popup) throw new Error('the speaker view opened, but its page is not reachable');
  popup.setDefaultTimeout(30_000);
  return popup;
}

/**
 * Wait until both previews of an open speaker view say their deck is ready. An iframe between documents can have a
 * document without a root element, so every step of the lookup may be missing.
 */
export async function speakerPreviewsReady(speaker: Page, timeout = 40_000): Promise<void> {
  await speaker.waitForFunction(
    () =>
      ['#current-slide iframe', '#upcoming-slide iframe'].every(
        (q) => (document.querySelector(q) as HTMLIFrameElement | null)?.contentDocument?.documentElement?.dataset.deckReady === 'true',
      ),
    { polling: 200, timeout },
  );
}
