/**
 * Signals, with the real CLI in a child process: Ctrl-C (SIGINT) ends with 130 and SIGTERM with 143, for build and
 * for serve/compose; an interrupted export leaves no browser profile folder behind in the temporary folder.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const ENTRY = ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests', 'helpers', 'cli-entry.ts')];

/** Run the CLI with its own TMPDIR; `when(stderrSoFar, child)` may act on it while it runs. */
function runCli(args: string[], tmp: string, when: (stderr: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    const seen = (d: Buffer) => {
      stderr += d.toString();
      when(stderr, child);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const profiles = async (tmp: string) => (await readdir(tmp)).filter((f) => f.startsWith('puppeteer_dev_'));

describe('an interrupted export', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: exit ${code}, no browser profile left in the temporary folder`, async () => {
      const tmp = await tempDir('tmpdir');
      const out = await tempDir('signal-out');
      let sent = false;
      let before: string[] = [];
      const r = await runCli(['build', 'specs/governance-safety.yaml', '--out', out, '--pdf'], tmp, (stderr, child) => {
        if (!sent && /pdf: (deck|brief)\.pdf: printing/.test(stderr)) {
          sent = true;
          void profiles(tmp).then((p) => {
            before = p;
            child.kill(signal);
          });
        }
      });
      expect(sent, r.stderr).toBe(true);
      expect(before.length, 'the export had a profile folder when interrupted').toBe(1);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toContain(`interrupted (${signal})`);
      expect(await profiles(tmp)).toEqual([]);
    }, 120_000);
  }
});

describe('serve and compose', () => {
  for (const command of ['serve', 'compose']) {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      it(`${command}: ${signal} ends it with ${code}`, async () => {
        const tmp = await tempDir('tmpdir');
        const args = command === 'serve' ? ['serve', 'specs/governance-safety.yaml', '--out', path.join(tmp, 'out')] : ['compose', path.join(tmp, 'new.yaml')];
        let sent = false;
        const r = await runCli([...args, '--no-open'], tmp, (stderr, child) => {
          if (!sent && /Ctrl-C to stop/.test(stderr)) {
            sent = true;
            child.kill(signal);
          }
        });
        expect(sent, r.stderr).toBe(true);
        expect(r.code, r.stderr).toBe(code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      }, 120_000);
    }
  }
});
