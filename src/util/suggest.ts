/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment); for "did you mean". With
 * `max`, gives up as soon as the distance must exceed it (returning max + 1): a suggestion needs only the near ones,
 * and thousands of mistakes against hundreds of names must not take seconds.
 */
export function distance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  let prev2 = new Uint32Array(cols);
  let prev = new Uint32Array(cols);
  let row = new Uint32Array(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[cols - 1]!;
}

/** The closest candidate to `input`, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  // No suggestion is further than this from what was typed (its limit below is at most a third of the longer word,
  // and the longer word is at most this much longer): candidates further off need not be measured exactly.
  const farthest = Math.max(2, Math.floor(needle.length / 2));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const hay = c.toLowerCase();
    let score = distance(needle, hay, Math.min(bestScore, farthest));
    if (needle.length >= 3 && hay.startsWith(needle)) score = Math.min(score, 1.5); // a prefix: "indus" → "industry"
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(needle.length, best.length) / 3));
  // A suggestion must keep something of what was typed: "de" is two edits from "zh" and from "en", and means neither.
  return bestScore <= farthest && bestScore <= limit && bestScore < needle.length ? best : undefined;
}

/** `did you mean "x"?`, or undefined when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/**
 * Words people write for a value: "english" means "en", "中文" means "zh". (The words for a document's group members
 * are the document's own: `aliases:` in its `taxonomy:`.)
 */
const ALIASES: Record<string, string> = {
  english: 'en', 英文: 'en', 英语: 'en', eng: 'en',
  chinese: 'zh', 中文: 'zh', 汉语: 'zh', cn: 'zh', 'zh-cn': 'zh', 'zh-hans': 'zh', zho: 'zh', chi: 'zh',
  both: 'bilingual', 双语: 'bilingual', 'zh-en': 'bilingual', 'en-zh': 'bilingual', 'zh+en': 'bilingual', 'en+zh': 'bilingual',
  中英: 'bilingual', 中英文: 'bilingual', 英中: 'bilingual', 中英双语: 'bilingual',
  zh_cn: 'zh', 'zh-hans-cn': 'zh', zh_hans: 'zh', 简体中文: 'zh', 'en-us': 'en', en_us: 'en', 'en-gb': 'en', en_gb: 'en',
};

function aliasOf(found: string, allowed: string[], extra?: ReadonlyMap<string, string>): string | undefined {
  const word = found.trim().toLowerCase();
  const a = extra?.get(word) ?? ALIASES[word];
  return a && allowed.includes(a) ? a : undefined;
}

/** The value of `allowed` meant by `found`: a known alias ("english" → "en") or the closest one. */
export function closestChoice(found: string, allowed: string[], aliases?: ReadonlyMap<string, string>): string | undefined {
  return closest(aliasOf(found, allowed, aliases) ?? found, allowed);
}

/** `did you mean "x"?` for a value that is not one of `allowed`. */
export function suggestChoice(found: string, allowed: string[], aliases?: ReadonlyMap<string, string>): string | undefined {
  const c = closestChoice(found, allowed, aliases);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}
