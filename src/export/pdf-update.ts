import {
  PDFArray,
  PDFBool,
  PDFContext,
  PDFCrossRefSection,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRef,
  PDFString,
  PDFTrailer,
  PDFTrailerDict,
  type PDFObject,
} from './pdf-lib.js';
import { writeOutline } from './outline.js';
import type { PdfMeta } from './pdf.js';

/** What finishPdf writes into a PDF: the document information, and the outline. */
export type PdfInfo = Omit<PdfMeta, 'mark'> & { creator: string; producer: string; date: Date };

const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

/**
 * Chromium's PDF finished by an incremental update (PDF 1.7 §7.5.6) instead of being parsed and written again whole:
 * the document information, the catalog (with the outline linked) and the outline's items are appended after
 * Chromium's bytes, with a cross-reference section for them alone whose trailer points back at Chromium's. Only the
 * objects this needs are parsed (trailer, catalog, page tree, information: a few dozen small dictionaries, found
 * through Chromium's cross-reference table), with pdf-lib's object parser; pdf-lib writes the new objects. A reader
 * sees the same document as after a full pdf-lib load and save with the same settings.
 *
 * Returns undefined when the file is not laid out as expected (no classic cross-reference table at the end, an
 * earlier update, encryption, an object not where the table says): the caller then loads and saves it whole.
 */
export function updatePdf(bytes: Uint8Array, info: PdfInfo): { bytes: Uint8Array; pages: number } | undefined {
  try {
    return update(bytes, info);
  } catch {
    return undefined;
  }
}

function update(bytes: Uint8Array, info: PdfInfo): { bytes: Uint8Array; pages: number } | undefined {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!end) return undefined;
  const xrefAt = Number(end[1]);
  if (!(xrefAt > 0 && xrefAt < bytes.length)) return undefined;
  const table = latin1.decode(bytes.subarray(xrefAt, bytes.length));
  if (!table.startsWith('xref')) return undefined; // a cross-reference stream: not what Chromium writes
  const trailerAt = table.indexOf('trailer');
  if (trailerAt < 0) return undefined;

  // Where each object is: "xref", then subsections "first count" of count "offset generation n|f" entries.
  const offsets = new Map<number, { offset: number; gen: number }>();
  const tokens = table.slice(4, trailerAt).trim().split(/\s+/);
  for (let i = 0; i < tokens.length; ) {
    const first = Number(tokens[i]);
    const count = Number(tokens[i + 1]);
    if (!Number.isInteger(first) || !Number.isInteger(count) || i + 2 + count * 3 > tokens.length) return undefined;
    for (let k = 0; k < count; k++) {
      const at = i + 2 + k * 3;
      if (tokens[at + 2] === 'n') offsets.set(first + k, { offset: Number(tokens[at]), gen: Number(tokens[at + 1]) });
    }
    i += 2 + count * 3;
  }

  const ctx = PDFContext.create();
  const parse = (from: number): PDFObject => PDFObjectParser.forBytes(bytes.subarray(from), ctx).parseObject();
  const trailer = parse(xrefAt + trailerAt + 'trailer'.length);
  if (!(trailer instanceof PDFDict)) return undefined;
  // An earlier update or encryption: the objects are not all where this one table says, or not in the clear.
  if (trailer.has(PDFName.of('Prev')) || trailer.has(PDFName.of('Encrypt')) || trailer.has(PDFName.of('XRefStm'))) return undefined;
  const size = trailer.get(PDFName.of('Size'));
  const rootRef = trailer.get(PDFName.of('Root'));
  if (!(size instanceof PDFNumber) || !(rootRef instanceof PDFRef)) return undefined;

  /** An object of the file, by its reference: parsed from where the table says it is. */
  const read = (ref: PDFRef): PDFObject | undefined => {
    const at = offsets.get(ref.objectNumber);
    if (!at || at.gen !== ref.generationNumber) return undefined;
    const head = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(latin1.decode(bytes.subarray(at.offset, at.offset + 48)));
    if (!head || Number(head[1]) !== ref.objectNumber || Number(head[2]) !== ref.generationNumber) return undefined;
    return parse(at.offset + head[0].length);
  };
  const readDict = (ref: PDFObject | undefined): PDFDict | undefined => {
    if (ref instanceof PDFDict) return ref;
    const obj = ref instanceof PDFRef ? read(ref) : undefined;
    return obj instanceof PDFDict ? obj : undefined;
  };

  const catalog = readDict(rootRef);
  if (!catalog) return undefined;
  // The pages in order: the leaves of the page tree (PDF 1.7 §7.7.3).
  const pageRefs: PDFRef[] = [];
  const seen = new Set<number>();
  const walk = (ref: PDFObject | undefined, depth: number): boolean => {
    if (!(ref instanceof PDFRef) || seen.has(ref.objectNumber) || depth > 32) return false;
    seen.add(ref.objectNumber);
    const node = readDict(ref);
    const type = node?.get(PDFName.of('Type'));
    if (type === PDFName.of('Page')) {
      pageRefs.push(ref);
      return true;
    }
    const kids = node?.get(PDFName.of('Kids'));
    if (type !== PDFName.of('Pages') || !(kids instanceof PDFArray)) return false;
    return kids.asArray().every((k) => walk(k, depth + 1));
  };
  if (!walk(catalog.get(PDFName.of('Pages')), 0) || !pageRefs.length) return undefined;

  // The document information, as pdf-lib's setters write it, over what Chromium put there (its title, dates).
  const infoRef = trailer.get(PDFName.of('Info'));
  const infoDict = (infoRef instanceof PDFRef ? readDict(infoRef) : undefined) ?? ctx.obj({});
  const text = (key: string, value: string) => infoDict.set(PDFName.of(key), PDFHexString.fromText(value));
  text('Title', info.title);
  if (info.author) text('Author', info.author);
  if (info.subject) text('Subject', info.subject);
  if (info.keywords?.length) text('Keywords', info.keywords.join(' '));
  text('Creator', info.creator);
  text('Producer', info.producer);
  infoDict.set(PDFName.of('CreationDate'), PDFString.fromDate(info.date));
  infoDict.set(PDFName.of('ModDate'), PDFString.fromDate(info.date));

  // New objects are numbered from the file's Size on; replaced ones keep their number.
  ctx.largestObjectNumber = size.asNumber() - 1;
  const changed = new Map<number, [PDFRef, PDFObject]>();
  const infoAt = infoRef instanceof PDFRef ? infoRef : ctx.nextRef();
  changed.set(infoAt.objectNumber, [infoAt, infoDict]);
  changed.set(rootRef.objectNumber, [rootRef, catalog]);

  // Readers show the title, not the file name (pdf-lib's setTitle with showInWindowTitleBar).
  const prefsKey = PDFName.of('ViewerPreferences');
  const prefs = catalog.get(prefsKey);
  const prefsDict = readDict(prefs) ?? ctx.obj({});
  prefsDict.set(PDFName.of('DisplayDocTitle'), PDFBool.True);
  if (prefs instanceof PDFRef) changed.set(prefs.objectNumber, [prefs, prefsDict]);
  else catalog.set(prefsKey, prefsDict);

  if (info.outline) writeOutline(ctx, pageRefs, catalog, info.outline);
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) changed.set(ref.objectNumber, [ref, obj]);

  // The update: the objects, their cross-reference section, and a trailer that points back at Chromium's.
  const objects = [...changed.values()].sort((a, b) => a[0].objectNumber - b[0].objectNumber);
  const chunks: Uint8Array[] = [];
  let offset = bytes.length;
  const push = (chunk: Uint8Array) => {
    chunks.push(chunk);
    offset += chunk.length;
  };
  const serialized = (o: { sizeInBytes(): number; copyBytesInto(b: Uint8Array, at: number): number }) => {
    const buf = new Uint8Array(o.sizeInBytes());
    o.copyBytesInto(buf, 0);
    return buf;
  };
  if (bytes[bytes.length - 1] !== 0x0a) push(encoder.encode('\n'));
  const xref = PDFCrossRefSection.createEmpty();
  for (const [ref, obj] of objects) {
    xref.addEntry(ref, offset);
    push(encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(serialized(obj));
    push(encoder.encode('\nendobj\n'));
  }
  const newXrefAt = offset;
  push(serialized(xref));
  push(encoder.encode('\n'));
  const newTrailer = ctx.obj({}) as PDFDict;
  newTrailer.set(PDFName.of('Size'), PDFNumber.of(ctx.largestObjectNumber + 1));
  newTrailer.set(PDFName.of('Root'), rootRef);
  newTrailer.set(PDFName.of('Info'), infoAt);
  newTrailer.set(PDFName.of('Prev'), PDFNumber.of(xrefAt));
  const id = trailer.get(PDFName.of('ID'));
  if (id) newTrailer.set(PDFName.of('ID'), id);
  push(serialized(PDFTrailerDict.of(newTrailer)));
  push(encoder.encode('\n'));
  push(serialized(PDFTrailer.forLastCrossRefSectionOffset(newXrefAt)));

  const out = new Uint8Array(offset);
  out.set(bytes, 0);
  let at = bytes.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { bytes: out, pages: pageRefs.length };
}
