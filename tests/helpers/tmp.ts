import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Temp folders for a test file: `const tempDir = tempFolders()` at the top of the file (or of a describe), then
 * `await tempDir('output')` gives a new, empty folder `<system temp>/briefing-output-XXXXXX`. Every one of them is
 * removed, with whatever the tests left in it, after the file's (or the describe's) tests.
 */
export function tempFolders(): (name: string) => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
  });
  return async (name) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `briefing-${name}-`));
    made.push(dir);
    return dir;
  };
}
