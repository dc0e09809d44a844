/**
 * End to end: deck.pptx and slide images from the CLI. The PPTX is read back as the zip of XML it is, and checked
 * against the deck's own HTML: one native slide per deck slide, every visible text as editable runs, one paragraph
 * per point, no pictures, notes in the notes pages, Chinese runs with an East Asian typeface.
 */
import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { DEFAULTS } from '../../src/paths.js';
import { hasPoppler } from '../helpers/pdf.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface Pptx {
  zip: JSZip;
  slides: string[];
  notes: Map<number, string>;
  core: string;
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
const runsText = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decode(m[1]!)).join('');
const squash = (s: string) => s.replace(/\s+/g, '');
const paragraphs = (xml: string) => [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => m[1]!);

async function readPptx(file: string): Promise<Pptx> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const slideNames = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  const slides = await Promise.all(slideNames.map((n) => zip.file(n)!.async('string')));
  const notes = new Map<number, string>();
  for (let i = 0; i < slideNames.length; i++) {
    const rels = await zip.file(`ppt/slides/_rels/slide${i + 1}.xml.rels`)?.async('string');
    const target = rels && /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1];
    if (target) notes.set(i, await zip.file(`ppt/notesSlides/${target}`)!.async('string'));
  }
  return { zip, slides, notes, core: await zip.file('docProps/core.xml')!.async('string') };
}

/** The deck's slides as the HTML has them: the texts a viewer sees, the points, the notes. */
function deckSlides(html: string) {
  const root = parse(html);
  return root.querySelectorAll('.reveal .slides > section').map((s) => {
    const notes = s.querySelector('aside.notes');
    const noteText = notes ? notes.querySelectorAll('p').map((p) => squash(decode(p.textContent))).filter(Boolean) : [];
    notes?.remove();
    s.querySelector('a.deck-link')?.remove();
    const texts: string[] = [];
    const walk = (el: HTMLElement) => {
      for (const c of el.childNodes) {
        if (c.nodeType === 3) {
          const t = squash(decode(c.textContent));
          if (t) texts.push(t);
        } else walk(c as HTMLElement);
      }
    };
    walk(s);
    const points = s.querySelectorAll('ul.points > li').map((li) => squash(decode(li.textContent)));
    return { id: s.id, kind: s.getAttribute('data-slide-type') ?? '', texts, points, noteText };
  });
}

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;

/** Every check the issue lists, for one built deck. */
async function checkDeck(out: string) {
  const html = await readFile(path.join(out, 'deck.html'), 'utf8');
  const deck = deckSlides(html);
  const pptx = await readPptx(path.join(out, 'deck.pptx'));
  expect(pptx.slides.length).toBe(deck.length);
  // No slide is a picture: no picture element, no media in the package.
  expect(Object.keys(pptx.zip.files).filter((n) => n.startsWith('ppt/media/') && !pptx.zip.files[n]!.dir)).toEqual([]);
  const presentation = await pptx.zip.file('ppt/presentation.xml')!.async('string');
  expect(presentation).toMatch(/<p:sldSz cx="12192000" cy="6858000"/); // 16:9, 13.333 × 7.5 in
  let cjkRuns = 0;
  deck.forEach((s, i) => {
    const xml = pptx.slides[i]!;
    expect(xml, s.id).not.toContain('<p:pic>');
    // One set of paragraph properties per paragraph (a second one makes readers drop the bullet).
    for (const p of paragraphs(xml)) expect(p.match(/<a:pPr\b/g)?.length ?? 0, s.id).toBeLessThanOrEqual(1);
    const text = squash(runsText(xml));
    for (const t of s.texts) expect(text, `slide ${i + 1} (${s.id}) lacks "${t}"`).toContain(t);
    // Every point is one paragraph (with a real bullet), not one box per line.
    if (s.points.length) {
      const bulleted = paragraphs(xml).filter((p) => p.includes('<a:buChar'));
      expect(bulleted.length, s.id).toBe(s.points.length);
      s.points.forEach((pt, k) => expect(squash(runsText(bulleted[k]!)), s.id).toBe(pt));
    }
    // The notes page holds the notes.
    if (s.noteText.length) {
      const notes = pptx.notes.get(i);
      expect(notes, `${s.id} has no notes page`).toBeDefined();
      const text = squash(runsText(notes!));
      for (const p of s.noteText) expect(text, s.id).toContain(p);
    }
    // Chinese runs carry an East Asian typeface.
    for (const r of xml.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)) {
      const t = /<a:t>([^<]*)<\/a:t>/.exec(r[1]!)?.[1] ?? '';
      if (!CJK.test(t)) continue;
      cjkRuns++;
      expect(r[1], `run "${t}"`).toMatch(/<a:ea typeface="Noto Sans SC"/);
      expect(r[1]).toMatch(/lang="zh-CN"/);
    }
  });
  return { deck, pptx, cjkRuns };
}

const kindsSpec = (language: string) => `title: ${language === 'zh' ? '各类幻灯片' : 'Every slide kind'}
subtitle: ${language === 'zh' ? '标题、议程、目标、领域、要点、引语、来源' : 'Title, agenda, targets, area, points, quote, sources'}
presenter: Strategy Office
language: ${language}
sections:
  - targets
  - area: industry
    items: [1, 2]
  - support: [compute, safety]
  - quote: wang-yiming-data-scale
`;

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('pptx');
});

describe.each(['zh', 'en', 'bilingual'])('a spec of every slide kind in %s', (language) => {
  let out: string;
  let slides: number;
  let err: string;
  beforeAll(async () => {
    const spec = path.join(tmp, `kinds-${language}.yaml`);
    await writeFile(spec, kindsSpec(language));
    out = path.join(tmp, `kinds-${language}`);
    const r = await cli('build', spec, '--out', out, '--pptx', ...(language === 'en' ? ['--png'] : []), ...(language === 'bilingual' ? ['--pdf'] : []));
    expect(r.code, r.err).toBe(0);
    slides = Number(/\((\d+) slides/.exec(r.out)![1]);
    err = r.err;
    expect(r.out).toContain('deck.pptx  (');
  }, 180_000);

  it('deck.pptx: a native slide per deck slide, all text editable, points as paragraphs, notes, East Asian fonts', async () => {
    const { deck, pptx, cjkRuns } = await checkDeck(out);
    expect(deck.length).toBe(slides);
    expect(new Set(deck.map((s) => s.kind))).toEqual(new Set(['title', 'agenda', 'timeline', 'heading', 'content', 'quote', 'sources']));
    if (language !== 'en') expect(cjkRuns).toBeGreaterThan(20);
    // Bilingual slides keep both languages: Latin runs in the Latin font beside the Chinese ones.
    if (language === 'bilingual') expect(pptx.slides.filter((x) => x.includes('typeface="Noto Sans SC"') && x.includes('<a:latin typeface="Noto Sans"')).length).toBeGreaterThan(slides / 2);
    // The targets timeline: shapes (axis, dots, cards) and text boxes, no picture.
    const timeline = pptx.slides[deck.findIndex((s) => s.kind === 'timeline')]!;
    expect(timeline.match(/prst="ellipse"/g)?.length).toBeGreaterThanOrEqual(3);
    expect(timeline.match(/<p:sp>/g)!.length).toBeGreaterThan(20);
    expect(timeline).toMatch(/<a:t>2027<\/a:t>/);
    // Document properties.
    expect(pptx.core).toContain('<dc:creator>Strategy Office</dc:creator>');
    expect(pptx.core).toMatch(/<dc:title>(Every slide kind|各类幻灯片)<\/dc:title>/);
    expect(err).toMatch(/pptx: deck\.pptx written: \d+ slides/);
    // With --pdf the PPTX is measured on the page deck.pdf is printed from; both are there.
    if (language === 'bilingual') expect(await readdir(out)).toEqual(expect.arrayContaining(['deck.pdf', 'brief.pdf', 'deck.pptx']));
  });

  it.runIf(language === 'en')('--png: one 1920×1080 image per slide, slides/01.png …', async () => {
    const files = (await readdir(path.join(out, 'slides'))).sort();
    expect(files).toEqual(Array.from({ length: slides }, (_, i) => `${String(i + 1).padStart(2, '0')}.png`));
    for (const f of [files[0]!, files[files.length - 1]!]) {
      const head = (await readFile(path.join(out, 'slides', f))).subarray(0, 24);
      expect(head.subarray(1, 4).toString()).toBe('PNG');
      expect([head.readUInt32BE(16), head.readUInt32BE(20)]).toEqual([1920, 1080]);
    }
    expect(await readdir(out)).not.toContain('deck.pdf'); // --pptx / --png alone print no PDF
  });

  it.skipIf(!hasSoffice || !hasPoppler || language !== 'bilingual')('LibreOffice Impress opens it and converts it with the same page count', async () => {
    const lo = path.join(tmp, `lo-${language}`);
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(tmp, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, path.join(out, 'deck.pptx')], { stdio: 'ignore', timeout: 170_000 });
    const info = execFileSync('pdfinfo', [path.join(lo, 'deck.pdf')], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(slides);
  }, 180_000);
});

describe('the shipped specs as PowerPoint', () => {
  for (const name of ['board-industry-compute', 'governance-safety', 'provincial-overview', 'default']) {
    it(`${name}.yaml → deck.pptx with every slide, text, point and note`, async () => {
      const out = path.join(tmp, name);
      const r = await cli('build', path.join(DEFAULTS.specs, `${name}.yaml`), '--out', out, '--pptx');
      expect(r.code, r.err).toBe(0);
      const slides = Number(/\((\d+) slides/.exec(r.out)![1]);
      const { deck } = await checkDeck(out);
      expect(deck.length).toBe(slides);
    }, 240_000);
  }

  it.skipIf(!hasSoffice || !hasPoppler)('LibreOffice converts the board deck with the same page count', async () => {
    const out = path.join(tmp, 'board-industry-compute');
    const lo = path.join(tmp, 'lo-board');
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(tmp, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, path.join(out, 'deck.pptx')], { stdio: 'ignore', timeout: 170_000 });
    const info = execFileSync('pdfinfo', [path.join(lo, 'deck.pdf')], { encoding: 'utf8' });
    const deck = deckSlides(await readFile(path.join(out, 'deck.html'), 'utf8'));
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(deck.length);
  }, 180_000);
});

describe('pptx: in the spec', () => {
  it('pptx: true writes deck.pptx without the flag; a wrong value is a located error', async () => {
    const spec = path.join(tmp, 'spec-pptx.yaml');
    await writeFile(spec, `title: From the spec\nlanguage: en\npptx: true\nsections:\n  - area: industry\n    items: [1]\n`);
    const out = path.join(tmp, 'spec-pptx');
    const r = await cli('build', spec, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(await readdir(out)).toContain('deck.pptx');
    await writeFile(spec, `title: From the spec\nlanguage: en\npptx: yes please\nsections:\n  - area: industry\n`);
    const bad = await cli('build', spec, '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/spec-pptx\.yaml:3:\d+/);
    expect(bad.err).toMatch(/pptx/);
  }, 120_000);
});
