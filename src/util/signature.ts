/**
 * A text that determines a value of plain data completely: two values with the same signature are alike to any code
 * that reads their own enumerable properties, in order (as the view functions and Handlebars do). It is what the
 * rendered-pages cache is keyed by (src/build/page-cache.ts), so it must never let two different values match:
 *
 * - every string and key is length-prefixed (a string with a lone surrogate escaped), every number, boolean, null and undefined tagged, so no two different
 *   sequences of values spell the same text;
 * - a property set to undefined differs from a missing one, -0 from 0, a Map or Set from an empty object;
 * - an object met again (corpus sections are shared by the slides, the groups and the lineage) is written as a
 *   reference to its first appearance, so shared data is walked once and a shared object differs from a copy;
 * - an object vouched for (vouchFor: a corpus's sections, named by the corpus's content hash) is written as the
 *   name it was given: what it holds is fixed by that name, and it is frozen, so it cannot change afterwards;
 * - anything else (a function, a symbol, a class instance, a Date, a typed array, an array with holes) has no signature: undefined, and the caller does
 *   without the cache.
 */
/** String.prototype.isWellFormed (Node 20 has it; the ES2023 library types do not). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Objects whose content a name determines (see vouchFor). */
const vouched = new WeakMap<object, string>();

/**
 * Name `value`'s content once and for all: the signature of anything that holds it writes `name` in its place. The
 * caller guarantees that no other content is ever given the same name (a hash of what it was made from); `value` is
 * frozen, all the way down, so that it cannot come to differ from what the name says. A value that holds something
 * that cannot be frozen (a Map, a class instance) is not vouched for: it is signed by its content, as any other.
 */
export function vouchFor(value: object, name: string): void {
  if (deepFreeze(value, new Set())) vouched.set(value, name);
}

/** Freeze an object and everything in it; false when it holds what freezing cannot fix (a Map, a Set, a typed array). */
function deepFreeze(value: object, seen: Set<object>): boolean {
  if (seen.has(value)) return true;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const a = value as unknown[];
    Object.freeze(a);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === 'object' && v !== null && !deepFreeze(v, seen)) return false;
    }
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  Object.freeze(value);
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null && !deepFreeze(v, seen)) return false;
  }
  return true;
}

/**
 * A string or key, length-prefixed. A lone surrogate would become U+FFFD when the signature is hashed as UTF-8: such
 * a text is written with it escaped (JSON.stringify escapes lone surrogates), under a tag of its own.
 */
const text = (tag: string, s: string): string => (wellFormed(s) ? `${tag}${s.length}:${s}` : `j${tag}${s.length}:${JSON.stringify(s)}`);

export function dataSignature(value: unknown): string | undefined {
  const seen = new Map<object, number>();
  const out: string[] = [];
  const walk = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
        out.push(text('s', v));
        return true;
      case 'number':
        out.push(Object.is(v, -0) ? 'n-0;' : `n${v};`);
        return true;
      case 'boolean':
        out.push(v ? 't' : 'f');
        return true;
      case 'undefined':
        out.push('u');
        return true;
      case 'object':
        break;
      default:
        return false;
    }
    if (v === null) {
      out.push('z');
      return true;
    }
    const ref = seen.get(v);
    if (ref !== undefined) {
      out.push(`r${ref};`);
      return true;
    }
    seen.set(v, seen.size);
    const name = vouched.get(v);
    if (name !== undefined) {
      out.push(`k${name.length}:${name}`);
      return true;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Array.prototype) {
      const a = v as unknown[];
      out.push(`[${a.length};`);
      for (let i = 0; i < a.length; i++) if (!(i in a) || !walk(a[i])) return false;
      return true;
    }
    if (proto === Map.prototype) {
      const m = v as Map<unknown, unknown>;
      out.push(`M${m.size};`);
      for (const [k, x] of m) if (!walk(k) || !walk(x)) return false;
      return true;
    }
    if (proto === Set.prototype) {
      const set = v as Set<unknown>;
      out.push(`S${set.size};`);
      for (const x of set) if (!walk(x)) return false;
      return true;
    }
    if (proto !== Object.prototype && proto !== null) return false;
    if (Object.getOwnPropertySymbols(v).length) return false;
    const keys = Object.keys(v);
    out.push(`{${keys.length};`);
    for (const k of keys) {
      out.push(text('', k));
      if (!walk((v as Record<string, unknown>)[k])) return false;
    }
    return true;
  };
  return walk(value) ? out.join('') : undefined;
}
