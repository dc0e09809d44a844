/** "did you mean": the bounded edit distance must suggest exactly what the full one did, only faster. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, distance } from '../../src/util/suggest.js';

/** The full optimal-string-alignment distance, as it was before the bound. */
function fullDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

function fullClosest(input: string, candidates: string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const hay = c.toLowerCase();
    let score = fullDistance(needle, hay);
    if (needle.length >= 3 && hay.startsWith(needle)) score = Math.min(score, 1.5);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(needle.length, best.length) / 3));
  return bestScore <= limit && bestScore < needle.length ? best : undefined;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '-', 'e'), maxLength: 14 });

describe('suggestions', () => {
  it('the bounded distance is exact up to its bound, and above it when beyond', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 8 }), (a, b, max) => {
        const full = fullDistance(a, b);
        const bounded = distance(a, b, max);
        if (full <= max) expect(bounded).toBe(full);
        else expect(bounded).toBeGreaterThan(max);
        expect(distance(a, b)).toBe(full);
      }),
      { numRuns: 2000 },
    );
  });

  it('closest() suggests what the full search suggests', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (input, candidates) => {
        expect(closest(input, candidates)).toBe(fullClosest(input, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  it('still suggests the near ones', () => {
    expect(closest('indstry', ['science', 'industry', 'consumption'])).toBe('industry');
    expect(closest('indus', ['industry'])).toBe('industry');
    expect(closest('de', ['zh', 'en'])).toBeUndefined();
  });
});
