import { lstatSync } from 'node:fs';
import path from 'node:path';

/** The top-level files a build may leave in its output folder: what "kept" lists when they were not replaced. */
export const KNOWN_OUTPUTS = ['deck.html', 'brief.html', 'handout.html', 'deck.pdf', 'brief.pdf', 'handout.pdf'];

/** "deck.html, brief.html and 40 files in assets/": top-level files by name, folders as counts. */
export function summarize(names: string[]): string {
  const top: string[] = [];
  const inDir = new Map<string, number>();
  for (const n of names) {
    const slash = n.indexOf('/');
    if (slash < 0) top.push(n);
    else inDir.set(n.slice(0, slash), (inDir.get(n.slice(0, slash)) ?? 0) + 1);
  }
  const parts = [...top, ...[...inDir].map(([d, k]) => `${k} file${k === 1 ? '' : 's'} in ${d}/`)];
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * What a build did to its output folder so far, exactly: which files it replaced and which earlier outputs it left
 * as they were. Synchronous (it is also said from a signal handler).
 */
export function outcome(root: string, replaced: string[], extra: string[] = []): string {
  // The folder's own bookkeeping (.briefing.json) is not an output.
  replaced = replaced.filter((n) => !n.startsWith('.'));
  const done = new Set(replaced);
  const kept = [...new Set([...KNOWN_OUTPUTS, ...extra])].filter((n) => !done.has(n) && !n.includes('/') && exists(path.join(root, n)));
  if (!replaced.length) return `nothing in ${root} was replaced: the earlier outputs are untouched`;
  const keptText = kept.length ? `; kept as they were: ${kept.join(', ')}` : '';
  return `written to ${root}: ${summarize(replaced)}${keptText}`;
}

const exists = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** What to do about a file-system error while writing outputs. */
export const WRITE_HINTS: Record<string, string> = {
  EACCES: 'the output folder is not writable: choose another with --out, or fix its permissions',
  EPERM: 'the output folder is not writable: choose another with --out, or fix its permissions',
  EROFS: 'the output folder is on a read-only file system: choose another with --out',
  ENOSPC: 'the disk is full: free some space',
  EDQUOT: 'the disk quota is used up: free some space',
  ENOTDIR: 'a file stands where a folder is needed: choose another --out',
  EEXIST: 'a file stands where a folder is needed: choose another --out',
  EISDIR: 'a folder stands where a file is needed: choose another --out',
  ENOENT: 'the output folder cannot be created there: choose another --out',
};
