import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPage } from '../output/writer.js';

/** What a build's output file was: its size and time, and for a file written again, a hash of its bytes. */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
  sha1?: string;
}

/** Files larger than this are told apart by size and time only (the build copies them: a copy keeps its time). */
const HASH_LIMIT = 4 << 20;

export interface OutputChanges {
  fingerprints: Map<string, Fingerprint>;
  /** The pages (deck.html, brief.html…) whose bytes changed since `before`. */
  pages: string[];
  /** Every other file that changed, was added or went (the manifest aside: no page loads it). */
  assets: string[];
}

/**
 * What a rebuild changed in the output folder, for the live pages: which pages to update, and whether any file they
 * load changed (then they reload whole). Files copied unchanged keep their size and time; files written again
 * (pages, fonts.css) are compared by content. Without `before` (the first build) everything counts as changed.
 */
export async function outputChanges(root: string, files: readonly string[], before?: ReadonlyMap<string, Fingerprint>): Promise<OutputChanges> {
  const fingerprints = new Map<string, Fingerprint>();
  await Promise.all(
    [...new Set(files)].map(async (rel) => {
      const file = path.join(root, ...rel.split('/'));
      const st = await stat(file).catch(() => undefined);
      if (!st) return;
      const old = before?.get(rel);
      if (old && old.size === st.size && old.mtimeMs === st.mtimeMs) {
        fingerprints.set(rel, old);
        return;
      }
      const sha1 = st.size <= HASH_LIMIT ? createHash('sha1').update(await readFile(file)).digest('hex') : undefined;
      fingerprints.set(rel, { size: st.size, mtimeMs: st.mtimeMs, ...(sha1 ? { sha1 } : {}) });
    }),
  );
  const changed = (rel: string) => {
    const a = before?.get(rel);
    const b = fingerprints.get(rel);
    if (!a || !b) return true;
    if (a === b) return false;
    return a.sha1 === undefined || b.sha1 === undefined || a.sha1 !== b.sha1;
  };
  const names = [...new Set([...fingerprints.keys(), ...(before?.keys() ?? [])])].filter((n) => n !== 'manifest.json').sort();
  return {
    fingerprints,
    pages: names.filter((n) => isPage(n) && changed(n)),
    assets: names.filter((n) => !isPage(n) && changed(n)),
  };
}
