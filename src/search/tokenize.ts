/**
 * Search terms for Chinese and English text, with where each came from (to mark matches in a line).
 *
 * Chinese is not written with spaces, so a run of Han characters is indexed as its single characters and its
 * overlapping pairs (bigrams): 智能网联汽车 gives 智, 能, 网, …, 智能, 能网, 网联, 联汽, 汽车, so the query 汽车 (one
 * bigram) finds it, and a longer query (all of its bigrams) finds the phrase. Other letters and digits form words,
 * folded to lower case and to a simple singular (vehicles → vehicle, policies → policy). Full-width forms are
 * folded to their usual ones (ＡＩ → ai). Pure.
 */

export interface Token {
  term: string;
  /** UTF-16 offsets into the text the token was read from. */
  start: number;
  end: number;
  cjk: boolean;
}

/** A word of a query: a Latin word (one term) or a run of Chinese characters (its bigrams, or itself if one). */
export interface QueryWord {
  /** As the user typed it, folded: "vehicles", "汽车". */
  text: string;
  cjk: boolean;
  /** The index terms it needs: ["vehicle"]; ["汽车"]; ["智能", "能网", "网联"]. */
  terms: string[];
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;
const APOSTROPHE = /['’]/;

/** One character folded for matching: NFKC (full-width → ASCII), lower case. May be empty or longer than one. */
const fold = (ch: string): string => ch.normalize('NFKC').toLowerCase();

/** A light English stemmer: plurals and possessives only, so a word still reads as itself. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '').replace(/['’]$/, '');
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Words too common to search for on their own. They stay in the index; a query drops them unless it has nothing else. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the this to was were will with'.split(' '),
);

interface Run {
  text: string;
  start: number;
  end: number;
  cjk: boolean;
  /** Offsets of each character of `text` in the original. */
  starts: number[];
  ends: number[];
}

/** The text split into runs of Han characters and runs of other letters/digits, folded, with their offsets. */
function runs(text: string): Run[] {
  const out: Run[] = [];
  let cur: Run | undefined;
  const chars = [...text];
  let at = 0;
  for (let i = 0; i < chars.length; i++) {
    const raw = chars[i]!;
    const start = at;
    at += raw.length;
    const f = fold(raw);
    const cjk = HAN.test(f);
    const word = !cjk && f.length > 0 && [...f].every((c) => WORD.test(c));
    // An apostrophe between letters stays in the word: China's, people’s.
    const inner = !cjk && !word && APOSTROPHE.test(raw) && cur && !cur.cjk && i + 1 < chars.length && WORD.test(fold(chars[i + 1]!)) && !HAN.test(chars[i + 1]!);
    if (!cjk && !word && !inner) {
      cur = undefined;
      continue;
    }
    if (!cur || cur.cjk !== cjk) {
      cur = { text: '', start, end: start, cjk, starts: [], ends: [] };
      out.push(cur);
    }
    for (const c of inner ? "'" : f) {
      cur.text += c;
      cur.starts.push(start);
      cur.ends.push(at);
    }
    cur.end = at;
  }
  return out;
}

/** The index terms of a text, with their offsets: Latin words (stemmed), Han unigrams and bigrams. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const r of runs(text)) {
    if (!r.cjk) {
      out.push({ term: stem(r.text), start: r.start, end: r.end, cjk: false });
      continue;
    }
    const chars = [...r.text];
    for (let i = 0; i < chars.length; i++) {
      out.push({ term: chars[i]!, start: r.starts[i]!, end: r.ends[i]!, cjk: true });
      if (i + 1 < chars.length) out.push({ term: chars[i]! + chars[i + 1]!, start: r.starts[i]!, end: r.ends[i + 1]!, cjk: true });
    }
  }
  return out;
}

/** The terms alone, for the index. */
export const indexTerms = (text: string): string[] => tokenize(text).map((t) => t.term);

/** Han bigrams of a run, or the run itself when it is one character. */
const cjkTerms = (run: string): string[] => {
  const chars = [...run];
  if (chars.length < 2) return chars;
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]!);
};

/** The words of a query. Stopwords are dropped unless nothing else is left ("the" alone still searches). */
export function queryWords(query: string): QueryWord[] {
  const all: QueryWord[] = runs(query).map((r) => (r.cjk ? { text: r.text, cjk: true, terms: cjkTerms(r.text) } : { text: r.text, cjk: false, terms: [stem(r.text)] }));
  const kept = all.filter((w) => w.cjk || !STOPWORDS.has(w.text));
  const words = kept.length ? kept : all;
  // The same word twice counts once.
  const seen = new Set<string>();
  return words.filter((w) => !seen.has(w.terms.join(' ')) && seen.add(w.terms.join(' ')));
}

/** Whether a query term matches an indexed one. Latin terms of four letters or more also match as a prefix. */
export const prefixable = (term: string): boolean => term.length >= 4 && !HAN.test(term);
export const termMatches = (indexed: string, query: string): boolean => indexed === query || (prefixable(query) && indexed.startsWith(query) && !HAN.test(indexed));

/** Whether a query is mostly Chinese: then it is searched in the Chinese text. */
export const isChineseQuery = (query: string): boolean => HAN.test(query);
