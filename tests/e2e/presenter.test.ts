/** End to end: the example board spec (every presenter key) in a real browser — the brief stays one legible page. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { launchBrowser, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let browser: Browser;
let out: string;
const SPEC = path.join(path.dirname(DEFAULTS.spec), 'board-example-motors.yaml');

beforeAll(async () => {
  out = path.join(await tempDir('presenter'), 'out');
  const err: string[] = [];
  const code = await main(['build', SPEC, '--out', out], { out: () => undefined, err: (l: string) => err.push(l) });
  expect(code, err.join('\n')).toBe(0);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('the presenter\'s board briefing', () => {
  it('brief: one A4 page, body never below 8.5 pt, nothing below 7 pt, takeaways under their blocks', async () => {
    const { page, log } = await watchedPage(browser);
    await page.emulateMediaType('print');
    await page.goto(`file://${out}/brief.html`);
    await page.waitForFunction(() => document.documentElement.dataset.briefFits !== undefined, { timeout: 30_000 });
    const m = await page.evaluate(() => {
      const pt = (el: Element) => (parseFloat(getComputedStyle(el).fontSize) * 72) / 96;
      const shown = [...document.querySelectorAll<HTMLElement>('.content *')].filter((el) => el.offsetParent !== null && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()));
      const body = [...document.querySelectorAll<HTMLElement>('.block .points li .run.primary, .bottom-line-text .run.primary')].filter((el) => el.offsetParent !== null);
      const content = document.querySelector<HTMLElement>('.content')!;
      const last = Math.max(...[...content.children].map((c) => (c as HTMLElement).getBoundingClientRect().bottom));
      return {
        fits: document.documentElement.dataset.briefFits,
        level: Number(document.documentElement.dataset.briefLevel),
        smallest: Math.min(...shown.map(pt)),
        smallestBody: Math.min(...body.map(pt)),
        takeaways: [...document.querySelectorAll('.block .takeaway')].map((t) => t.closest('.block')!.id),
        mark: document.querySelector('.classification-mark')?.textContent,
        empty: (content.getBoundingClientRect().bottom - last) / content.getBoundingClientRect().height,
      };
    });
    expect(m.fits).toBe('true');
    expect(m.smallestBody).toBeGreaterThanOrEqual(8.5);
    expect(m.smallest).toBeGreaterThanOrEqual(7);
    expect(m.takeaways).toEqual(['block-industry', 'block-consumption', 'block-compute']);
    expect(m.mark).toBe('CONFIDENTIAL');
    if (m.level > 0) expect(m.empty).toBeLessThanOrEqual(0.12);
    expect(log.errors).toEqual([]);
  });

  it('deck: own slides apart, the logo from assets/, the manifest beside it', async () => {
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect((html.match(/data-slide-type="own"/g) ?? []).length).toBe(3);
    expect(html).toMatch(/<img class="brand-logo" src="assets\/presenter\/1-logo\.svg"/);
    const sources = html.slice(html.indexOf('id="sources"'));
    expect(sources).not.toMatch(/What it means for us|Recommendations/);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.slides.filter((s: { origin: string }) => s.origin === 'presenter')).toHaveLength(3);
    expect(manifest.classification).toBe('CONFIDENTIAL');
  });
});
