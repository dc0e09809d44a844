/**
 * End to end: the brief finds its condensing step by bisection (templates/brief/assets/brief.js); the step must be
 * exactly the one trying the steps in order finds. Both searches are run on real briefs in the export's browser:
 * every shipped spec and the 52-article regulation (rolled up), each on its A4 page and on pages made shorter so
 * that every step and the roll-ups are reached.
 */
import { describe, expect, it } from 'vitest';
import { openLocal } from '../../src/export/session.js';
import { fitOutputs } from '../helpers/fit-outputs.js';

interface Found {
  variant: number;
  level: number;
  fits: boolean;
}

const fit = fitOutputs('brief-fit');
const briefs = fit.built;

describe('the brief: bisection over the condensing steps', () => {
  it('chooses the same variant and step as trying the steps in order, on every brief and on shorter pages', async () => {
    const seen = new Set<string>();
    for (const { name, dir } of briefs) {
      const page = await openLocal(fit.session, dir, 'brief.html', 'briefReady');
      try {
        // What the page chose as it loaded (by bisection).
        const chosen = await page.evaluate(() => ({ level: Number(document.documentElement.dataset.briefLevel), rollup: document.documentElement.dataset.briefRollup, fits: document.documentElement.dataset.briefFits === 'true' }));
        for (const height of [100, 80, 65, 50, 38, 28]) {
          const both = await page.evaluate((h: number) => {
            document.querySelector<HTMLElement>('.content')!.style.height = `${h}%`;
            const search = (window as unknown as { briefingFitSearch(inOrder: boolean): Found }).briefingFitSearch;
            const inOrder = search(true);
            const bisect = search(false);
            return { inOrder, bisect };
          }, height);
          expect(both.bisect, `${name} at ${height}% of the page`).toEqual(both.inOrder);
          if (height === 100) {
            expect(both.bisect.level, name).toBe(chosen.level);
            expect(both.bisect.fits, name).toBe(chosen.fits);
          }
          seen.add(`${both.inOrder.variant}/${both.inOrder.level}/${both.inOrder.fits}`);
        }
      } finally {
        await page.close();
      }
    }
    // The comparison covered the search's cases: several steps, a roll-up, and pages where nothing fits.
    const levels = new Set([...seen].map((s) => s.split('/')[1]));
    expect(levels.size, [...seen].join(' ')).toBeGreaterThanOrEqual(5);
    expect([...seen].some((s) => !s.startsWith('0/')), [...seen].join(' ')).toBe(true);
    expect([...seen].some((s) => s.endsWith('/false')), [...seen].join(' ')).toBe(true);
  }, 240_000);
});
