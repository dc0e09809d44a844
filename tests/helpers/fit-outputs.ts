import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { build } from '../../src/build.js';
import { BrowserSession } from '../../src/export/session.js';
import { silentIo } from '../../src/log.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { tempFolders } from './tmp.js';

export interface FitOutputs {
  /** One output folder per spec: every shipped spec, and the 52-article regulation of the large fixture. */
  readonly built: readonly { name: string; dir: string }[];
  /** The export's browser, started while the outputs were built. */
  readonly session: BrowserSession;
}

/**
 * For the fitting tests (deck and brief): builds every shipped spec and the large fixture's every-article spec in
 * beforeAll, with the export's browser starting meanwhile; the browser is closed and the folders removed after the
 * file's tests.
 */
export function fitOutputs(name: string): FitOutputs {
  const tempDir = tempFolders();
  const built: { name: string; dir: string }[] = [];
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    const tmp = await tempDir(name);
    const starting = BrowserSession.start();
    const specsDir = path.join(PROJECT_ROOT, 'specs');
    const fixtures = path.join(PROJECT_ROOT, 'tests', 'fixtures');
    const specs: { name: string; spec: string; content?: string }[] = (await readdir(specsDir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ name: f, spec: path.join(specsDir, f) }));
    specs.push({ name: 'every-article.yaml', spec: path.join(fixtures, 'large', 'every-article.yaml'), content: path.join(fixtures, 'corpus-large') });
    for (const s of specs) {
      const dir = path.join(tmp, s.name);
      await build({ spec: s.spec, out: dir, ...(s.content ? { content: s.content } : {}) }, silentIo);
      built.push({ name: s.name, dir });
    }
    session = await starting;
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });
  return {
    built,
    get session() {
      if (!session) throw new Error('fitOutputs: the browser is not started yet (use it inside a test)');
      return session;
    },
  };
}
