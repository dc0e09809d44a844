import { isMap, isSeq, parseDocument } from 'yaml';
import { paragraphs } from './units.js';

/**
 * Write English into a corpus file's text, keeping everything else as it is (comments, the Chinese, the order of
 * keys). Pure: file text in, file text out.
 */

export interface SectionEnglish {
  title?: string;
  points: Map<number, string>;
  paras: Map<number, string>;
  /** The whole text at once (a section whose paragraphs do not pair). */
  text?: string;
  /** Every unit of the section now has English: the "untranslated" mark goes. */
  complete: boolean;
}

/** English as the corpus holds it: no line that would open or close a language block, no blank line inside a paragraph. */
export function englishMarkdown(s: string, paragraph: boolean): string {
  const t = s.replace(/\r\n?/g, '\n').trim();
  const lines = (paragraph ? t.replace(/\n[ \t]*\n+/g, '\n') : t).split('\n');
  return lines.map((l) => l.replace(/^(\s*):::/, '$1\\:::')).join('\n');
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function applySectionEnglish(source: string, en: SectionEnglish): string {
  const text = source.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (lines[0]?.trim() !== '---' || end < 0) throw new Error('no front matter');
  const fm = parseDocument(lines.slice(1, end).join('\n'));
  if (en.title !== undefined) fm.setIn(['title', 'en'], oneLine(en.title));
  const points = fm.getIn(['points', 'en']);
  for (const [k, p] of en.points) {
    if (isSeq(points) && k < points.items.length) points.set(k, oneLine(p));
    else if (isSeq(points)) points.add(oneLine(p));
  }
  if (en.complete) {
    const marks = fm.get('untranslated');
    if (isSeq(marks)) {
      const rest = marks.items.map((i) => String((i as { value?: unknown }).value ?? i)).filter((l) => l !== 'en');
      if (rest.length) fm.set('untranslated', rest);
      else fm.delete('untranslated');
    }
  }
  const front = fm.toString({ lineWidth: 0 }).trimEnd();
  let body = lines.slice(end + 1).join('\n');
  if (en.paras.size || en.text !== undefined) {
    const open = /^:::[ \t]*en[ \t]*$/m.exec(body);
    if (open) {
      const start = open.index + open[0].length + 1;
      const close = /^:::[ \t]*$/m.exec(body.slice(start));
      if (close) {
        const current = body.slice(start, start + close.index);
        let next: string;
        if (en.text !== undefined) next = englishMarkdown(en.text, false);
        else {
          const paras = paragraphs(current);
          for (const [k, p] of en.paras) paras[k] = englishMarkdown(p, true);
          next = paras.join('\n\n');
        }
        body = `${body.slice(0, start)}${next}\n${body.slice(start + close.index)}`;
      }
    }
  }
  return `---\n${front}\n---\n${body}`;
}

export interface DocumentEnglish {
  title?: string;
  short?: string;
  issuer?: string;
  complete: boolean;
}

export function applyDocumentEnglish(source: string, en: DocumentEnglish): string {
  const doc = parseDocument(source);
  if (en.title !== undefined) doc.setIn(['title', 'en'], oneLine(en.title));
  if (en.short !== undefined) doc.setIn(['short', 'en'], oneLine(en.short));
  if (en.issuer !== undefined && isMap(doc.get('issuer'))) doc.setIn(['issuer', 'en'], oneLine(en.issuer));
  if (en.complete) {
    const marks = doc.get('untranslated');
    if (isSeq(marks)) {
      const rest = marks.items.map((i) => String((i as { value?: unknown }).value ?? i)).filter((l) => l !== 'en');
      if (rest.length) doc.set('untranslated', rest);
      else doc.delete('untranslated');
    }
  }
  return doc.toString({ lineWidth: 0 });
}
