import { PDFDict, PDFHexString, PDFName, PDFNumber, PDFNull, type PDFContext, type PDFDocument, type PDFRef } from './pdf-lib.js';

/** One bookmark: a title pointing at a page (1-based), with nested bookmarks under it. */
export interface OutlineEntry {
  title: string;
  page: number;
  children?: OutlineEntry[];
}

/**
 * Write PDF bookmarks (the outline) into `doc`. Top-level entries are shown open (the deck's title shows its
 * sections), deeper ones closed (a section's items show on a click).
 * PDF 1.7 §12.3.3: an outline dictionary with First/Last/Count, items linked by Prev/Next, each with a Dest.
 */
export function addOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  writeOutline(doc.context, doc.getPages().map((p) => p.ref), doc.catalog, entries);
}

/**
 * The same, at the object level: the outline's objects registered in `ctx` (new object numbers), pointing at
 * `pageRefs` (the pages in order), and linked from `catalog` (a copy of the document's catalog, for an update).
 */
export function writeOutline(ctx: PDFContext, pageRefs: PDFRef[], catalog: PDFDict, entries: OutlineEntry[]): void {
  if (!entries.length) return;
  const root = ctx.obj({ Type: 'Outlines' }) as PDFDict;
  const rootRef = ctx.register(root);

  const build = (items: OutlineEntry[], parentRef: PDFRef, depth: number): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = items.map(() => ctx.nextRef());
    let visible = 0;
    items.forEach((item, i) => {
      const page = pageRefs[Math.min(Math.max(item.page, 1), pageRefs.length) - 1]!;
      const dict = ctx.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parentRef);
      dict.set(PDFName.of('Dest'), ctx.obj([page, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]));
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < items.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      visible += 1;
      if (item.children?.length) {
        const sub = build(item.children, refs[i]!, depth + 1);
        dict.set(PDFName.of('First'), sub.first);
        dict.set(PDFName.of('Last'), sub.last);
        // §12.3.3: Count is the number of visible descendants when open, its negative when closed.
        const open = depth === 0;
        dict.set(PDFName.of('Count'), PDFNumber.of(open ? sub.count : -sub.count));
        if (open) visible += sub.count;
      }
      ctx.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count: visible };
  };

  const top = build(entries, rootRef, 0);
  root.set(PDFName.of('First'), top.first);
  root.set(PDFName.of('Last'), top.last);
  root.set(PDFName.of('Count'), PDFNumber.of(top.count));
  catalog.set(PDFName.of('Outlines'), rootRef);
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
