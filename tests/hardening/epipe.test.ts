/** A closed output stream (`briefing list | head -1`, a closed terminal) ends the CLI quietly, not with a stack trace. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

const ENTRY = ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests', 'helpers', 'cli-entry.ts')];

/** Run the CLI with stdout or stderr closed by the reader before anything is written. */
function runClosed(args: string[], closed: 'stdout' | 'stderr'): Promise<{ code: number | null; signal: string | null; other: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed]!.destroy();
    let other = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout']!.on('data', (d: Buffer) => (other += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, other }));
  });
}

describe('closed output streams', () => {
  it('briefing list | head -1: one line, no stack trace, exit 0', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const sh = spawn('sh', ['-c', `"${process.execPath}" ${ENTRY.map((a) => `"${a}"`).join(' ')} list --lang zh | head -1; exit $(( $? ))`], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      sh.stdout.on('data', (d: Buffer) => (out += d.toString()));
      sh.stderr.on('data', (d: Buffer) => (err += d.toString()));
      sh.on('exit', (code) => resolve({ code, out, err }));
    });
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('stdout closed before the listing: quiet, exit 0', async () => {
    for (const args of [['list'], ['list', '--quotes'], ['--help']]) {
      const r = await runClosed(args, 'stdout');
      expect(r.other, args.join(' ')).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(r.code, args.join(' ')).toBe(0);
    }
  }, 60_000);

  it('stderr closed: a bad spec still exits 2 (no crash on the error message)', async () => {
    const r = await runClosed(['validate', 'specs/no-such-spec.yaml'], 'stderr');
    expect(r.code).toBe(2);
    expect(r.other).toBe('');
  }, 60_000);
});
