/**
 * The line of a section that best shows why it matched, with the matches marked. Pure.
 */
import { termMatches, tokenize, type QueryWord } from './tokenize.js';

export type LineField = 'title' | 'points' | 'text' | 'keys';

export interface Snippet {
  field: LineField;
  /** The line, shortened around its first match when long (with … where cut). */
  text: string;
  /** [start, end) UTF-16 offsets into `text` of the matched words, in order, not overlapping. */
  marks: Array<[number, number]>;
}

export interface CandidateLine {
  field: LineField;
  text: string;
}

/** Markdown text as plain lines of one sentence each (。!?; or ". "), markup removed. */
export function sentences(markdown: string): string[] {
  const out: string[] = [];
  for (const raw of markdown.split(/\n+/)) {
    const line = raw
      .replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__|`|(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu, '')
      .trim();
    if (!line || line === ':::' || /^:::\s*\w+$/.test(line)) continue;
    for (const s of line.split(/(?<=[。!?;!?;])|(?<=[.!?;])\s+(?=[\p{Lu}\p{N}“"(])/u)) if (s.trim()) out.push(s.trim());
  }
  return out;
}

/** How well a line matches the query (each word: 1 if found, ½ if only its bigrams are, scattered) and where. */
export function matchLine(text: string, words: QueryWord[]): { score: number; marks: Array<[number, number]> } {
  const tokens = tokenize(text);
  const spans: Array<[number, number]> = [];
  let score = 0;
  for (const w of words) {
    if (!w.cjk) {
      const hit = tokens.filter((t) => !t.cjk && termMatches(t.term, w.terms[0]!));
      // The word itself counts more than a longer word it begins (data: "data" over "datasets").
      if (hit.length) score += hit.some((t) => t.term === w.terms[0]) ? 1 : 0.75;
      spans.push(...hit.map((t): [number, number] => [t.start, t.end]));
      continue;
    }
    // A Chinese word: its characters in a row; else its bigrams wherever they are.
    const chars = [...w.text];
    const uni = tokens.filter((t) => t.cjk && [...t.term].length === 1);
    const whole: Array<[number, number]> = [];
    for (let i = 0; i + chars.length <= uni.length; i++) {
      let ok = true;
      for (let j = 0; j < chars.length && ok; j++) ok = uni[i + j]!.term === chars[j] && (j === 0 || uni[i + j]!.start === uni[i + j - 1]!.end);
      if (ok) whole.push([uni[i]!.start, uni[i + chars.length - 1]!.end]);
    }
    if (whole.length) {
      score += 1;
      spans.push(...whole);
      continue;
    }
    const bi = tokens.filter((t) => t.cjk && w.terms.includes(t.term));
    if (bi.length && w.terms.every((term) => bi.some((t) => t.term === term))) score += 0.5;
    spans.push(...bi.map((t): [number, number] => [t.start, t.end]));
  }
  return { score, marks: merge(spans, text) };
}

/** Overlapping spans as one; so are spans with only spaces or hyphens between them ("connected vehicles"). */
function merge(spans: Array<[number, number]>, text: string): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && (s[0] <= last[1] || /^[\s\-‐–]+$/.test(text.slice(last[1], s[0])))) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** Field order on a tie: a point or a sentence says more than the title, which is printed anyway. */
const PREFER: Record<LineField, number> = { points: 3, text: 2, title: 1, keys: 0 };

/** The best matching line of the candidates (or undefined when none matches), shortened to about `width` characters. */
export function bestLine(candidates: CandidateLine[], words: QueryWord[], width: number): Snippet | undefined {
  let best: { c: CandidateLine; score: number; marks: Array<[number, number]> } | undefined;
  for (const c of candidates) {
    const m = matchLine(c.text, words);
    if (!m.marks.length) continue;
    if (!best || m.score > best.score || (m.score === best.score && PREFER[c.field] > PREFER[best.c.field])) best = { c, ...m };
  }
  if (!best) return undefined;
  return { field: best.c.field, ...shorten(best.c.text, best.marks, width) };
}

/** A window of about `width` characters around the first mark; marks moved to the new offsets. */
export function shorten(text: string, marks: Array<[number, number]>, width: number): { text: string; marks: Array<[number, number]> } {
  if (text.length <= width || !marks.length) return { text, marks };
  const first = marks[0]!;
  let start = Math.max(0, Math.min(first[0] - Math.floor(width / 4), text.length - width));
  let end = Math.min(text.length, start + width);
  // Cut at a space in Latin text, never inside a surrogate pair.
  if (start > 0) {
    const sp = text.lastIndexOf(' ', first[0]);
    if (sp >= start - 12 && sp < first[0]) start = sp + 1;
    if (/[\uDC00-\uDFFF]/.test(text[start]!)) start++;
  }
  if (end < text.length) {
    const sp = text.indexOf(' ', end - 12);
    if (sp > Math.max(first[1], start) && sp <= end) end = sp;
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
  }
  while (start < first[0] && text[start] === ' ') start++;
  while (end > first[1] && text[end - 1] === ' ') end--;
  const pre = start > 0 ? '…' : '';
  const post = end < text.length ? '…' : '';
  const shift = pre.length - start;
  const kept = marks.filter(([s, e]) => s >= start && e <= end).map(([s, e]): [number, number] => [s + shift, e + shift]);
  return { text: pre + text.slice(start, end) + post, marks: kept };
}
