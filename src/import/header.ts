/**
 * The metadata table at the top of a gov.cn policy page (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期,
 * 主题词 …), as it comes out when the page is copied: label and value on one line, several pairs on one line
 * (separated by tabs), or flattened to one label or value per line. Pure.
 */

export type HeaderField = 'index' | 'category' | 'keywords' | 'issuer' | 'written' | 'title' | 'number' | 'published' | 'source' | 'other';

/** One label of the header and its value ('' when the page gives none). */
export interface HeaderEntry {
  /** The label as the page prints it, without its colon (索 引 号). */
  label: string;
  field: HeaderField;
  value: string;
}

/** The labels, longest first where one is the end of another (发文字号 before 字号). */
const LABELS: [string, HeaderField][] = [
  ['\u7d22\u5f15\u53f7', 'index'],
  ['\u4e3b\u9898\u5206\u7c7b', 'category'],
  ['\u4e3b\u9898\u8bcd', 'keywords'],
  ['\u53d1\u6587\u673a\u5173', 'issuer'],
  ['\u6210\u6587\u65e5\u671f', 'written'],
  ['\u6807\u9898', 'title'],
  ['\u53d1\u6587\u5b57\u53f7', 'number'],
  ['\u53d1\u5e03\u65e5\u671f', 'published'],
  ['\u53d1\u5e03\u65f6\u95f4', 'published'],
  ['\u6765\u6e90', 'source'],
  ['\u6d4f\u89c8\u6b21\u6570', 'other'],
  // 字号: the page's font-size switch (字号:默认 大 超大), not the document number.
  ['\u5b57\u53f7', 'other'],
];

/** A label with any spacing between its characters (索 引 号, 标　　题) and an ASCII or full-width colon. */
const LABEL_SOURCE = `(${LABELS.map(([w]) => [...w].join('[\\s\\u3000]*')).join('|')})[\\s\\u3000]*[:\\uff1a]`;
const LABEL_AT_START = new RegExp(`^${LABEL_SOURCE}`);

const fieldOf = (label: string): HeaderField => {
  const bare = label.replace(/[\s\u3000]/g, '');
  return LABELS.find(([w]) => w === bare)![1];
};

/** Whether a line starts with a header label. */
export const isHeaderLine = (line: string): boolean => LABEL_AT_START.test(line);

/** The label/value pairs of a header line (one or several), or undefined when the line is not a header line. */
export function splitHeaderLine(line: string): HeaderEntry[] | undefined {
  if (!isHeaderLine(line)) return undefined;
  const re = new RegExp(LABEL_SOURCE, 'g');
  const hits = [...line.matchAll(re)];
  return hits.map((m, k) => {
    const end = k + 1 < hits.length ? hits[k + 1]!.index : line.length;
    const label = m[1]!.trim();
    // 发布时间:2026-05-08 10:00 来源:示例部网站 — the value runs up to the next label.
    return { label, field: fieldOf(label), value: line.slice(m.index + m[0].length, end).trim() };
  });
}

const TITLE_END = /(\u610f\u89c1|\u901a\u77e5|\u65b9\u6848|\u529e\u6cd5|\u89c4\u5b9a|\u89c4\u5212|\u51b3\u5b9a|\u7eb2\u8981|\u8ba1\u5212|\u63aa\u65bd|\u7ec6\u5219|\u6761\u4f8b|\u8981\u70b9|\u6307\u5357|\u6279\u590d)$/;
const NUMBERED = /^([\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]+\u3001|[(\uff08]|\u7b2c|[0-9\uff10-\uff19]+[.\uff0e\u3001])/;

/**
 * Whether `line` is the value of a label that had none on its own line (the flattened layout). Values are checked
 * by what they look like, so that the document's own first lines (its title, its addressee) are never taken for
 * an empty label's value. `afterBlank`: a blank line stands between the label and this line.
 */
export function acceptsValue(field: HeaderField, line: string, afterBlank: boolean, title?: string): boolean {
  if (isHeaderLine(line) || /[\u3002\uff1b;]/.test(line)) return false;
  switch (field) {
    case 'index':
      return /^[0-9A-Za-z][0-9A-Za-z/\-_.]*$/.test(line);
    case 'written':
    case 'published':
      return /^(\d{4}|[\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d]{4})\s*[\u5e74\-./]/.test(line) && line.length <= 24;
    case 'number':
      return /\u53f7$/.test(line) && line.length <= 30;
    case 'title':
      return line.length <= 120 && !NUMBERED.test(line) && !/[:\uff1a]$/.test(line);
    case 'issuer':
      return line.length <= 60 && !NUMBERED.test(line) && !TITLE_END.test(line) && !/[:\uff1a]$/.test(line);
    default:
      // Free text (主题分类, 主题词, 来源): only right under its label, and never the document's title or first line.
      return !afterBlank && line.length <= 40 && !TITLE_END.test(line) && !NUMBERED.test(line) && !/[:\uff1a]$/.test(line) && line !== title;
  }
}

const CN_DIGIT: Record<string, number> = { '\u3007': 0, '\u96f6': 0, '\u4e00': 1, '\u4e8c': 2, '\u4e09': 3, '\u56db': 4, '\u4e94': 5, '\u516d': 6, '\u4e03': 7, '\u516b': 8, '\u4e5d': 9 };

/** 2025年08月21日, 2025年8月21日, 二〇二五年八月二十一日, 2025-08-21 10:00 → 2025-08-21; undefined when not a date. */
export function isoDate(s: string): string | undefined {
  const t = s.trim();
  const ascii = /^(\d{4})\s*[\u5e74\-./]\s*(\d{1,2})\s*[\u6708\-./]\s*(\d{1,2})\s*\u65e5?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  const ok = (y: number, m: number, d: number) => (m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${pad(m)}-${pad(d)}` : undefined);
  if (ascii) return ok(Number(ascii[1]), Number(ascii[2]), Number(ascii[3]));
  const cn = /^([\u3007\u96f6\u4e00-\u9fff]{4})\u5e74([\u4e00-\u9fff]{1,3})\u6708([\u4e00-\u9fff]{1,3})\u65e5$/.exec(t);
  if (!cn) return undefined;
  const year = [...cn[1]!].map((c) => CN_DIGIT[c]);
  if (year.some((d) => d === undefined)) return undefined;
  const small = (x: string): number | undefined => {
    if (x === '\u5341') return 10;
    const m = /^([\u4e00-\u4e5d\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b]?)(\u5341?)([\u4e00-\u4e5d\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b]?)$/.exec(x);
    if (!m) return undefined;
    const tens = m[2] ? (m[1] ? CN_DIGIT[m[1]] : 1) : 0;
    const units = m[2] ? (m[3] ? CN_DIGIT[m[3]] : 0) : m[1] ? CN_DIGIT[m[1]] : undefined;
    return tens === undefined || units === undefined ? undefined : tens * 10 + units;
  };
  const m = small(cn[2]!);
  const d = small(cn[3]!);
  return m === undefined || d === undefined ? undefined : ok(Number(year.join('')), m, d);
}
