import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { findBrowser } from '../../src/export/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let dir: string | undefined;
const SPECS = ['board-industry-compute', 'default', 'governance-safety', 'provincial-overview'];

it('a batch of the four shipped specs with --pdf starts one browser, and every output is there', async () => {
  dir = await tempDir('batch');
  const { found } = await findBrowser();
  if (!found) throw new Error('no browser for end-to-end tests');
  // A browser that counts its launches: one line per start, then the real browser.
  const launches = path.join(dir, 'launches.log');
  const wrapper = path.join(dir, 'browser.sh');
  await writeFile(wrapper, `#!/bin/sh\necho "$$" >> '${launches}'\nexec '${found.path}' "$@"\n`);
  await chmod(wrapper, 0o755);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['build', ...SPECS.map((s) => `specs/${s}.yaml`), '--pdf', '--browser-path', wrapper, '--out', path.join(dir, 'out')], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  expect(err.filter((l) => l.startsWith('internal error'))).toEqual([]);
  expect(code).toBe(0);
  expect((await readFile(launches, 'utf8')).trim().split('\n')).toHaveLength(1);
  for (const name of SPECS) {
    const folder = path.join(dir, 'out', name);
    expect(await readFile(path.join(folder, 'deck.html'), 'utf8')).toContain('class="reveal');
    const deck = await PDFDocument.load(await readFile(path.join(folder, 'deck.pdf')));
    const brief = await PDFDocument.load(await readFile(path.join(folder, 'brief.pdf')));
    // One page per slide, as the row of the summary says; the brief one page.
    const row = out.find((l) => l.startsWith(`specs/${name}.yaml`))!;
    expect(row).toMatch(/\sok\s/);
    expect(deck.getPageCount()).toBe(Number(/\sok\s+(\d+)\s/.exec(row)![1]));
    expect(brief.getPageCount()).toBe(1);
  }
  expect(out.at(-1)).toBe('4 of 4 built, 1 browser');
  // A progress line per spec, as each ends.
  expect(err.filter((l) => /^\[\d\/4\] specs\/.+: ok, \d+ slides, deck\.pdf brief\.pdf, \d+ ms$/.test(l))).toHaveLength(4);
}, 300_000);
