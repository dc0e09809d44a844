/**
 * End to end: the deck fits each slide's type by a search over its sizes that starts from a guess made from the
 * measured overflow, then halves (templates/deck/assets/deck.js); every slide must get exactly the size the
 * step-by-step search gives it (0.05 smaller per step), and the same overflow mark. Both searches are run on real
 * decks in the export's browser: every shipped spec and the 52-article regulation, each with its 1280×720 frames and with frames made shorter so that every size, and slides that do
 * not fit even at the smallest, are reached.
 */
import { describe, expect, it } from 'vitest';
import { openLocal } from '../../src/export/session.js';
import { fitOutputs } from '../helpers/fit-outputs.js';

interface Found {
  rounds: number;
  /** Per frame: its --fit ("1" when it fitted as it was), "!" appended when it overflows still. */
  fits: string[];
}
type Search = (inOrder: boolean) => Found;

const fit = fitOutputs('deck-fit');
const decks = fit.built;

describe('the deck: a guessed, then halving, search over the type sizes', () => {
  it('gives every slide the size and overflow mark of the step-by-step search, on every deck and shorter frames', async () => {
    const seen = new Set<string>();
    let maxRounds = { inOrder: 0, bisect: 0 };
    const totalRounds = { inOrder: 0, bisect: 0 };
    for (const { name, dir } of decks) {
      const page = await openLocal(fit.session, dir, 'deck.html', 'deckReady');
      try {
        // What the page chose as it loaded (by bisection), at full size.
        const chosen = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.reveal .slides section > .frame')].map((f) => (f.dataset.fit ?? '1') + (f.dataset.overflow ? '!' : '')));
        for (const height of [720, 600, 480, 360, 240]) {
          const both = await page.evaluate((h: number) => {
            let style = document.getElementById('fit-test');
            if (!style) document.head.append((style = Object.assign(document.createElement('style'), { id: 'fit-test' })));
            style.textContent = `.reveal .frame { height: ${h}px !important; }`;
            const search = (window as unknown as { briefingDeckFitSearch: Search }).briefingDeckFitSearch;
            return { inOrder: search(true), bisect: search(false) };
          }, height);
          expect(both.bisect.fits, `${name}, frames ${height}px high`).toEqual(both.inOrder.fits);
          if (height === 720) expect(both.bisect.fits, name).toEqual(chosen);
          for (const f of both.inOrder.fits) seen.add(f);
          totalRounds.inOrder += both.inOrder.rounds;
          totalRounds.bisect += both.bisect.rounds;
          maxRounds = { inOrder: Math.max(maxRounds.inOrder, both.inOrder.rounds), bisect: Math.max(maxRounds.bisect, both.bisect.rounds) };
        }
      } finally {
        await page.close();
      }
    }
    // The comparison covered the search's cases: slides that fit as they are, every size down to the smallest, and
    // slides that overflow even at the smallest.
    const all = [...seen].sort().join(' ');
    expect(seen.has('1'), all).toBe(true);
    for (const size of ['0.95', '0.9', '0.85', '0.8', '0.75', '0.7', '0.65', '0.6', '0.55']) expect(seen.has(size), all).toBe(true);
    expect(seen.has('0.55!'), all).toBe(true);
    // Nine sizes: the step-by-step search needed all nine rounds somewhere; the search from the guess never more than
    // five (guess, neighbour, then halving at most seven), and fewer in all.
    expect(maxRounds.inOrder).toBe(9);
    expect(maxRounds.bisect).toBeLessThanOrEqual(5);
    expect(totalRounds.bisect, JSON.stringify(totalRounds)).toBeLessThan(totalRounds.inOrder);
  }, 240_000);

  it('printed (?print-pdf, fitted after reveal.js lays out the pages) gives every slide the size it gets on screen', async () => {
    const fitsIn = async (dir: string, query: string) => {
      const page = await openLocal(fit.session, dir, 'deck.html', 'deckReady', query);
      try {
        return await page.evaluate(() => ({
          pages: document.querySelectorAll('.pdf-page').length,
          fits: Object.fromEntries([...document.querySelectorAll<HTMLElement>('.reveal .slides section > .frame')].map((f) => [f.parentElement!.id, (f.dataset.fit ?? '1') + (f.dataset.overflow ? '!' : '')])),
          overflowing: document.documentElement.dataset.overflowing ?? '',
        }));
      } finally {
        await page.close();
      }
    };
    let tight = 0;
    for (const { name, dir } of decks) {
      const [screen, printed] = [await fitsIn(dir, ''), await fitsIn(dir, '?print-pdf')];
      expect(screen.pages, name).toBe(0);
      expect(printed.pages, name).toBe(Object.keys(screen.fits).length);
      expect(printed.fits, name).toEqual(screen.fits);
      expect(printed.overflowing, name).toBe(screen.overflowing);
      tight += Object.values(screen.fits).filter((f) => f !== '1').length;
    }
    // Slides made smaller were compared, not only slides that fit as they are. (No shipped deck has a slide too full
    // even at the smallest type; tests/e2e/pdf.test.ts checks that the printed deck marks and names one.)
    expect(tight).toBeGreaterThan(0);
  }, 240_000);
});
