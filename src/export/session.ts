import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { BriefingFailure } from '../errors.js';
import { findBrowser, launchArgs, type BrowserCandidate } from './browser.js';
import { fileGate, type Gate } from './gate.js';
import { requirePackage } from '../util/import-package.js';

export interface SessionOptions {
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Per page load / print, in milliseconds. */
  timeout?: number;
  /** Told about requests that were blocked (anything but data: URLs and the output folder's files). */
  onBlocked?: (url: string) => void;
  /**
   * Pages to open as soon as the browser is up, before any is asked for (default 2: the deck's and the brief's, which
   * the export opens together): a new page costs the browser a renderer process, 0.1-0.3 s, and this way that is
   * done while the HTML is still being built.
   */
  spare?: number;
}

/** How to get a browser, for the message when none is found. */
export const NO_BROWSER_HINT = [
  'install Chrome or Chromium (Debian/Ubuntu: apt-get install chromium-headless-shell, the fastest for exports, or chromium; macOS: the Google Chrome app),',
  'or point to one with --browser-path <file> or the BRIEFING_BROWSER (or CHROME_PATH) variable,',
  'or install the optional package @sparticuz/chromium (Linux): npm install @sparticuz/chromium',
].join('\n        ');

/**
 * puppeteer-core by its CommonJS entry (require(), not import()): Node loads its ~250 modules as CommonJS in about
 * 0.2 s of CPU, against about 0.33 s as ES modules, and a --pdf build loads it on the main thread while the HTML is
 * being built. The same package and version either way (its package.json maps both entries to one build). The CLI's
 * bundle has it bundled on its own (dist/cli.puppeteer-core.cjs, with a code cache): about 0.07 s.
 */
export function loadPuppeteer(): typeof import('puppeteer-core').default {
  // Loaded once: require() (and the bundle's loader) keep what they loaded.
  return requirePackage<typeof import('puppeteer-core')>('puppeteer-core').default;
}

/** Browsers of this process that are still running: killed on Ctrl-C so none is left behind. */
const running = new Set<Browser>();

/**
 * Kill every browser this process started, and remove the temporary profile folders puppeteer made for them (it
 * removes one when its browser exits, but a process ending on a signal does not wait for that). Synchronous: for
 * signal handlers.
 */
export function killBrowsers(): void {
  for (const b of running) {
    const proc = b.process();
    // The browser's own processes (renderers, GPU) too: they are in its process group, and write to the profile.
    try {
      if (proc?.pid && process.platform !== 'win32') process.kill(-proc.pid, 'SIGKILL');
      else proc?.kill('SIGKILL');
    } catch {
      proc?.kill('SIGKILL');
    }
    const profile = proc?.spawnargs.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
    try {
      if (profile && path.basename(profile).startsWith('puppeteer_dev_')) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch {
      /* a profile that cannot be removed is left: the run is ending anyway */
    }
  }
  running.clear();
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** One browser for a whole run; its pages load only the files of one folder (see page()). */
export class BrowserSession {
  private constructor(
    readonly browser: Browser,
    readonly candidate: BrowserCandidate,
    private readonly options: SessionOptions,
  ) {}

  static async start(options: SessionOptions = {}): Promise<BrowserSession> {
    const { found, tried } = await findBrowser({ ...(options.browserPath ? { explicit: options.browserPath } : {}), ...(options.env ? { env: options.env } : {}) });
    if (!found) {
      throw new BriefingFailure(`no browser found for PDF export (looked at: ${tried.join('; ')})`, NO_BROWSER_HINT);
    }
    const puppeteer = loadPuppeteer();
    try {
      const browser = await puppeteer.launch({
        executablePath: found.path,
        headless: found.shell ? 'shell' : true,
        args: launchArgs(found.args),
        protocolTimeout: Math.max(30_000, (options.timeout ?? 60_000) * 2),
        // We handle Ctrl-C ourselves (remove temp files, then stop the browser), so puppeteer must not exit first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      running.add(browser);
      browser.once('disconnected', () => running.delete(browser));
      const session = new BrowserSession(browser, found, options);
      for (let i = 0; i < (options.spare ?? 2); i++) session.spares.push(session.blankPage());
      return session;
    } catch (err) {
      throw new BriefingFailure(`the browser at ${found.path} (${found.source}) did not start: ${(err as Error).message.split('\n')[0]}`, NO_BROWSER_HINT, { cause: err });
    }
  }

  /** Listeners for blocked requests, each for the pages of one folder (or of all, when registered without one). */
  private readonly blockedListeners = new Set<{ root?: string; fn: (url: string) => void }>();

  /** Also tell `fn` about blocked requests (of the pages opened for `root` only, when given). Returns: stop telling. */
  onBlocked(fn: (url: string) => void, root?: string): () => void {
    const entry = { ...(root !== undefined ? { root: path.resolve(root) } : {}), fn };
    this.blockedListeners.add(entry);
    return () => this.blockedListeners.delete(entry);
  }

  private blocked(root: string, url: string): void {
    this.options.onBlocked?.(url);
    for (const l of this.blockedListeners) if (l.root === undefined || l.root === root) l.fn(url);
  }

  get timeout(): number {
    return this.options.timeout ?? 60_000;
  }

  /** The gate of each folder pages are opened for: one real-path cache per folder for the whole session. */
  private readonly gates = new Map<string, Gate>();

  /** Pages opened ahead (see SessionOptions.spare), each taken by the next page() call. */
  private readonly spares: Promise<Page>[] = [];

  /** How many pages opened ahead are still waiting to be taken. */
  get spareCount(): number {
    return this.spares.length;
  }

  /**
   * A blank page made ready for a confined load: offline, every request intercepted (and none made yet: nothing can
   * load before page() gives it its rule).
   */
  private blankPage(viewport = DEFAULT_VIEWPORT): Promise<Page> {
    const made = (async () => {
      const page = await this.browser.newPage();
      page.setDefaultTimeout(this.timeout);
      await Promise.all([page.setViewport(viewport), page.setOfflineMode(true), page.setRequestInterception(true)]);
      return page;
    })();
    made.catch(() => undefined); // reported to the page() call that takes it
    return made;
  }

  /**
   * A new page for files under `root`, default-deny: every request the page makes, whatever HTML or CSS asked for
   * it, passes request interception, and only data: URLs and files whose real path is inside `root` load; anything
   * else is aborted and reported. The page is offline as well, so nothing can wait on the network. (The decision
   * is cached per path, so interception costs one round trip to the browser per request and no file-system work
   * after the first page.)
   */
  async page(root: string, viewport = DEFAULT_VIEWPORT): Promise<Page> {
    const abs = path.resolve(root);
    let gate = this.gates.get(abs);
    if (!gate) this.gates.set(abs, (gate = fileGate(abs)));
    const spare = this.spares.shift();
    const page = await (spare ?? this.blankPage(viewport));
    if (spare && (viewport.width !== DEFAULT_VIEWPORT.width || viewport.height !== DEFAULT_VIEWPORT.height)) await page.setViewport(viewport);
    const allowed = gate;
    page.on('request', (req) => {
      if (req.isInterceptResolutionHandled()) return;
      const url = req.url();
      const decide = (ok: boolean) => {
        if (ok) return req.continue();
        this.blocked(abs, url);
        return req.abort('blockedbyclient');
      };
      const verdict = allowed.allows(url);
      // A page closed while a decision was pending: nothing left to answer.
      void (typeof verdict === 'boolean' ? decide(verdict) : verdict.then(decide)).catch(() => undefined);
    });
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

/** Open a local file in a confined page and wait for a ready flag on <html>. Times out with a clear message. */
export async function openLocal(session: BrowserSession, root: string, file: string, readyFlag: string, query = ''): Promise<Page> {
  const page = await session.page(root);
  const url = pathToFileURL(path.join(root, file)).href + query;
  try {
    await page.goto(url, { waitUntil: 'load' });
    // The page's script sets the flag (an attribute of <html>): awaited in the page, on each change of <html>'s
    // attributes, then every font the page asked for (the page waited for its own; this is for any it asked for
    // later). One evaluation: waitForFunction would first inject puppeteer's helper script into every page.
    const ready = page.evaluate(
      (flag: string) =>
        new Promise<void>((resolve) => {
          const root = document.documentElement;
          if (root.dataset[flag] === 'true') return resolve();
          new MutationObserver((_, observer) => {
            if (root.dataset[flag] !== 'true') return;
            observer.disconnect();
            resolve();
          }).observe(root, { attributes: true });
        }).then(() => document.fonts.ready.then(() => true)),
      readyFlag,
    );
    await withTimeout(ready, session.timeout);
  } catch (err) {
    await page.close().catch(() => undefined);
    const name = (err as Error).name;
    if (name === 'TimeoutError') {
      throw new BriefingFailure(`${file} did not finish loading within ${Math.round(session.timeout / 1000)} s`, 'is the output folder complete? try building again, or raise --timeout', { cause: err });
    }
    throw new BriefingFailure(`${file} could not be opened in the browser: ${(err as Error).message.split('\n')[0]}`, undefined, { cause: err });
  }
  return page;
}

/** `p`, or a TimeoutError (as puppeteer's own waits throw) once `ms` have passed. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`waiting failed: ${ms} ms exceeded`), { name: 'TimeoutError' })), ms);
  });
  p.catch(() => undefined); // a page closed after the timeout: nothing left to report
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Open a local page, run `fn` with it, and close it whatever happens. */
export async function withLocalPage<T>(session: BrowserSession, root: string, file: string, readyFlag: string, query: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await openLocal(session, root, file, readyFlag, query);
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}
