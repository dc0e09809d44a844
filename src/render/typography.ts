/**
 * Chinese typography at display time. The sources (and so the corpus, which keeps them verbatim) often use half-width
 * punctuation inside Chinese text: `进程,探索`, `目标:到2027年`. Official documents print full-width marks; this turns
 * the half-width ones that stand in Chinese text into their full-width forms and leaves everything else alone:
 * numbers (`2027.5`, `1:2`, `1,000`), web addresses, Markdown link targets, code, and English inside Chinese
 * (`AI for Science, and`). Pure.
 */

/** Han characters, CJK punctuation (、。《》「」【】…) and full-width forms (，：（）…). */
const CJK = /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const FULL: Record<string, string> = { ',': '\uff0c', ':': '\uff1a', ';': '\uff1b', '!': '\uff01', '?': '\uff1f', '(': '\uff08', ')': '\uff09' };
/** Spans never touched: web addresses, inline code, the target of a Markdown link or image. */
const PROTECTED = /https?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c]+|www\.[^\s<>"'\u3000-\u303f\uff0c]+|`[^`\n]*`|\]\([^)\s]*\)/g;

const isCjk = (c: string | undefined): boolean => c !== undefined && CJK.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Full-width punctuation for the half-width marks that stand in Chinese text. */
export function fullWidthPunctuation(text: string): string {
  if (!/[,:;!?()]/.test(text) || !CJK.test(text)) return text;
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
  const chars = [...s];
  const out: string[] = [];
  /** Open brackets seen: whether each was made full-width, so that its partner matches it. */
  const open: boolean[] = [];
  const prevOf = () => out.at(-1) ?? before;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const full = FULL[c];
    if (!full) {
      out.push(c);
      continue;
    }
    const prev = prevOf();
    // The next character that is not a space: "目标: 到" is still Chinese.
    let j = i + 1;
    while (chars[j] === ' ') j++;
    const next = j < chars.length ? chars[j] : after;
    let make: boolean;
    if (c === '(') {
      const close = chars.indexOf(')', i + 1);
      const inner = close > 0 ? chars.slice(i + 1, close).join('') : '';
      make = prev !== ']' && (isCjk(prev) || isCjk(chars[i + 1]) || CJK.test(inner));
      open.push(make);
    } else if (c === ')') {
      make = open.length ? open.pop()! : isCjk(prev) || isCjk(next);
    } else if ((c === ',' || c === ':') && isDigit(prev) && isDigit(chars[i + 1])) {
      make = false; // 1,000 and 1:2
    } else if (c === ':' && chars[i + 1] === '/' && chars[i + 2] === '/') {
      make = false;
    } else {
      // "called 智能向善, which is": a Chinese word inside an English sentence keeps the English comma.
      const english = !isCjk(next) && j > i + 1 && /^[A-Za-z]+ +[A-Za-z]/.test(chars.slice(j, j + 40).join(''));
      make = (isCjk(prev) && !english) || isCjk(next);
    }
    if (!make) {
      out.push(c);
      continue;
    }
    out.push(full);
    // A full-width mark carries its own space: drop the spaces that followed the half-width one before Chinese.
    if (j > i + 1 && c !== '(' && isCjk(next)) i = j - 1;
  }
  // A space left before a full-width mark ("进程 ,探索") goes too.
  return out.join('').replace(/ +(?=[\uff0c\uff1a\uff1b\uff01\uff1f\uff09])/g, '');
}
