/** The output writer: confinement to its folder, symbolic links, folder rules, the lock, honest outcomes. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BriefingFailure, UserError } from '../../src/errors.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { processStart } from '../../src/output/lock.js';
import { acquireLock, checkOutFolder, defaultOutDir, interruptOutputs, LOCK_FILE, OutputWriter, outFolderName } from '../../src/output/index.js';
import { outWithAssetsLink } from '../helpers/output.js';
import { isolated, sourceModule } from '../helpers/isolated.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const tmp = () => tempDir('output');

/** Every file under `dir` with its content (links as "-> target"), for before/after comparisons. */
async function snapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // By hand, not readdir's recursive mode: links are listed, never followed.
  for (const name of await readdir(path.join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const p = path.join(dir, rel);
    const st = await lstat(p);
    if (st.isSymbolicLink()) out[rel] = `-> ${await readlink(p)}`;
    else if (st.isFile()) out[rel] = await readFile(p, 'utf8');
    else {
      out[rel] = '<dir>';
      Object.assign(out, await snapshot(dir, rel));
    }
  }
  return out;
}

const rejection = async (p: Promise<unknown>): Promise<unknown> => p.then(() => { throw new Error('expected a rejection'); }, (err: unknown) => err);

describe('output folder names', () => {
  it('never gives ".", "..", an empty or hidden name, or a path', () => {
    expect(outFolderName('..')).toBe('spec');
    expect(outFolderName('.')).toBe('spec');
    expect(outFolderName('')).toBe('spec');
    expect(outFolderName('.hidden')).toBe('hidden');
    expect(outFolderName('a/b\\c')).toBe('a-b-c');
    expect(outFolderName('board\u0000x')).toBe('board-x');
    expect(outFolderName('董事会')).toBe('董事会');
    expect(outFolderName('board-industry')).toBe('board-industry');
  });

  it('a spec named "...yaml" builds into out/spec, not out/.. (the project)', () => {
    expect(defaultOutDir('/x/...yaml')).toBe(path.join(PROJECT_ROOT, 'out', 'spec'));
    expect(defaultOutDir('/x/.yaml')).toBe(path.join(PROJECT_ROOT, 'out', 'spec'));
    expect(defaultOutDir('specs/board.yaml')).toBe(path.join(PROJECT_ROOT, 'out', 'board'));
  });
});

describe('output folder rules', () => {
  const refused = async (dir: string, why: RegExp) => {
    const err = await rejection(checkOutFolder(dir));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(why);
  };
  it('refuses the project, the folders it reads or is made of, and any folder inside them', async () => {
    await refused(PROJECT_ROOT, /the project's own folder/);
    await refused(path.join(PROJECT_ROOT, 'content'), /is the content folder/);
    await refused(path.join(PROJECT_ROOT, 'themes', 'neutral'), /is inside the themes folder/);
    await refused(path.join(PROJECT_ROOT, 'templates', 'x'), /is inside the templates folder/);
    await refused(path.join(PROJECT_ROOT, 'src'), /src folder/);
    await refused(path.join(PROJECT_ROOT, 'node_modules', 'x'), /node_modules folder/);
    await refused(path.join(PROJECT_ROOT, '.git'), /\.git folder/);
  });

  it('refuses a folder that contains the project (a build there could write beside it; serve would serve it)', async () => {
    await refused(path.dirname(PROJECT_ROOT), /contains the project/);
    await refused('/', /contains the project/);
  });

  it('refuses a link to a protected folder, and a folder containing a corpus given elsewhere', async () => {
    const dir = await tmp();
    await symlink(path.join(PROJECT_ROOT, 'content'), path.join(dir, 'link'));
    await refused(path.join(dir, 'link', 'sub'), /inside the content folder/);
    await mkdir(path.join(dir, 'corpus'));
    const err = await rejection(checkOutFolder(dir, { content: path.join(dir, 'corpus') }));
    expect((err as UserError).message).toMatch(/contains the content folder/);
  });

  it('accepts out/<name> and a new folder elsewhere', async () => {
    await expect(checkOutFolder(path.join(PROJECT_ROOT, 'out', 'x'))).resolves.toBe(path.join(await import('node:fs/promises').then((f) => f.realpath(PROJECT_ROOT)), 'out', 'x'));
    const dir = await tmp();
    await expect(checkOutFolder(path.join(dir, 'new', 'deeper'))).resolves.toContain('deeper');
  });
});

describe('the output writer', () => {
  it('never writes through an assets link pointing elsewhere: it refuses, naming the link, and the target is untouched', async () => {
    const { out, elsewhere } = await outWithAssetsLink(await tmp());
    const w = await OutputWriter.open(out);
    try {
      const err = await rejection(w.write([{ to: 'assets/deck.css', content: 'x' }, { to: 'assets/new.js', content: 'y' }, { to: 'deck.html', content: 'z' }]));
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toContain(`symbolic link in the output folder: ${path.join(out, 'assets')}`);
    } finally {
      await w.close();
    }
    expect(await snapshot(elsewhere)).toEqual({ 'deck.css': 'precious' });
    // Nothing of the set was written: not even deck.html, which is outside the link.
    expect((await readdir(out)).sort()).toEqual(['assets']);
  });

  it('replaces a link standing where a file goes, without writing its target', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'target.txt'), 'precious');
    const out = path.join(dir, 'out');
    await mkdir(out);
    await symlink(path.join(dir, 'target.txt'), path.join(out, 'deck.html'));
    const w = await OutputWriter.open(out);
    await w.write([{ to: 'deck.html', content: 'new' }]);
    await w.close();
    expect(await readFile(path.join(dir, 'target.txt'), 'utf8')).toBe('precious');
    expect((await lstat(path.join(out, 'deck.html'))).isFile()).toBe(true);
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toBe('new');
  });

  it('refuses paths that leave the folder', async () => {
    const out = path.join(await tmp(), 'out');
    const w = await OutputWriter.open(out);
    try {
      for (const to of ['../x', 'a/../../x', '/etc/x', 'a//b', './a', '']) {
        const err = await rejection(w.write([{ to, content: 'x' }]));
        expect(err, to).toBeInstanceOf(UserError);
      }
    } finally {
      await w.close();
    }
  });

  it('a failure while writing (a folder in the way) replaces nothing, and says so', async () => {
    const out = path.join(await tmp(), 'out');
    const w0 = await OutputWriter.open(out);
    await w0.write([{ to: 'assets/a.css', content: 'old a' }, { to: 'deck.html', content: 'old deck' }, { to: 'brief.html', content: 'old brief' }, { to: 'deck.pdf', content: 'old pdf' }]);
    await w0.close();
    const before = await snapshot(out);
    // A folder where a file must go: staging fails, nothing is replaced.
    await mkdir(path.join(out, 'assets', 'b.css'));
    const w = await OutputWriter.open(out);
    const err = await rejection(w.write([{ to: 'assets/a.css', content: 'new a' }, { to: 'assets/b.css', content: 'new b' }, { to: 'deck.html', content: 'new deck' }]));
    await w.close();
    expect(err).toBeInstanceOf(BriefingFailure);
    expect((err as BriefingFailure).hint).toContain('was replaced: the earlier outputs are untouched');
    expect(await snapshot(out)).toEqual({ ...before, 'assets/b.css': '<dir>' });
  });

  it('the outcome lists what was replaced and what was kept', async () => {
    const out = path.join(await tmp(), 'out');
    const w0 = await OutputWriter.open(out);
    await w0.write([{ to: 'deck.pdf', content: 'old' }, { to: 'brief.pdf', content: 'old' }, { to: 'deck.html', content: 'old' }]);
    await w0.close();
    const w = await OutputWriter.open(out);
    await w.write([{ to: 'assets/a.css', content: 'a' }, { to: 'assets/b.css', content: 'b' }, { to: 'deck.html', content: 'new' }]);
    await w.stage([{ to: 'deck.pdf', content: 'new' }]);
    expect(w.outcome()).toBe(`written to ${w.root}: deck.html and 2 files in assets/; kept as they were: deck.pdf, brief.pdf`);
    await w.close();
    expect(await readFile(path.join(out, 'deck.pdf'), 'utf8')).toBe('old');
  });

  it('commits by name within assets, pages and the manifest, whatever order the files were staged in', async () => {
    const out = path.join(await tmp(), 'out');
    const w = await OutputWriter.open(out);
    try {
      for (const to of ['manifest.json', 'deck.html', 'handout.html', 'brief.html', 'assets/z.css', 'assets/a.css']) await w.stage([{ to, content: to }]);
      expect(await w.commit()).toEqual(['assets/a.css', 'assets/z.css', 'brief.html', 'deck.html', 'handout.html', 'manifest.json']);
      expect(w.replaced).toEqual(['assets/a.css', 'assets/z.css', 'brief.html', 'deck.html', 'handout.html', 'manifest.json']);
      expect(w.outcome()).toBe(`written to ${w.root}: brief.html, deck.html, handout.html, manifest.json and 2 files in assets/`);
    } finally {
      await w.close();
    }
  });

  it('Ctrl-C: temp files removed, lock released, and the message says exactly what was replaced', async () => {
    const out = path.join(await tmp(), 'out');
    const w0 = await OutputWriter.open(out);
    await w0.write([{ to: 'deck.html', content: 'old' }, { to: 'deck.pdf', content: 'old' }]);
    await w0.close();
    const w = await OutputWriter.open(out);
    await w.write([{ to: 'deck.html', content: 'new' }, { to: 'brief.html', content: 'new' }]);
    await w.stage([{ to: 'deck.pdf', content: 'new' }]);
    const { removed, outcome } = interruptOutputs();
    expect(removed).toBe(1);
    expect(outcome).toBe(`written to ${w.root}: brief.html and deck.html; kept as they were: deck.pdf`);
    expect((await readdir(out)).sort()).toEqual(['brief.html', 'deck.html', 'deck.pdf']);
    expect(await readFile(path.join(out, 'deck.pdf'), 'utf8')).toBe('old');
    await w.close();
    expect(interruptOutputs().outcome).toMatch(/untouched/);
  });
});

describe('the output folder lock', () => {
  it('a second writer waits until the first is done: the folder holds one build\'s set, never a mix', async () => {
    const out = path.join(await tmp(), 'out');
    const a = await OutputWriter.open(out);
    let waited = false;
    const bOpen = OutputWriter.open(out, { pollMs: 10, onWait: () => (waited = true) });
    let bHas = false;
    void bOpen.then(() => (bHas = true));
    await a.write([{ to: 'deck.html', content: 'A' }]);
    // b has found the folder locked (however long a busy machine takes to get there), and is still waiting.
    for (let i = 0; i < 500 && !waited; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(waited).toBe(true);
    expect(bHas).toBe(false);
    await a.write([{ to: 'brief.html', content: 'A' }]);
    await a.close();
    const b = await bOpen;
    await b.write([{ to: 'deck.html', content: 'B' }, { to: 'brief.html', content: 'B' }]);
    await b.close();
    expect([await readFile(path.join(out, 'deck.html'), 'utf8'), await readFile(path.join(out, 'brief.html'), 'utf8')]).toEqual(['B', 'B']);
    expect(await readdir(out)).not.toContain(LOCK_FILE);
  });

  it('waits a bounded time, then fails naming the holder', async () => {
    const out = await tmp();
    const a = await acquireLock(out);
    const err = await rejection(acquireLock(out, { waitMs: 150, pollMs: 20 }));
    await a.release();
    expect(err).toBeInstanceOf(BriefingFailure);
    expect((err as BriefingFailure).message).toContain(`is busy: another build is writing it (process ${process.pid} on ${os.hostname()}`);
    expect((err as BriefingFailure).hint).toContain(LOCK_FILE);
  });

  it('takes over the lock of a process that died', async () => {
    const out = await tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    await writeFile(path.join(out, LOCK_FILE), JSON.stringify({ pid, host: os.hostname(), started: '2026-01-01T00:00:00Z', token: 'old' }));
    const lock = await acquireLock(out, { waitMs: 0 });
    expect(lock.tookOver?.pid).toBe(pid);
    expect(JSON.parse(await readFile(path.join(out, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(out)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('records when its process started; a live pid that started at another time is a reused pid: taken over', async () => {
    const out = await tmp();
    const file = path.join(out, LOCK_FILE);
    const own = await acquireLock(out);
    expect(own.info.pidStart).toBe(processStart(process.pid));
    expect(JSON.parse(await readFile(file, 'utf8')).pidStart).toMatch(/^[0-9a-f-]*\/\d+$/);
    await own.release();
    // A process that runs all through the test: its pid is alive.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      const start = processStart(pid);
      expect(start).toBeDefined();
      const holder = { pid, host: os.hostname(), started: '2026-01-01T00:00:00Z', token: 'old' };
      // Its own start time: a live build, waited for.
      await writeFile(file, JSON.stringify({ ...holder, pidStart: start }));
      const err = await rejection(acquireLock(out, { waitMs: 50, pollMs: 10 }));
      expect((err as BriefingFailure).message).toContain(`process ${pid} on`);
      // Another start time: the build that wrote it died and its pid went to this process.
      await writeFile(file, JSON.stringify({ ...holder, pidStart: `${start}0` }));
      const lock = await acquireLock(out, { waitMs: 0 });
      expect(lock.tookOver?.pid).toBe(pid);
      await lock.release();
      expect(await readdir(out)).toEqual([]);
    } finally {
      child.kill();
    }
  });
});

describe('the output folder lock (damaged)', () => {
  it('a FIFO, a folder or a link in place of the lock file: refused at once, naming it, and left as it is', async () => {
    for (const [kind, make] of [
      ['a named pipe', (f: string) => execFileSync('mkfifo', [f])],
      ['a folder', (f: string) => mkdirSync(f)],
      ['a symbolic link', (f: string) => symlinkSync('/nonexistent-target', f)],
    ] as const) {
      const out = await tmp();
      const file = path.join(out, LOCK_FILE);
      make(file);
      // In a child process with a time limit: the lock is read synchronously, and an open that waited for a writer
      // would hang this one. (A minute's wait allowed: refused at once, not after the wait.)
      const err = isolated<{ name: string; message: string; hint: string }>(
        `import { acquireLock } from ${sourceModule('src/output/lock.ts')};
         try { await acquireLock(${JSON.stringify(out)}, { waitMs: 60000, pollMs: 10 }); console.log('{}'); }
         catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, hint: e.hint })); }`,
        20_000,
      );
      expect(err.name, kind).toBe('BriefingFailure');
      expect(err.message).toBe(`the output folder ${out} holds a ${LOCK_FILE} that is not a lock file (${kind})`);
      expect(err.hint).toContain(file);
      expect(lstatSync(file).isFile(), kind).toBe(false);
    }
  });

  it('an empty lock file left long ago is taken over; a fresh one is waited for', async () => {
    const out = await tmp();
    const file = path.join(out, LOCK_FILE);
    await writeFile(file, '');
    const err = await rejection(acquireLock(out, { waitMs: 50, pollMs: 10 }));
    expect((err as BriefingFailure).message).toContain('an unreadable lock');
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    const lock = await acquireLock(out, { waitMs: 0 });
    await lock.release();
    expect(await readdir(out)).toEqual([]);
  });
});

describe('confinement (property)', () => {
  const SEGMENTS = ['assets', 'a', 'b', 'fonts', 'x.css', 'deck.html'];
  type Entry = { at: string[]; kind: 'dir' | 'file' | 'link'; to: string };
  const entry = fc.record({
    at: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }),
    kind: fc.constantFrom('dir', 'file', 'link'),
    // Where a link points: outside (a folder, a file), the root, up, inside, nowhere.
    to: fc.constantFrom('OUTSIDE', 'OUTSIDE/f.txt', '..', '../..', '.', 'a', '/', 'missing', 'OUTSIDE/deep'),
  }) as fc.Arbitrary<Entry>;
  const files = fc.array(fc.record({ to: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((p) => p.join('/')), content: fc.constantFrom('1', '22') }), { minLength: 1, maxLength: 8 });

  it('whatever links stand in the output folder, nothing is ever written outside it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), files, async (layout, toWrite) => {
        const dir = await tmp();
        const outside = path.join(dir, 'outside');
        await mkdir(path.join(outside, 'deep'), { recursive: true });
        await writeFile(path.join(outside, 'f.txt'), 'precious');
        const out = path.join(dir, 'out');
        await mkdir(out);
        for (const e of layout) {
          const p = path.join(out, ...e.at);
          try {
            await mkdir(path.dirname(p), { recursive: true });
            if (e.kind === 'dir') await mkdir(p);
            else if (e.kind === 'file') await writeFile(p, 'old');
            else await symlink(e.to.startsWith('OUTSIDE') ? path.join(outside, e.to.slice('OUTSIDE'.length)) : e.to, p);
          } catch {
            /* the layout has something else there already */
          }
        }
        const before = await snapshot(outside);
        const w = await OutputWriter.open(out);
        try {
          await w.write(toWrite);
        } catch (err) {
          // Refusals are typed; never a raw crash.
          expect(err instanceof UserError || err instanceof BriefingFailure, String(err)).toBe(true);
        } finally {
          await w.close();
        }
        expect(await snapshot(outside)).toEqual(before);
        // No temp file left behind anywhere.
        expect(Object.keys(await snapshot(dir).catch(() => ({})))).not.toContainEqual(expect.stringMatching(/\.tmp$/));
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });
});
