import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { DEFAULTS } from '../../src/paths.js';
import { serve, type Serving } from '../../src/serve/index.js';
import { launchBrowser } from './browser.js';

export interface Composer {
  /** The test's own folder: the spec and the build's output (out/) are in it. */
  dir: string;
  /** A copy of specs/provincial-overview.yaml that the composer edits and saves. */
  specFile: string;
  serving: Serving;
  browser: Browser;
  /** Close the browser and the server, then remove the folder. */
  close(): Promise<void>;
}

/**
 * The composer's end-to-end set-up: a copy of the provincial overview spec in a new temp folder
 * (briefing-<name>-XXXXXX), served on 127.0.0.1 on a free port (debounce 50 ms, quiet), and a headless browser.
 */
export async function startComposer(name: string): Promise<Composer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `briefing-${name}-`));
  let serving: Serving | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await serving?.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    const specFile = path.join(dir, 'overview.yaml');
    await cp(path.join(DEFAULTS.specs, 'provincial-overview.yaml'), specFile);
    serving = await serve({ build: { spec: specFile, out: path.join(dir, 'out') }, host: '127.0.0.1', port: 0, open: false, debounce: 50 }, { out: () => {}, err: () => {} });
    browser = await launchBrowser();
    return { dir, specFile, serving, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
