import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';

/** Whether poppler's command-line tools are installed (CI installs them; tests that need them say so). */
export const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const pdftotext = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** Embedded fonts per pdffonts: name and whether embedded. */
export function pdffonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... encoding emb sub uni id gen: emb is the 5th field from the end
    return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** The project's own fonts as a PDF names them (Noto Sans and Noto Sans SC, subset prefix removed). */
export const PROJECT_FONT = /^NotoSans(SC(Thin)?)?-/; // Noto Sans SC names itself NotoSansSCThin (a variable font)

/**
 * Embedded fonts that are not the project's. A machine with LibreOffice has a system CJK font (Droid Sans Fallback,
 * through ghostscript): a PDF that shows Chinese is no proof of our fonts any more, one that embeds only ours is.
 */
export const foreignFonts = (names: string[]): string[] => names.filter((n) => !PROJECT_FONT.test(n));

export interface PdfFacts {
  pages: number;
  sizes: { width: number; height: number }[];
  title?: string;
  author?: string;
  /** Outline entries, indented two spaces per level. */
  outline: string[];
  fontNames: string[];
}

/** Read a PDF with pdf-lib: pages, sizes, metadata, outline entries, embedded font names. */
export async function pdfFacts(file: string): Promise<PdfFacts> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const fontNames = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => obj instanceof PDFDict && obj.get(PDFName.of(k)));
    if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('FontDescriptor') && embedded) {
      fontNames.add(String(obj.get(PDFName.of('FontName'))).replace(/^\/[A-Z]{6}\+/, '').replace(/^\//, ''));
    }
  }
  const outline: string[] = [];
  const walk = (node: PDFDict | undefined, depth: number) => {
    for (let n = node; n; n = n.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const t = n.lookup(PDFName.of('Title'));
      outline.push(`${'  '.repeat(depth)}${t && 'decodeText' in t ? (t as { decodeText(): string }).decodeText() : String(t)}`);
      walk(n.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return {
    pages: doc.getPageCount(),
    sizes: doc.getPages().map((p) => p.getSize()),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    outline,
    fontNames: [...fontNames],
  };
}
