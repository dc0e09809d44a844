import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { MeasuredDeck, MeasuredRun } from '../../src/export/measure.js';
import { pngName } from '../../src/export/png.js';
import { buildPptx, onePPr } from '../../src/export/pptx.js';

const black = { r: 0, g: 0, b: 0, a: 1 };
const run = (text: string, lang: string, extra: Partial<MeasuredRun> = {}): MeasuredRun => ({
  text,
  lang,
  fontFamily: lang === 'zh' ? 'Noto Sans SC' : 'Noto Sans',
  fontSize: 30,
  bold: false,
  italic: false,
  color: black,
  breakBefore: false,
  ...extra,
});

/** One slide: a bilingual heading, two bilingual points, a dot; notes. */
const deck: MeasuredDeck = {
  width: 1280,
  height: 720,
  slides: [
    {
      id: 's1',
      kind: 'content',
      background: { r: 251, g: 248, b: 242, a: 1 },
      notes: ['Part II (2)', 'Say <this> & that.'],
      items: [
        { type: 'shape', geometry: 'ellipse', radius: 0, x: 10, y: 10, w: 20, h: 20, fill: black, line: { color: black, width: 5 } },
        { type: 'text', role: 'slide-heading', nowrap: false, x: 72, y: 56, w: 1136, h: 60, paragraphs: [{ align: 'left', lines: 1, lineHeight: 52, spaceAfter: 0, runs: [run('标题', 'zh', { bold: true }), run('Title', 'en', { breakBefore: true })] }] },
        {
          type: 'text',
          role: 'points',
          nowrap: false,
          x: 72,
          y: 140,
          w: 1136,
          h: 300,
          paragraphs: [
            { align: 'left', lines: 2, lineHeight: 42, spaceAfter: 16, bullet: { kind: 'char', char: '■', indent: 33 }, runs: [run('第一点', 'zh'), run('First point', 'en', { breakBefore: true })] },
            { align: 'left', lines: 2, lineHeight: 42, spaceAfter: 0, bullet: { kind: 'char', char: '■', indent: 33 }, runs: [run('第二点', 'zh'), run('Second point', 'en', { breakBefore: true })] },
          ],
        },
      ],
    },
  ],
};

async function parts(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const read = (n: string) => zip.file(n)!.async('string');
  return { zip, slide: await read('ppt/slides/slide1.xml'), core: await read('docProps/core.xml'), theme: await read('ppt/theme/theme1.xml'), notes: await read('ppt/notesSlides/notesSlide1.xml') };
}

describe('buildPptx', () => {
  it('one paragraph per point with its bullet, one <a:pPr> per paragraph, the second language after a line break', async () => {
    const { slide } = await parts(await buildPptx(deck, { title: 'T' }));
    const paras = [...slide.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => m[1]!);
    for (const p of paras) expect(p.match(/<a:pPr\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const bulleted = paras.filter((p) => p.includes('<a:buChar char="&#x25A0;"/>'));
    expect(bulleted).toHaveLength(2);
    expect(bulleted[0]).toMatch(/<a:t>第一点<\/a:t><\/a:r><a:br\/><a:r>.*<a:t>First point<\/a:t>/);
    expect(slide).toContain('prst="ellipse"');
    expect(slide).not.toContain('<p:pic>');
  });

  it('Chinese runs: East Asian typeface Noto Sans SC and lang zh-CN; Latin runs in Noto Sans', async () => {
    const { slide, theme } = await parts(await buildPptx(deck, { title: 'T' }));
    const runs = [...slide.matchAll(/<a:r>([\s\S]*?)<\/a:r>/g)].map((m) => m[1]!);
    const zh = runs.filter((r) => /<a:t>[第标]/.test(r));
    expect(zh).toHaveLength(3);
    for (const r of zh) expect(r).toMatch(/lang="zh-CN"[\s\S]*<a:ea typeface="Noto Sans SC"/);
    const en = runs.find((r) => r.includes('<a:t>Title</a:t>'))!;
    expect(en).toMatch(/lang="en-US"[\s\S]*<a:latin typeface="Noto Sans"/);
    // Text typed later into the file: Chinese falls back to Microsoft YaHei.
    expect(theme).toContain('<a:font script="Hans" typeface="Microsoft YaHei"/>');
  });

  it('document properties: title, author, subject; classification and version only when given', async () => {
    const plain = await parts(await buildPptx(deck, { title: 'Board & “AI+”', author: 'Strategy Office', subject: 'Industry' }));
    expect(plain.core).toContain('<dc:title>Board &amp; “AI+”</dc:title>');
    expect(plain.core).toContain('<dc:creator>Strategy Office</dc:creator>');
    expect(plain.core).toContain('<dc:subject>Industry</dc:subject>');
    expect(plain.core).not.toContain('cp:category');
    const full = await parts(await buildPptx(deck, { title: 'T', classification: 'Internal <A>', version: '1.2' }));
    expect(full.core).toContain('<cp:category>Internal &#60;A&#62;</cp:category>');
    expect(full.core).toContain('<cp:version>1.2</cp:version>');
  });

  it('notes pages hold the notes, escaped', async () => {
    const { notes } = await parts(await buildPptx(deck, { title: 'T' }));
    expect(notes).toContain('Part II (2)');
    expect(notes).toContain('Say &lt;this&gt; &amp; that.');
  });
});

describe('onePPr', () => {
  it('keeps the first <a:pPr> of each paragraph and drops the others', () => {
    const xml = '<a:p><a:pPr algn="l"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:pPr indent="0"><a:buNone/></a:pPr><a:r><a:t>b</a:t></a:r></a:p><a:p><a:r><a:t>c</a:t></a:r><a:pPr/></a:p>';
    expect(onePPr(xml)).toBe('<a:p><a:pPr algn="l"><a:buChar char="x"/></a:pPr><a:r><a:t>a</a:t></a:r><a:r><a:t>b</a:t></a:r></a:p><a:p><a:r><a:t>c</a:t></a:r></a:p>');
  });
});

describe('pngName', () => {
  it('two digits, more for long decks', () => {
    expect(pngName(1, 15)).toBe('slides/01.png');
    expect(pngName(7, 120)).toBe('slides/007.png');
  });
});
