/**
 * End to end: a whole 52-article imported document (tests/fixtures/corpus-large, made with `briefing import` from
 * tests/fixtures/large/*.txt) built with --pdf: a one-page brief rolled up, the agenda grouped and continued, deck.pdf
 * written; and a brief that cannot be made at all never stops the deck's PDF.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { hasPoppler, pdfFacts, pdftotext } from '../helpers/pdf.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const CONTENT = path.join(FIXTURES, 'corpus-large');

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('large');
});

describe('every article of a 52-article regulation, with --pdf', () => {
  let out: string;
  let r: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    out = path.join(tmp, 'articles');
    r = await cli('build', path.join(FIXTURES, 'large', 'every-article.yaml'), '--content', CONTENT, '--out', out, '--pdf');
  }, 180_000);

  it('writes deck.pdf and a one-page brief.pdf, rolled up into the chapters', async () => {
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/brief: condensed to fit one page: items rolled up into their parts/);
    const slides = Number(/\((\d+) slides/.exec(r.out)![1]);
    expect((await pdfFacts(path.join(out, 'deck.pdf'))).pages).toBe(slides);
    expect((await pdfFacts(path.join(out, 'brief.pdf'))).pages).toBe(1);
  });

  it('groups the agenda by chapter over several slides', async () => {
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect((html.match(/class="slide slide-agenda"/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('议程（续）');
    expect((html.match(/class="agenda-part-title"/g) ?? []).length).toBeGreaterThanOrEqual(7);
  });

  it.skipIf(!hasPoppler)('the brief names every chapter', () => {
    const text = pdftotext(path.join(out, 'brief.pdf')).replace(/\s+/g, '');
    for (const chapter of ['总则', '服务规范', '数据安全', '促进发展', '监督管理', '法律责任', '附则']) expect(text).toContain(chapter);
  });
});

describe('a whole 52-article regulation without chapters (- doc:), with --pdf', () => {
  it('a one-page brief of the titles run on, a continued agenda, deck.pdf written', async () => {
    const out = path.join(tmp, 'flat');
    const r = await cli('build', path.join(FIXTURES, 'large', 'flat-whole.yaml'), '--content', CONTENT, '--out', out, '--pdf');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('brief: condensed to fit one page: only the titles of what is selected');
    expect((await pdfFacts(path.join(out, 'brief.pdf'))).pages).toBe(1);
    const slides = Number(/\((\d+) slides/.exec(r.out)![1]);
    expect((await pdfFacts(path.join(out, 'deck.pdf'))).pages).toBe(slides);
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect((html.match(/class="slide slide-agenda"/g) ?? []).length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

describe('a whole 51-item plan in five parts (- doc:), with --pdf', () => {
  it('a one-page brief, deck.pdf written, the one-sentence items laid out to fill the slide', async () => {
    const out = path.join(tmp, 'plan');
    const r = await cli('build', path.join(FIXTURES, 'large', 'whole-plan.yaml'), '--content', CONTENT, '--out', out, '--pdf');
    expect(r.code, r.err).toBe(0);
    expect((await pdfFacts(path.join(out, 'brief.pdf'))).pages).toBe(1);
    const slides = Number(/\((\d+) slides/.exec(r.out)![1]);
    expect(slides).toBeGreaterThan(51);
    expect((await pdfFacts(path.join(out, 'deck.pdf'))).pages).toBe(slides);
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    // Every fourth item of the fixture is one short sentence, its title alone.
    expect((html.match(/slide-content slide-short/g) ?? []).length).toBeGreaterThanOrEqual(12);
  }, 180_000);
});

describe('a brief that cannot be made', () => {
  it('warns, writes no brief.pdf, and still writes deck.pdf (exit 0)', async () => {
    const long = '本'.repeat(780);
    const spec = path.join(tmp, 'too-long.yaml');
    await writeFile(spec, `title: ${long}\nsubtitle: ${long}\naudience: ${long}\npresenter: ${long}\nlanguage: zh\nsections: [large-rules-article-1]\nbrief:\n  bottomLine: ${long}\n`);
    const out = path.join(tmp, 'too-long');
    const r = await cli('build', spec, '--content', CONTENT, '--out', out, '--pdf');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/warning: .*brief\.pdf not written: the brief does not fit on one A4 page/);
    expect((await pdfFacts(path.join(out, 'deck.pdf'))).pages).toBeGreaterThan(1);
    await expect(stat(path.join(out, 'brief.pdf'))).rejects.toThrow();
    expect((await stat(path.join(out, 'brief.html'))).isFile()).toBe(true);
  }, 180_000);
});
