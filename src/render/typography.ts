/**
 * Chinese typography at display time. The sources (and so the corpus, which keeps them verbatim) often use half-width
 * punctuation inside Chinese text: `进程,探索`, `目标:到2027年`. Official documents print full-width marks; this turns
 * the half-width ones that stand in Chinese text into their full-width forms and leaves everything else alone:
 * numbers (`2027.5`, `1:2`, `1,000`), web addresses, Markdown link targets, code, and English inside Chinese
 * (`AI for Science, and`). Pure.
 *
 * One pass over each string, linear in its length: the text between two half-width marks is copied in one piece, and
 * what a mark needs to know about the text after it (the next `)`, whether Chinese stands before it) is found by
 * tables made once per stretch. A build shows the same strings more than once (the deck and the brief, a title in the
 * agenda and on its slide), so results are remembered too.
 */
import { remembered } from '../util/memo.js';

/** Han characters, CJK punctuation (、。《》「」【】…) and full-width forms (，：（）…). */
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const FULL: Record<string, string> = { ',': '\uff0c', ':': '\uff1a', ';': '\uff1b', '!': '\uff01', '?': '\uff1f', '(': '\uff08', ')': '\uff09' };
/** Spans never touched: web addresses, inline code, the target of a Markdown link or image. */
const PROTECTED = /https?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c]+|www\.[^\s<>"'\u3000-\u303f\uff0c]+|`[^`\n]*`|\]\([^)\s]*\)/g;
/** What a stretch's pass stops at: a half-width mark, or spaces before a full-width one (they go). */
const STOP = /[,:;!?()]| +[\uff0c\uff1a\uff1b\uff01\uff1f\uff09]/g;
/** "called 智能向善, which is": English words after the mark (looked for within 40 characters). */
const ENGLISH = /^[A-Za-z]+ +[A-Za-z]/;

/** The same code point ranges as CJK, by UTF-16 code unit (none of them are surrogates). */
const cjkCode = (c: number): boolean =>
  (c >= 0x2e80 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
const isCjk = (c: string | undefined): boolean => c !== undefined && c !== '' && cjkCode(c.charCodeAt(c.length - 1));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Full-width punctuation for the half-width marks that stand in Chinese text. */
export function fullWidthPunctuation(text: string): string {
  if (!/[,:;!?()]/.test(text) || !CJK.test(text)) return text;
  return converted(text);
}

// Results remembered (a build shows the same texts in the deck, the brief and the notes).
const converted = remembered((text) => convertText(text), 20_000);

function convertText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PROTECTED)) {
    out += convert(text.slice(last, m.index), out.at(-1), m[0][0]);
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + convert(text.slice(last), out.at(-1), undefined);
}

/** One unprotected stretch; `before` / `after` are the characters around it, for context. */
function convert(s: string, before: string | undefined, after: string | undefined): string {
  const n = s.length;
  // Made on the first '(' only: where the next ')' is, and how many Chinese characters come before each position.
  let nextClose: Int32Array | undefined;
  let cjkBefore: Int32Array | undefined;
  const tables = () => {
    nextClose = new Int32Array(n + 1);
    cjkBefore = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) cjkBefore[k + 1] = cjkBefore[k]! + (cjkCode(s.charCodeAt(k)) ? 1 : 0);
    nextClose[n] = -1;
    for (let k = n - 1; k >= 0; k--) nextClose[k] = s[k] === ')' ? k : nextClose[k + 1]!;
  };
  let out = '';
  /** The last character put out (its last code unit), or `before` at the start. */
  let prev = before;
  /** Open brackets seen: whether each was made full-width, so that its partner matches it. */
  const open: boolean[] = [];
  /** Where the text not yet copied starts. */
  let from = 0;
  const emit = (upTo: number, mark: string) => {
    out += s.slice(from, upTo) + mark;
    prev = mark;
  };
  STOP.lastIndex = 0;
  for (let m = STOP.exec(s); m; m = STOP.exec(s)) {
    let i = m.index;
    if (m[0].length > 1) {
      // Spaces before a full-width mark ("进程 ，探索"): dropped; the mark itself is copied with the text after it.
      out += s.slice(from, i);
      from = i + m[0].length - 1;
      STOP.lastIndex = from;
      continue;
    }
    const c = m[0];
    if (i > from) prev = s[i - 1];
    // The next character that is not a space: "目标: 到" is still Chinese.
    let j = i + 1;
    while (s.charCodeAt(j) === 0x20) j++;
    const next = j < n ? s[j] : after;
    let make: boolean;
    if (c === '(') {
      if (!nextClose) tables();
      const close = nextClose![i + 1]!;
      make = prev !== ']' && (isCjk(prev) || isCjk(s[i + 1]) || (close > 0 && cjkBefore![close]! - cjkBefore![i + 1]! > 0));
      open.push(make);
    } else if (c === ')') {
      make = open.length ? open.pop()! : isCjk(prev) || isCjk(next);
    } else if ((c === ',' || c === ':') && isDigit(prev) && isDigit(s[i + 1])) {
      make = false; // 1,000 and 1:2
    } else if (c === ':' && s[i + 1] === '/' && s[i + 2] === '/') {
      make = false;
    } else {
      // "called 智能向善, which is": a Chinese word inside an English sentence keeps the English comma.
      const english = !isCjk(next) && j > i + 1 && ENGLISH.test(s.slice(j, j + 40));
      make = (isCjk(prev) && !english) || isCjk(next);
    }
    if (!make) {
      emit(i, c);
      from = i + 1;
      continue;
    }
    const full = FULL[c]!;
    // A space left before a full-width mark ("进程 ,探索") goes too.
    let upTo = i;
    if (c !== '(') while (upTo > from && s.charCodeAt(upTo - 1) === 0x20) upTo--;
    emit(upTo, full);
    from = i + 1;
    // A full-width mark carries its own space: drop the spaces that followed the half-width one before Chinese.
    if (j > i + 1 && c !== '(' && isCjk(next)) from = j;
    STOP.lastIndex = from;
  }
  return out + s.slice(from);
}
