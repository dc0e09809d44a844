/**
 * Faults during a build, with the real CLI in a child process: the browser killed mid-export, Ctrl-C, an output
 * folder that cannot be written, two builds at once. Each leaves the previous outputs intact and no temp files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

/** The CLI entry, run from the sources like bin/briefing.js runs dist/. */
const ENTRY = ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests', 'helpers', 'cli-entry.ts')];
const tempFiles = async (dir: string) => (await readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.tmp'));

/** Run the CLI as a user would; `when(stderrSoFar, child)` may act on it while it runs. */
function runCli(args: string[], when?: (stderr: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      when?.(stderr, child);
    });
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const childPids = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

let out: string;
let good: { deck: Buffer; brief: Buffer };
beforeAll(async () => {
  out = await tempDir('faults');
  const first = await runCli(['build', 'specs/governance-safety.yaml', '--out', out, '--pdf']);
  expect(first.code, first.stderr).toBe(0);
  good = { deck: await readFile(path.join(out, 'deck.pdf')), brief: await readFile(path.join(out, 'brief.pdf')) };
}, 120_000);

const intact = async () => {
  expect((await readFile(path.join(out, 'deck.pdf'))).equals(good.deck)).toBe(true);
  expect((await readFile(path.join(out, 'brief.pdf'))).equals(good.brief)).toBe(true);
  expect(await tempFiles(out)).toEqual([]);
};

describe('faults', () => {
  it('the browser killed mid-export: exit 1 with a message, previous PDFs intact, no temp files', async () => {
    let killed = false;
    const r = await runCli(['build', 'specs/governance-safety.yaml', '--out', out, '--pdf', '--pdf-notes'], (stderr, child) => {
      if (!killed && /pdf: deck\.pdf: printing/.test(stderr)) {
        killed = true;
        for (const pid of childPids(child.pid!)) process.kill(pid, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: /);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/outputs: written to .*: brief\.html, deck\.html.*; kept as they were: deck\.pdf, brief\.pdf/);
    await intact();
  }, 120_000);

  it('Ctrl-C during a build: exit 130, previous outputs intact, no temp files, no browser left running', async () => {
    let sent = false;
    let browsers: number[] = [];
    const r = await runCli(['build', 'specs/governance-safety.yaml', '--out', out, '--pdf', '--pdf-notes'], (stderr, child) => {
      if (!sent && /pdf: (deck\.pdf: printing|handout)/.test(stderr)) {
        sent = true;
        browsers = childPids(child.pid!);
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted (SIGINT)');
    // Exactly what was replaced: this build's HTML was in place, its PDFs not yet.
    expect(r.stderr).toMatch(/written to .*: brief\.html, deck\.html(, manifest\.json)? and \d+ files? in assets\/; kept as they were: deck\.pdf, brief\.pdf/);
    expect(r.stderr).not.toMatch(/untouched/);
    await intact();
    await new Promise((res) => setTimeout(res, 500));
    // Gone, or a zombie waiting to be reaped (a container's init may never reap it): not running either way.
    const running = (pid: number) => {
      try {
        return !/^State:\s+Z/m.test(execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }));
      } catch {
        return false;
      }
    };
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) expect(running(pid), `browser ${pid} still running`).toBe(false);
  }, 120_000);

  it('an output folder that cannot be written: exit 1, a message naming it', async () => {
    const blocker = path.join(out, 'a-file');
    await writeFile(blocker, 'not a folder');
    const r = await runCli(['build', 'specs/governance-safety.yaml', '--out', path.join(blocker, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the output to');
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    const ro = await runCli(['build', 'specs/governance-safety.yaml', '--out', '/proc/briefing-cannot-write']);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toContain('/proc/briefing-cannot-write');
  }, 60_000);
});

describe('concurrency', () => {
  it('two builds of different specs into the same out/ at once both succeed', async () => {
    const root = await tempDir('conc');
    const [a, b] = await Promise.all([
      runCli(['build', 'specs/governance-safety.yaml', '--out', path.join(root, 'governance-safety')]),
      runCli(['build', 'specs/board-industry-compute.yaml', '--out', path.join(root, 'board-industry-compute')]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect((await readdir(root)).sort()).toEqual(['board-industry-compute', 'governance-safety']);
  }, 60_000);

  it('the same spec twice at once ends with one complete output: every file the pages name is there', async () => {
    const dir = await tempDir('same');
    const runs = await Promise.all([0, 1].map(() => runCli(['build', 'specs/provincial-overview.yaml', '--out', dir])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    for (const page of ['deck.html', 'brief.html']) {
      const html = await readFile(path.join(dir, page), 'utf8');
      const refs = [...html.matchAll(/(?:href|src)="(assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(2);
      for (const ref of refs) expect((await stat(path.join(dir, ref))).size, ref).toBeGreaterThan(0);
    }
    const fontsCss = await readFile(path.join(dir, 'assets', 'fonts', 'fonts.css'), 'utf8');
    for (const m of fontsCss.matchAll(/url\(\.\/([^)]+)\)/g)) expect((await stat(path.join(dir, 'assets', 'fonts', m[1]!))).size).toBeGreaterThan(0);
    expect(await tempFiles(dir)).toEqual([]);
  }, 60_000);

  it('two processes building different specs into one folder at once: both wait, both exit 0, one spec\'s set', async () => {
    const dir = await tempDir('one-folder');
    // The folder is held (by this test process, alive) until both builds say they wait: then they must take turns.
    const lock = path.join(dir, '.briefing.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString(), token: 'test' }));
    const waiting = new Set<number>();
    const { rm } = await import('node:fs/promises');
    const runs = await Promise.all(
      ['specs/governance-safety.yaml', 'specs/board-industry-compute.yaml'].map((spec, i) =>
        runCli(['build', spec, '--out', dir], (stderr) => {
          if (!waiting.has(i) && /waiting: another build \(process \d+/.test(stderr)) {
            waiting.add(i);
            if (waiting.size === 2) void rm(lock);
          }
        }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(waiting.size).toBe(2);
    const title = async (page: string) => /<title>([^<]*)<\/title>/.exec(await readFile(path.join(dir, page), 'utf8'))?.[1];
    expect(await title('deck.html')).toBeTruthy();
    expect(await title('brief.html')).toBe(await title('deck.html'));
    expect((await readdir(dir)).filter((f) => f.startsWith('.briefing.lock') || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('two specs with the same file name do not share a default output folder', async () => {
    const dir = await tempDir('collide');
    const { mkdir, rm } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'a'));
    await mkdir(path.join(dir, 'b'));
    const spec = 'title: T\nsections: [targets]\n';
    await writeFile(path.join(dir, 'a', 'collide-test-spec.yaml'), spec);
    await writeFile(path.join(dir, 'b', 'collide-test-spec.yaml'), spec);
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l) };
    try {
      expect(await main(['build', path.join(dir, 'a', 'collide-test-spec.yaml')], io)).toBe(0);
      expect(await main(['build', path.join(dir, 'b', 'collide-test-spec.yaml')], io)).toBe(2);
      expect(err.join('\n')).toContain('belongs to another spec');
      expect(await main(['build', path.join(dir, 'a', 'collide-test-spec.yaml')], io)).toBe(0);
      // The owner moved away (a renamed project, a deleted spec): the folder is free for the other spec.
      await rm(path.join(dir, 'a'), { recursive: true });
      expect(await main(['build', path.join(dir, 'b', 'collide-test-spec.yaml')], io)).toBe(0);
    } finally {
      await rm(path.join(PROJECT_ROOT, 'out', 'collide-test-spec'), { recursive: true, force: true });
    }
  }, 60_000);
});
