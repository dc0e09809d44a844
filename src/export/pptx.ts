import type PptxModule from 'pptxgenjs';

// pptxgenjs's types describe a CommonJS module; at run time Node loads its ES build, whose default export is the class.
type Pptx = PptxModule.default;
type Slide = PptxModule.default.Slide;
type TextRun = PptxModule.default.TextProps;
type TextRunOptions = PptxModule.default.TextPropsOptions;
type ShapeProps = PptxModule.default.ShapeProps;
import type { MeasuredDeck, MeasuredParagraph, MeasuredRun, MeasuredShape, MeasuredSlide, MeasuredText, Rgba } from './measure.js';
import { importPackage } from '../util/import-package.js';

/** Document properties of deck.pptx. Optional fields are written only when the spec has them. */
export interface PptxMeta {
  title: string;
  /** The presenter. */
  author?: string;
  subject?: string;
  /** E.g. "Internal": written as the file's category (File › Properties). */
  classification?: string;
  /** E.g. "1.2": written as the file's version property. */
  version?: string;
}

/** The fonts the deck uses; a PowerPoint without them substitutes a font of the same script (see the README). */
export const LATIN_FONT = 'Noto Sans';
export const CJK_FONT = 'Noto Sans SC';
/** What PowerPoint uses for Chinese text typed into the file where Noto Sans SC is not installed. */
export const CJK_FALLBACKS = ['Microsoft YaHei', 'PingFang SC'] as const;

/** CSS px → inches (PowerPoint's unit for positions here) and points (for type). */
const inch = (px: number) => px / 96;
const pt = (px: number) => Math.round(px * 0.75 * 10) / 10;
const hex = (c: Rgba) => [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase();
const transparency = (c: Rgba) => Math.round((1 - c.a) * 100);

/** One measured run → a pptxgenjs run: Chinese runs in the CJK font (its East Asian typeface), others in the Latin one. */
function run(r: MeasuredRun, para: MeasuredParagraph, first: boolean, last: boolean, bulletIndentPt: number | undefined): TextRun {
  const zh = r.lang === 'zh';
  const options: TextRunOptions = {
    fontFace: zh ? CJK_FONT : LATIN_FONT,
    fontSize: pt(r.fontSize),
    bold: r.bold,
    italic: r.italic,
    color: hex(r.color),
    lang: zh ? 'zh-CN' : 'en-US',
    ...(r.color.a < 0.99 ? { transparency: transparency(r.color) } : {}),
    ...(r.breakBefore && !first ? { softBreakBefore: true } : {}),
  };
  if (first) {
    Object.assign(options, {
      align: para.align,
      lineSpacing: pt(para.lineHeight),
      paraSpaceAfter: pt(para.spaceAfter),
      paraSpaceBefore: 0,
      ...(para.bullet
        ? {
            bullet:
              para.bullet.kind === 'number'
                ? { type: 'number', numberType: 'arabicPeriod', numberStartAt: para.bullet.start, indent: bulletIndentPt }
                : { characterCode: para.bullet.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), indent: bulletIndentPt },
          }
        : {}),
    });
  }
  // pptxgenjs starts a new paragraph after a run with breakLine.
  if (last) options.breakLine = true;
  return { text: r.text, options };
}

/** The paragraphs of a text box as runs; every paragraph (every point) is its own <a:p>. */
export function textRuns(t: MeasuredText): TextRun[] {
  const out: TextRun[] = [];
  t.paragraphs.forEach((p, pi) => {
    const indent = p.bullet ? Math.max(1, pt(p.bullet.indent)) : undefined;
    p.runs.forEach((r, i) => {
      const tr = run(r, p, i === 0, i === p.runs.length - 1 && pi < t.paragraphs.length - 1, indent);
      // Every paragraph carries its alignment, spacing and bullet on its first run; later runs keep to the paragraph.
      if (i > 0) for (const k of ['bullet', 'align', 'lineSpacing', 'paraSpaceAfter'] as const) delete tr.options![k];
      out.push(tr);
    });
  });
  return out;
}

function addShape(pptx: Pptx, slide: Slide, s: MeasuredShape): void {
  const shape = s.geometry === 'ellipse' ? pptx.ShapeType.ellipse : s.geometry === 'roundRect' ? pptx.ShapeType.roundRect : pptx.ShapeType.rect;
  slide.addShape(shape, {
    x: inch(s.x),
    y: inch(s.y),
    w: inch(Math.max(s.w, 0.5)),
    h: inch(Math.max(s.h, 0.5)),
    ...(s.geometry === 'roundRect' ? { rectRadius: Math.min(0.5, s.radius / Math.max(1, Math.min(s.w, s.h))) } : {}),
    fill: s.fill ? { color: hex(s.fill), transparency: transparency(s.fill) } : { type: 'none' },
    line: s.line ? { color: hex(s.line.color), width: pt(s.line.width), transparency: transparency(s.line.color) } : { type: 'none' },
  } as ShapeProps);
}

function addText(slide: Slide, t: MeasuredText): void {
  const runs = textRuns(t);
  if (!runs.length) return;
  slide.addText(runs, {
    x: inch(t.x),
    y: inch(t.y),
    // A hair wider than the HTML box: PowerPoint's and the browser's line breaking differ by a pixel or two.
    w: inch(t.w + (t.nowrap ? 0 : 2)),
    h: inch(t.h),
    margin: 0,
    valign: 'top',
    wrap: !t.nowrap,
    // Where the reader's font is wider than Noto Sans (it is not installed), the text shrinks instead of overflowing.
    fit: t.nowrap ? 'none' : 'shrink',
    isTextBox: true,
  });
}

function addSlide(pptx: Pptx, s: MeasuredSlide): void {
  const slide = pptx.addSlide();
  slide.background = { color: hex(s.background) };
  for (const item of s.items) {
    if (item.type === 'shape') addShape(pptx, slide, item);
    else addText(slide, item);
  }
  if (s.notes.length) slide.addNotes(s.notes.join('\n'));
}

/** The measured deck → deck.pptx bytes: one native slide per deck slide, text as text, shapes as shapes. */
export async function buildPptx(deck: MeasuredDeck, meta: PptxMeta): Promise<Uint8Array> {
  const mod = (await importPackage<typeof import('pptxgenjs')>('pptxgenjs')).default as unknown as { default?: new () => Pptx } & (new () => Pptx);
  const PptxGenJS = mod.default ?? mod;
  const pptx = new PptxGenJS();
  pptx.defineLayout({ name: 'BRIEFING_16x9', width: inch(deck.width), height: inch(deck.height) });
  pptx.layout = 'BRIEFING_16x9';
  pptx.title = meta.title;
  if (meta.author) pptx.author = meta.author;
  if (meta.subject) pptx.subject = meta.subject;
  pptx.company = '';
  pptx.theme = { headFontFace: LATIN_FONT, bodyFontFace: LATIN_FONT };
  for (const s of deck.slides) addSlide(pptx, s);
  const bytes = (await pptx.write({ outputType: 'uint8array', compression: true })) as Uint8Array;
  return finishPptx(bytes, meta);
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What pptxgenjs cannot set: the classification and version properties, and the theme's fonts for Chinese (text a user
 * types into the file uses them). Each is one element in a part pptxgenjs wrote; nothing else is changed.
 */
export async function finishPptx(bytes: Uint8Array, meta: PptxMeta): Promise<Uint8Array> {
  const { default: JSZip } = await importPackage<{ default: typeof import('jszip') }>('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const core = zip.file('docProps/core.xml');
  const extra = [
    meta.classification ? `<cp:category>${escapeXml(meta.classification)}</cp:category>` : '',
    meta.version ? `<cp:version>${escapeXml(meta.version)}</cp:version>` : '',
  ].join('');
  if (core && extra) zip.file('docProps/core.xml', (await core.async('string')).replace('</cp:coreProperties>', `${extra}</cp:coreProperties>`));
  // pptxgenjs writes paragraph properties before every run, so a paragraph of several runs (a bilingual point) has
  // several <a:pPr>, of which the schema allows one, first: readers take the last, and lose the bullet. Keep the first.
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))) {
    zip.file(name, onePPr(await zip.file(name)!.async('string')));
  }
  const theme = zip.file('ppt/theme/theme1.xml');
  if (theme) {
    const xml = (await theme.async('string'))
      .replace(/<a:ea typeface=""\/>/g, `<a:ea typeface="${CJK_FONT}"/>`)
      .replace(/<a:font script="Hans" typeface="[^"]*"\/>/g, `<a:font script="Hans" typeface="${CJK_FALLBACKS[0]}"/>`);
    zip.file('ppt/theme/theme1.xml', xml);
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const PPR = /<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)/g;

/** Every <a:p> keeps only its first <a:pPr> (the one at its start). */
export function onePPr(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_, inner: string) => `<a:p>${inner.replace(PPR, (p: string, at: number) => (at === 0 ? p : ''))}</a:p>`);
}
