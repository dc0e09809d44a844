/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment); for "did you mean". */
export function distance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/** The closest candidate to `input`, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const hay = c.toLowerCase();
    let score = distance(needle, hay);
    if (needle.length >= 3 && hay.startsWith(needle)) score = Math.min(score, 1.5); // a prefix: "indus" → "industry"
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(needle.length, best.length) / 3));
  // A suggestion must keep something of what was typed: "de" is two edits from "zh" and from "en", and means neither.
  return bestScore <= limit && bestScore < needle.length ? best : undefined;
}

/** `did you mean "x"?`, or undefined when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const c = closest(input, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/** Words people write for a value: "english" means "en", "中文" means "zh", "security" means the support "safety". */
const ALIASES: Record<string, string> = {
  english: 'en', 英文: 'en', 英语: 'en', eng: 'en',
  chinese: 'zh', 中文: 'zh', 汉语: 'zh', cn: 'zh', 'zh-cn': 'zh', 'zh-hans': 'zh', zho: 'zh', chi: 'zh',
  both: 'bilingual', 双语: 'bilingual', 'zh-en': 'bilingual', 'en-zh': 'bilingual', 'zh+en': 'bilingual', 'en+zh': 'bilingual',
  中英: 'bilingual', 中英文: 'bilingual', 英中: 'bilingual', 中英双语: 'bilingual',
  zh_cn: 'zh', 'zh-hans-cn': 'zh', zh_hans: 'zh', 简体中文: 'zh', 'en-us': 'en', en_us: 'en', 'en-gb': 'en', en_gb: 'en',
  // 安全 is translated both ways: the support is "safety".
  security: 'safety', 'ai-safety': 'safety', opensource: 'open-source', 'open source': 'open-source',
};

function aliasOf(found: string, allowed: string[]): string | undefined {
  const a = ALIASES[found.trim().toLowerCase()];
  return a && allowed.includes(a) ? a : undefined;
}

/** The value of `allowed` meant by `found`: a known alias ("english" → "en") or the closest one. */
export function closestChoice(found: string, allowed: string[]): string | undefined {
  return closest(aliasOf(found, allowed) ?? found, allowed);
}

/** `did you mean "x"?` for a value that is not one of `allowed`. */
export function suggestChoice(found: string, allowed: string[]): string | undefined {
  const c = closestChoice(found, allowed);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}
