/** The composer's deck and brief options reach the preview and the saved spec. */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/spec/parse.js';
import type { Serving } from '../../src/serve/index.js';
import { watchedPage } from '../helpers/browser.js';
import { startComposer, type Composer } from '../helpers/composer.js';

let composer: Composer | undefined;
let browser: Browser;
let serving: Serving;
let specFile: string;
beforeAll(async () => {
  composer = await startComposer('compose-opts');
  ({ browser, serving, specFile } = composer);
});
afterAll(() => composer?.close());

describe('composer options', () => {
  it('unticking the agenda drops the agenda slide from the preview; save writes deck: and brief:', async () => {
    const { page, log } = await watchedPage(browser);
    await page.goto(`${serving.server.url}/compose`);
    const agendaSlides = () =>
      page.evaluate(() => (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.querySelectorAll('.slides > section[data-slide-type="agenda"]').length ?? -1);
    const ready = (v: number) =>
      page.waitForFunction(
        (after: number) => Number(document.documentElement.dataset.previewVersion ?? 0) > after && document.documentElement.dataset.previewState === 'ok' && (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.documentElement.dataset.deckReady === 'true',
        { polling: 100, timeout: 30_000 },
        v,
      );
    await ready(0);
    expect(await agendaSlides()).toBeGreaterThan(0);
    expect(await page.$eval('#d-agenda', (e) => (e as HTMLInputElement).checked)).toBe(true);
    const v = await page.evaluate(() => Number(document.documentElement.dataset.previewVersion));
    await page.click('#d-agenda');
    await page.type('#b-bottomLine', 'Act on compute first.');
    await ready(v);
    await page.waitForFunction(() => (document.getElementById('deck-frame') as HTMLIFrameElement).contentDocument?.querySelectorAll('.slides > section[data-slide-type="agenda"]').length === 0, { polling: 200, timeout: 30_000 });
    await page.click('#save');
    await page.waitForFunction(() => /saved/i.test(document.getElementById('status')?.textContent ?? ''), { polling: 100, timeout: 30_000 });
    const spec = parseSpec(await readFile(specFile, 'utf8'), specFile).spec;
    expect(spec.deck.agenda).toBe(false);
    expect(spec.brief.bottomLine).toBe('Act on compute first.');
    expect(log.errors).toEqual([]);
    await page.close();
  }, 90_000);
});
