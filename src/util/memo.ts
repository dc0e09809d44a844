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

/**
 * `make`'s result, made on the first call and kept: for what costs time to make and is not always needed (zod schemas
 * take milliseconds of a build's start; a build that reads checked cache entries needs none of them).
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
