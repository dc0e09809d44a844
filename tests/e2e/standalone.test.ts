/** End to end: `build --standalone` gives one file that opens offline with its own (subset) fonts. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Page } from 'puppeteer-core';
import { deckReady, launchBrowser, watchedPage, type PageLog } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

/** `out`/deck.html opened from disk in a headless browser, ready: it must request nothing but itself (and data:). */
async function offlineDeck(out: string, check: (page: Page, log: PageLog) => Promise<void>): Promise<void> {
  const browser = await launchBrowser();
  try {
    const { page, log } = await watchedPage(browser);
    const url = `file://${out}/deck.html`;
    await page.goto(url);
    await deckReady(page);
    expect(log.requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
    await check(page, log);
  } finally {
    await browser.close();
  }
}

describe('a standalone deck', () => {
  it('the whole Opinions in zh: one file under 1.5 MB that makes no request, shows every slide, draws Chinese in its embedded font', async () => {
    const out = await tempDir('standalone');
    const lines: string[] = [];
    const code = await main(['build', '--standalone', '--lang', 'zh', '--out', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, lines.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['brief.html', 'deck.html', 'manifest.json']);
    const size = (await stat(path.join(out, 'deck.html'))).size;
    expect(size).toBeLessThan(1.5 * 2 ** 20);
    expect(lines.join('\n')).toMatch(/standalone \d+\.\d\d MB/);

    await offlineDeck(out, async (page, log) => {
      const facts = await page.evaluate(async () => {
        await document.fonts.ready;
        const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Noto Sans SC');
        return {
          total: (window as any).Reveal.getTotalSlides() as number,
          sections: document.querySelectorAll('.slides > section').length,
          scLoaded: faces.filter((f) => f.status === 'loaded').length,
          check: document.fonts.check('30px "Noto Sans SC"', '人工智能'),
        };
      });
      expect(facts.total).toBe(facts.sections);
      expect(facts.total).toBeGreaterThan(40);
      expect(facts.scLoaded).toBeGreaterThan(0);
      expect(facts.check).toBe(true);
      await page.evaluate(() => (window as any).Reveal.slide(5));
      await page.screenshot({ path: path.join(out, 'standalone-slide.png') });
      expect(log.errors).toEqual([]);
    });
  }, 120_000);
});

describe('standalone with PDFs and the speaker handout', () => {
  it('writes no assets/, and every PDF, the handout too, uses the embedded Noto fonts', async () => {
    const { pdfFacts } = await import('../helpers/pdf.js');
    const out = await tempDir('standalone-pdf');
    const lines: string[] = [];
    const code = await main(['build', 'specs/governance-safety.yaml', '--standalone', '--pdf', '--pdf-notes', '--out', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, lines.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['brief.html', 'brief.pdf', 'deck.html', 'deck.pdf', 'handout.html', 'handout.pdf', 'manifest.json']);
    for (const f of ['deck.pdf', 'brief.pdf', 'handout.pdf']) {
      const names = (await pdfFacts(path.join(out, f))).fontNames;
      expect(names.length, f).toBeGreaterThan(0);
      expect(names.filter((n) => !/NotoSans/.test(n)), f).toEqual([]);
    }
  }, 120_000);
});

describe('standalone with the presenter\'s images', () => {
  it('the logo, a slide image and a `file:` slide\'s image are inside the pages as data: URLs, and show offline', async () => {
    const { cp, mkdir, readFile, writeFile } = await import('node:fs/promises');
    const dir = await tempDir('standalone-img');
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    await cp('specs/example-motors/logo.svg', path.join(dir, 'logo.svg'));
    await mkdir(path.join(dir, 'img'));
    await writeFile(path.join(dir, 'img', 'chart.png'), png);
    await writeFile(path.join(dir, 'slides.md'), '# Chart\n\n![chart](img/chart.png)\n');
    const spec = path.join(dir, 'spec.yaml');
    await writeFile(spec, 'title: T\nlanguage: en\nbrand:\n  name: Example Motors\n  logo: logo.svg\nsections:\n  - targets\n  - slide:\n      title: Picture\n      image: img/chart.png\n  - file: slides.md\n');
    const out = path.join(dir, 'out');
    const lines: string[] = [];
    const code = await main(['build', spec, '--standalone', '--out', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, lines.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['brief.html', 'deck.html', 'manifest.json']);
    const svg = `data:image/svg+xml;base64,${(await readFile(path.join(dir, 'logo.svg'))).toString('base64')}`;
    const pngUrl = `data:image/png;base64,${png.toString('base64')}`;
    const { parse } = await import('node-html-parser');
    const srcs = (html: string) => parse(html).querySelectorAll('img').map((i) => i.getAttribute('src'));
    const deck = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect(srcs(deck)).toEqual([svg, pngUrl, pngUrl]);
    expect(deck).not.toContain('assets/presenter');
    expect(srcs(await readFile(path.join(out, 'brief.html'), 'utf8'))).toEqual([svg]);

    await offlineDeck(out, async (page, log) => {
      const sizes = await page.evaluate(() => [...document.images].map((i) => (i.complete ? i.naturalWidth : -1)));
      // Each decoded: the logo at its own width, the PNG 1 px wide (a blocked or missing image has none).
      expect(sizes).toHaveLength(3);
      expect(sizes[0]).toBeGreaterThan(1);
      expect(sizes.slice(1)).toEqual([1, 1]);
      expect(log.errors).toEqual([]);
    });
  }, 120_000);
});
