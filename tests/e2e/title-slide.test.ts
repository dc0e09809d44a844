/** The title slide measured in a real browser: names wrap as phrases, the three values line up, in en, zh, bilingual. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { deckReady, launchBrowser, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let browser: Browser;
let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('title');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const META = {
  en: { presenter: 'Office of Policy Research and Practice', audience: 'Supervisory Board, Example Industrial Holdings AG' },
  zh: { presenter: '国务院发展研究中心创新发展研究部政策研究与实践处', audience: '示例工业控股股份有限公司监事会全体成员' },
};

interface Measured {
  /** Per value (presenter, audience, date): the top of its label, the top of its value, its lines' word counts. */
  values: { label: string; labelTop: number; valueTop: number; lines: number[] }[];
}

async function measure(language: 'en' | 'zh' | 'bilingual'): Promise<Measured> {
  const names = language === 'zh' ? META.zh : META.en;
  const spec = path.join(tmp, `${language}.yaml`);
  await writeFile(spec, `title: The AI+ Action\nlanguage: ${language}\npresenter: ${names.presenter}\naudience: ${names.audience}\ndate: 2026-03-01\nsections: [targets]\n`);
  const out = path.join(tmp, language);
  const code = await main(['build', spec, '--out', out], { out: () => {}, err: () => {} });
  expect(code).toBe(0);
  const { page } = await watchedPage(browser);
  await page.goto(`file://${path.join(out, 'deck.html')}`);
  await deckReady(page);
  const measured = await page.evaluate(() => {
    return [...document.querySelectorAll('.slide-title .title-meta > div')].map((div) => {
      const dt = div.querySelector('dt');
      const dd = div.querySelector('dd')!;
      // Words (or, in Chinese, characters) of the value, grouped by the line they are on.
      const tops = new Map<number, number>();
      const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const units = /[\u4e00-\u9fff]/.test(text) ? [...text.matchAll(/[\u4e00-\u9fff]/g)] : [...text.matchAll(/\S+/g)];
        for (const m of units) {
          const r = document.createRange();
          r.setStart(node, m.index!);
          r.setEnd(node, m.index! + m[0].length);
          const top = Math.round(r.getClientRects()[0]!.top);
          tops.set(top, (tops.get(top) ?? 0) + 1);
        }
      }
      return {
        label: dt?.textContent?.trim() ?? '',
        labelTop: dt ? Math.round(dt.getBoundingClientRect().top) : -1,
        valueTop: Math.round(dd.getBoundingClientRect().top),
        lines: [...tops.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n),
      };
    });
  });
  await page.close();
  return { values: measured };
}

describe('title slide', () => {
  for (const language of ['en', 'zh', 'bilingual'] as const) {
    it(`${language}: every value labelled, the three aligned, no line with a single word of a name`, async () => {
      const { values } = await measure(language);
      expect(values).toHaveLength(3);
      for (const v of values) expect(v.label, JSON.stringify(values)).not.toBe('');
      expect(new Set(values.map((v) => v.labelTop)).size, JSON.stringify(values)).toBe(1);
      expect(new Set(values.map((v) => v.valueTop)).size, JSON.stringify(values)).toBe(1);
      for (const v of values.slice(0, 2)) {
        // A name on several lines: each line holds at least two of its words (in Chinese, at least three characters).
        if (v.lines.length > 1) expect(Math.min(...v.lines), JSON.stringify(v)).toBeGreaterThanOrEqual(language === 'zh' ? 3 : 2);
      }
    });
  }
});
