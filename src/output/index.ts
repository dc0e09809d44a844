/** The output folder: the only code that writes a build's outputs. */
import { removeTempFiles } from '../util/fs.js';
import { releaseLocksSync } from './lock.js';
import { interruptedOutputs } from './writer.js';

export { OutputWriter, writeFailure, type OutputFile, type OpenOptions } from './writer.js';
export { checkOutFolder, defaultOutDir, outFolderName, type ProjectFolders } from './folder.js';
export { LOCK_FILE, acquireLock, type LockInfo } from './lock.js';

/**
 * Ctrl-C during a build: remove the temp files being written, release the output folders' locks, and return what to
 * say about the outputs (exactly what was replaced, or that nothing was). Synchronous: safe in a signal handler.
 */
export function interruptOutputs(): { removed: number; outcome: string } {
  const outcome = interruptedOutputs();
  const removed = removeTempFiles();
  releaseLocksSync();
  return { removed, outcome };
}
