import type { Corpus, Section } from './types.js';

/**
 * The corpus is a tree: each section's `parent` names the section it belongs to. The loader refuses a parent chain
 * that goes round in a circle (a section that is its own parent, a → b → a, an area whose parent is one of its items)
 * or that is deeper than MAX_DEPTH, so every walk up or down the tree ends, and ends soon. The walks here are loops,
 * never recursion, and stop at MAX_DEPTH even on a corpus that did not come from the loader.
 */
export const MAX_DEPTH = 32;

interface Node {
  id: string;
  parent?: string | undefined;
}

/**
 * Every cycle of parent links, each as its ids in parent order with the first repeated at the end ([a, b, a]),
 * starting at the member that comes first in `sections`. Each cycle once; linear time, no recursion.
 */
export function parentCycles<T extends Node>(sections: readonly T[], byId: ReadonlyMap<string, T>): string[][] {
  const order = new Map(sections.map((s, i) => [s.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const start of sections) {
    const path: T[] = [];
    let cur: T | undefined = start;
    while (cur && !state.has(cur.id)) {
      state.set(cur.id, 'open');
      path.push(cur);
      cur = cur.parent !== undefined ? byId.get(cur.parent) : undefined;
    }
    if (cur && state.get(cur.id) === 'open') {
      const ring = path.slice(path.indexOf(cur)).map((s) => s.id);
      const first = ring.reduce((best, id, i) => ((order.get(id) ?? 0) < (order.get(ring[best]!) ?? 0) ? i : best), 0);
      const rotated = [...ring.slice(first), ...ring.slice(0, first)];
      cycles.push([...rotated, rotated[0]!]);
    }
    for (const s of path) state.set(s.id, 'done');
  }
  return cycles;
}

/**
 * The depth of each section (0 for one without a parent): each computed once, from the nearest ancestor whose depth
 * is known. A section on a cycle, or under one, gets none.
 */
export function depths<T extends Node>(sections: readonly T[], byId: ReadonlyMap<string, T>): Map<string, number> {
  const depth = new Map<string, number>();
  for (const id of parentCycles(sections, byId).flat()) depth.set(id, Number.NaN);
  for (const start of sections) {
    const path: T[] = [];
    const onPath = new Set<string>();
    let cur: T | undefined = start;
    let base = -1;
    while (cur) {
      const known = depth.get(cur.id);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(cur.id)) {
        base = Number.NaN; // cannot happen after parentCycles; kept so this loop ends whatever it is given
        break;
      }
      path.push(cur);
      onPath.add(cur.id);
      cur = cur.parent !== undefined ? byId.get(cur.parent) : undefined;
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!.id, base + path.length - i);
  }
  for (const [id, d] of depth) if (Number.isNaN(d)) depth.delete(id);
  return depth;
}

/** The section's ancestors, nearest first; at most MAX_DEPTH of them, and each once, whatever the corpus. */
export function ancestors(corpus: Pick<Corpus, 'byId'>, section: Section): Section[] {
  const out: Section[] = [];
  const seen = new Set<string>([section.id]);
  let cur = section.parent !== undefined ? corpus.byId.get(section.parent) : undefined;
  while (cur && !seen.has(cur.id) && out.length < MAX_DEPTH) {
    out.push(cur);
    seen.add(cur.id);
    cur = cur.parent !== undefined ? corpus.byId.get(cur.parent) : undefined;
  }
  return out;
}
