import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A cache folder of its own for each test: before each, BRIEFING_CACHE_DIR is `<a new temp folder>/cache` (not made
 * yet) and BRIEFING_NO_CACHE unset; after each, both are as they were. `tempDir` is the file's tempFolders().
 */
export function testCache(tempDir: (name: string) => Promise<string>, name: string): { readonly root: string; readonly dir: string } {
  const saved = { dir: process.env.BRIEFING_CACHE_DIR, off: process.env.BRIEFING_NO_CACHE };
  let root = '';
  beforeEach(async () => {
    root = await tempDir(name);
    process.env.BRIEFING_CACHE_DIR = path.join(root, 'cache');
    delete process.env.BRIEFING_NO_CACHE;
  });
  afterEach(() => {
    for (const [key, value] of [['BRIEFING_CACHE_DIR', saved.dir], ['BRIEFING_NO_CACHE', saved.off]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return {
    get root() {
      return root;
    },
    get dir() {
      return path.join(root, 'cache');
    },
  };
}
