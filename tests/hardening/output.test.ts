/**
 * Builds and their output folder: links inside it, names from spec files, folders of the project, two builds at once.
 * (The writer's own rules are unit-tested in tests/unit/output.test.ts.)
 */
import { lstat, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { main } from '../../src/cli/main.js';
import { UserError } from '../../src/errors.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { outWithAssetsLink } from '../helpers/output.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const tmp = () => tempDir('out');
const collect = () => {
  const err: string[] = [];
  return { io: { out: () => {}, err: (l: string) => err.push(l) }, text: () => err.join('\n') };
};
const exists = (p: string) => lstat(p).then(() => true, () => false);
/** What a path is, to see that it did not change: undefined when there is nothing there. */
const stampOf = (p: string) => lstat(p).then((s) => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs }), () => undefined);
const titleOf = async (file: string) => /<title>([^<]*)<\/title>/.exec(await readFile(file, 'utf8'))?.[1];

describe('the output folder of a build', () => {
  it('an assets link inside the output folder pointing elsewhere is never followed: exit 2, naming it; its target untouched', async () => {
    const { out, elsewhere } = await outWithAssetsLink(await tmp());
    const c = collect();
    expect(await main(['build', 'specs/governance-safety.yaml', '--out', out], c.io)).toBe(2);
    expect(c.text()).toContain(`symbolic link in the output folder: ${path.join(out, 'assets')}`);
    expect(await readdir(elsewhere)).toEqual(['deck.css']);
    expect(await readFile(path.join(elsewhere, 'deck.css'), 'utf8')).toBe('precious');
    expect(await readdir(out)).toEqual(['assets']);
  });

  it('a spec named "...yaml" builds into out/spec, never into the project folder', async () => {
    const dir = await tmp();
    const spec = path.join(dir, '...yaml');
    await writeFile(spec, 'title: T\nsections: [targets]\n');
    const c = collect();
    try {
      expect(await main(['build', spec], c.io), c.text()).toBe(0);
      expect(await exists(path.join(PROJECT_ROOT, 'out', 'spec', 'deck.html'))).toBe(true);
      expect(await exists(path.join(PROJECT_ROOT, 'deck.html'))).toBe(false);
      expect(await exists(path.join(PROJECT_ROOT, 'assets'))).toBe(false);
    } finally {
      await rm(path.join(PROJECT_ROOT, 'out', 'spec'), { recursive: true, force: true });
    }
  });

  it.each([['content'], ['themes/neutral'], ['templates/x'], ['.'], ['..']])('--out %s: refused with exit 2, nothing written there', async (rel) => {
    const target = path.resolve(PROJECT_ROOT, rel);
    const before = await readdir(path.dirname(target));
    const themeBefore = await readdir(path.join(PROJECT_ROOT, 'themes', 'neutral'));
    // What stands at <target>/deck.html (nothing, or a file of the machine's when the clone sits right in /tmp and
    // --out .. is /tmp): it must stay as it was.
    const deck = path.join(target, 'deck.html');
    const deckBefore = await stampOf(deck);
    const c = collect();
    expect(await main(['build', 'specs/governance-safety.yaml', '--out', target], c.io)).toBe(2);
    expect(c.text()).toMatch(/refusing to build into .*: it (is|is inside|contains) (the|the project)/);
    expect(await readdir(path.dirname(target))).toEqual(before);
    expect(await readdir(path.join(PROJECT_ROOT, 'themes', 'neutral'))).toEqual(themeBefore);
    expect(await stampOf(deck)).toEqual(deckBefore);
    if (rel !== '..') expect(deckBefore).toBeUndefined();
  });

  it('serve --out templates/x is refused before anything is made or watched there', async () => {
    const { serve } = await import('../../src/serve/index.js');
    const out = path.join(PROJECT_ROOT, 'templates', 'x');
    const c = collect();
    await expect(serve({ build: { spec: 'specs/governance-safety.yaml', out }, host: '127.0.0.1', port: 0, open: false }, c.io)).rejects.toBeInstanceOf(UserError);
    expect(await exists(out)).toBe(false);
  });

  it('two builds into one folder at once: the second waits, and the folder holds one spec\'s set', async () => {
    const out = path.join(await tmp(), 'out');
    const c = collect();
    const specs = ['specs/governance-safety.yaml', 'specs/board-industry-compute.yaml'];
    const results = await Promise.all(specs.map((spec) => build({ spec, out }, c.io)));
    expect(results.map((r) => r.outDir)).toEqual([out, out]);
    expect(c.text()).toMatch(/waiting: another build \(process \d+, since .*\) is writing/);
    const [deck, brief] = [await titleOf(path.join(out, 'deck.html')), await titleOf(path.join(out, 'brief.html'))];
    expect(deck).toBeTruthy();
    expect(brief).toBe(deck);
    // Every file the pages name is there; no lock, no temp file left.
    for (const page of ['deck.html', 'brief.html']) {
      for (const m of (await readFile(path.join(out, page), 'utf8')).matchAll(/(?:href|src)="(assets\/[^"]+)"/g)) expect((await stat(path.join(out, m[1]!))).size).toBeGreaterThan(0);
    }
    const left = (await readdir(out, { recursive: true })).map(String);
    expect(left.filter((f) => f.endsWith('.tmp') || f.includes('.briefing.lock'))).toEqual([]);
  }, 60_000);
});
