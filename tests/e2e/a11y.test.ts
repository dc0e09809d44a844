/** Accessibility: axe-core over the deck, the brief and the composer in headless Chromium; serious problems fail. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/serve/index.js';
import { watchedPage } from '../helpers/browser.js';
import { startComposer, type Composer } from '../helpers/composer.js';

let composer: Composer | undefined;
let browser: Browser;
let serving: Serving;
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  composer = await startComposer('a11y');
  ({ browser, serving } = composer);
});
afterAll(() => composer?.close());

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA rules). */
async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(await axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const summary = (vs: Violation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);

describe('accessibility (axe-core)', () => {
  it('the composer has no serious problems, the corpus tree with its citations included', async () => {
    const { page } = await watchedPage(browser);
    await page.setBypassCSP(true);
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${serving.server.url}/compose`);
    await page.waitForSelector('.tree .cite', { timeout: 20_000 });
    expect(await page.$$eval('.tree .cite', (els) => els.length)).toBeGreaterThan(20);
    expect(summary(await violations(page))).toEqual([]);
    await page.close();
  });

  for (const file of ['deck.html', 'brief.html']) {
    it(`${file} has no serious problems`, async () => {
      const { page } = await watchedPage(browser);
      await page.setBypassCSP(true);
      await page.goto(`${serving.server.url}/${file}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(summary(await violations(page))).toEqual([]);
      await page.close();
    });
  }
});
