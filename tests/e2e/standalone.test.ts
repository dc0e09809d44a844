/** End to end: `build --standalone` gives one file that opens offline with its own (subset) fonts. */
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { deckReady, launchBrowser, watchedPage } from '../helpers/browser.js';

describe('a standalone deck', () => {
  it('the whole Opinions in zh: one file under 1.5 MB that makes no request, shows every slide, draws Chinese in its embedded font', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'briefing-standalone-'));
    const lines: string[] = [];
    const code = await main(['build', '--standalone', '--lang', 'zh', '--out', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code, lines.join('\n')).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['brief.html', 'deck.html', 'manifest.json']);
    const size = (await stat(path.join(out, 'deck.html'))).size;
    expect(size).toBeLessThan(1.5 * 2 ** 20);
    expect(lines.join('\n')).toMatch(/standalone \d+\.\d\d MB/);

    const browser = await launchBrowser();
    try {
      const { page, log } = await watchedPage(browser);
      const url = `file://${out}/deck.html`;
      await page.goto(url);
      await deckReady(page);
      expect(log.requests.filter((r) => !r.startsWith('data:'))).toEqual([url]);
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
      await page.close();
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('standalone with PDFs and the speaker handout', () => {
  it('writes no assets/, and every PDF, the handout too, uses the embedded Noto fonts', async () => {
    const { pdfFacts } = await import('../helpers/pdf.js');
    const out = await mkdtemp(path.join(os.tmpdir(), 'briefing-standalone-pdf-'));
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
