/**
 * A pure function's results remembered by their string argument, at most `size` of them (then forgotten all at
 * once: `serve` builds again and again in one process, so the memory stays bounded).
 */
export function remembered(fn: (text: string) => string, size: number): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let done = memo.get(text);
    if (done === undefined) {
      done = fn(text);
      if (memo.size >= size) memo.clear();
      memo.set(text, done);
    }
    return done;
  };
}
