import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFDict } from '../../src/export/pdf-lib.js';
import { finishPdf, rewritePdf, type PdfMeta } from '../../src/export/pdf.js';
import { updatePdf } from '../../src/export/pdf-update.js';

/** A PDF laid out as Chromium writes one: classic cross-reference table, trailer with Size, Root and Info. */
async function chromiumLike(pages: number, options: { objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < pages; i++) doc.addPage([960, 540]).drawText(`page ${i + 1}`);
  doc.setTitle('Chromium’s own title');
  doc.setCreator('Chromium');
  doc.setProducer('Skia/PDF');
  return doc.save({ useObjectStreams: options.objectStreams ?? false });
}

const META: PdfMeta = {
  title: 'Deck “title” 人工智能+',
  author: 'Ann Author',
  subject: 'CONFIDENTIAL — built 2026-12-01 — 国务院关于深入实施“人工智能+”行动的意见',
  keywords: ['CONFIDENTIAL', 'built: 2026-12-01', 'science'],
  outline: [
    { title: 'The deck 一', page: 1, children: [{ title: 'Area', page: 2, children: [{ title: 'Item', page: 3 }] }, { title: 'Sources', page: 6 }] },
    { title: 'Beyond the end', page: 99 },
  ],
};
const DATE = new Date('2026-12-01T10:20:30Z');

/** What a reader sees: the information dictionary, viewer preferences, page mode and the outline with its targets. */
async function seen(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.objectNumber, i + 1]));
  const outline: string[] = [];
  const walk = (node: PDFDict | undefined, depth: number) => {
    for (let n = node; n; n = n.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = (n.lookup(PDFName.of('Title')) as unknown as { decodeText(): string }).decodeText();
      const dest = String(n.get(PDFName.of('Dest')));
      const page = pageIndex.get(Number(/\[ ?(\d+) 0 R/.exec(dest)?.[1]));
      outline.push(`${'  '.repeat(depth)}${title} → ${page} ${String(n.get(PDFName.of('Count')) ?? '')}`);
      walk(n.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  const prefs = doc.catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  return {
    pages: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    created: doc.getCreationDate()?.toISOString(),
    modified: doc.getModificationDate()?.toISOString(),
    displayDocTitle: String(prefs?.get(PDFName.of('DisplayDocTitle'))),
    pageMode: String(doc.catalog.get(PDFName.of('PageMode'))),
    outlineCount: String(outlines?.get(PDFName.of('Count'))),
    outline,
  };
}

describe('finishing a PDF by an incremental update', () => {
  it('a reader sees what a full pdf-lib load and save gives: metadata, viewer preferences, outline and its pages', async () => {
    const raw = await chromiumLike(6);
    const updated = updatePdf(raw, { ...META, creator: 'briefing', producer: 'briefing (Chromium, pdf-lib)', date: DATE });
    expect(updated).toBeDefined();
    expect(updated!.pages).toBe(6);
    const rewritten = await rewritePdf(raw, META, DATE);
    const a = await seen(updated!.bytes);
    expect(a).toEqual(await seen(rewritten.bytes));
    expect(a.title).toBe(META.title);
    expect(a.keywords).toBe('CONFIDENTIAL built: 2026-12-01 science');
    expect(a.outline).toEqual(['The deck 一 → 1 2', '  Area → 2 -1', '    Item → 3 ', '  Sources → 6 ', 'Beyond the end → 6 ']);
  });

  it('appends: Chromium’s bytes stay as they are, in front, and the new trailer points back at its table', async () => {
    const raw = await chromiumLike(3);
    const out = updatePdf(raw, { title: 'T', creator: 'c', producer: 'p', date: DATE })!.bytes;
    expect(Buffer.from(out.subarray(0, raw.length)).equals(Buffer.from(raw))).toBe(true);
    const tail = Buffer.from(out.subarray(raw.length)).toString('latin1');
    const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(Buffer.from(raw).toString('latin1'))![1];
    expect(tail).toMatch(new RegExp(`/Prev ${prev}\\b`));
    expect(tail).toMatch(/startxref\n\d+\n%%EOF$/);
  });

  it('a file not laid out as Chromium writes one is left to the full rewrite, with the same result', async () => {
    // A cross-reference stream (object streams), and a file that was already updated once.
    const streams = await chromiumLike(2, { objectStreams: true });
    expect(updatePdf(streams, { title: 'T', creator: 'c', producer: 'p', date: DATE })).toBeUndefined();
    const once = updatePdf(await chromiumLike(2), { title: 'T', creator: 'c', producer: 'p', date: DATE })!.bytes;
    expect(updatePdf(once, { title: 'T', creator: 'c', producer: 'p', date: DATE })).toBeUndefined();
    expect(updatePdf(new TextEncoder().encode('%PDF-1.4\nnot a pdf'), { title: 'T', creator: 'c', producer: 'p', date: DATE })).toBeUndefined();
    const finished = await finishPdf(streams, META);
    expect(finished.pages).toBe(2);
    expect((await seen(finished.bytes)).title).toBe(META.title);
  });
});
