import { PDFDocument, PDFName, PDFNumber, type PDFDict, type PDFRef } from '../../src/export/pdf-lib.js';
import { describe, expect, it } from 'vitest';
import { addOutline } from '../../src/export/outline.js';

describe('PDF bookmarks', () => {
  it('top-level entries open (their sections visible), deeper ones closed, counts as the PDF spec says', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 4; i++) doc.addPage();
    addOutline(doc, [{ title: 'Deck', page: 1, children: [{ title: 'Area', page: 2, children: [{ title: 'Item 1', page: 3 }, { title: 'Item 2', page: 4 }] }, { title: 'Sources', page: 4 }] }]);
    const get = (d: PDFDict, k: string) => d.get(PDFName.of(k));
    const deref = (r: unknown) => doc.context.lookup(r as PDFRef) as PDFDict;
    const root = deref(doc.catalog.get(PDFName.of('Outlines')));
    const deck = deref(get(root, 'First'));
    const area = deref(get(deck, 'First'));
    expect((get(root, 'Count') as PDFNumber).asNumber()).toBe(3); // Deck + its two visible children
    expect((get(deck, 'Count') as PDFNumber).asNumber()).toBe(2); // open
    expect((get(area, 'Count') as PDFNumber).asNumber()).toBe(-2); // closed
  });
});
