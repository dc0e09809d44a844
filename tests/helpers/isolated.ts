import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT as ROOT } from '../../src/paths.js';

/** The absolute path of a source module, for an isolated script's imports. */
export const sourceModule = (rel: string): string => JSON.stringify(path.join(ROOT, rel));

/**
 * Code that could block the event loop (a synchronous open of a FIFO, were it to wait for a writer) run in a child
 * process with a time limit, so that the test fails instead of hanging the run with it. `script` is the body of an ES
 * module (it imports the sources by absolute path, see sourceModule; tsx loads them) that prints its result as JSON
 * on its last line. The child has this process's environment.
 */
export function isolated<T>(script: string, timeoutMs = 30_000): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  if (r.error || r.status !== 0) throw new Error(`the isolated script failed (${r.error ? r.error.message : `exit ${r.status}, signal ${r.signal}`}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as T;
}
