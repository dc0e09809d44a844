import { BriefingFailure } from '../errors.js';

/** A file-system error while writing output → a failure that names the folder and says what to do. */
export function rethrowWrite(err: unknown, outDir: string): never {
  const code = (err as NodeJS.ErrnoException).code;
  const hints: Record<string, string> = {
    EACCES: 'the output folder is not writable: choose another with --out, or fix its permissions',
    EPERM: 'the output folder is not writable: choose another with --out, or fix its permissions',
    EROFS: 'the output folder is on a read-only file system: choose another with --out',
    ENOSPC: 'the disk is full: free some space; the previous outputs are untouched',
    ENOTDIR: 'a file stands where a folder is needed: choose another --out',
    EEXIST: 'a file stands where a folder is needed: choose another --out',
    ENOENT: 'the output folder cannot be created there: choose another --out',
  };
  if (code && code in hints) {
    throw new BriefingFailure(`cannot write the output to ${outDir} (${code})`, hints[code], { cause: err });
  }
  throw err;
}
