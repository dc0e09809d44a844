/** The notes handout as printed: each quote in full once; every page starts under a slide's header. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { hasPoppler, pdfFacts } from '../helpers/pdf.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let out: string;
beforeAll(async () => {
  out = path.join(await tempDir('handout'), 'b');
  const err: string[] = [];
  const code = await main(['build', path.join(DEFAULTS.specs, 'board-industry-compute.yaml'), '--out', out, '--pdf-notes'], { out: () => {}, err: (l) => err.push(l) });
  expect(code, err.join('\n')).toBe(0);
}, 120_000);

describe('handout.pdf', () => {
  it('gives each quote in full once; later slides refer back to it', async () => {
    const html = await readFile(path.join(out, 'handout.html'), 'utf8');
    const full = [...html.matchAll(/<blockquote class="notes-quote" data-quote="([^"]+)"/g)].map((m) => m[1]);
    const refs = [...html.matchAll(/class="notes-quote-ref" data-quote="([^"]+)"/g)].map((m) => m[1]);
    expect(full.length).toBeGreaterThan(0);
    expect(new Set(full).size).toBe(full.length);
    expect(refs.length).toBeGreaterThan(0);
    for (const id of refs) expect(full).toContain(id);
  });

  it.skipIf(!hasPoppler)('every page after the first starts with a slide header: no notes without their slide', async () => {
    const file = path.join(out, 'handout.pdf');
    const { pages } = await pdfFacts(file);
    expect(pages).toBeLessThanOrEqual(7); // 15 slides; 8 pages when every quote was repeated in full
    for (let p = 2; p <= pages; p++) {
      const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', file, '-'], { encoding: 'utf8' });
      const first = text.split('\n').find((l) => l.trim())!.trim();
      expect(first, `page ${p}`).toMatch(/^Slide \d+ \/ 15$/);
    }
  });
});
