/** The tests' own helpers, and the rules that keep the tests from copying them or leaving folders behind. */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { cli } from '../helpers/cli.js';
import { tempFolders } from '../helpers/tmp.js';

const TESTS = path.join(PROJECT_ROOT, 'tests');
const testFiles = async (): Promise<{ rel: string; text: string }[]> => {
  const names = (await readdir(TESTS, { recursive: true })).filter((n) => n.endsWith('.test.ts')).sort();
  return Promise.all(names.map(async (rel) => ({ rel, text: await readFile(path.join(TESTS, rel), 'utf8') })));
};

const made: string[] = [];
describe('tempFolders', () => {
  const tempDir = tempFolders();
  it('gives a new, empty folder in the system temp folder, named briefing-<name>-…, each time', async () => {
    const a = await tempDir('helpers');
    const b = await tempDir('helpers');
    made.push(a, b);
    expect(a).not.toBe(b);
    for (const d of [a, b]) {
      expect(path.dirname(d)).toBe(os.tmpdir());
      expect(path.basename(d)).toMatch(/^briefing-helpers-\w{6}$/);
      expect(await readdir(d)).toEqual([]);
    }
    await writeFile(path.join(a, 'left.txt'), 'x');
  });
});

describe('after the tests that made them', () => {
  it('the folders are gone, with what was left in them', async () => {
    expect(made).toHaveLength(2);
    for (const d of made) await expect(stat(d)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('cli', () => {
  it('runs the CLI in this process: exit code, stdout and stderr', async () => {
    const ok = await cli('list', '--lang', 'en');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('targets');
    const bad = await cli('build', 'specs/no-such-spec.yaml');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no-such-spec.yaml');
  });
});

describe('the test files', () => {
  it('make their temp folders with tempFolders (removed after them), never by hand in the system temp folder', async () => {
    const byHand = (await testFiles()).filter((f) => /mkdtemp\(\s*path\.join\(\s*(os\.)?tmpdir\(\)/.test(f.text)).map((f) => f.rel);
    expect(byHand).toEqual([]);
  });

  it('run the CLI in-process through tests/helpers/cli.ts, not a copy of it', async () => {
    const copy = /const out: string\[\] = \[\];\s*const err: string\[\] = \[\];\s*const code = await main\(args,/;
    expect((await testFiles()).filter((f) => copy.test(f.text)).map((f) => f.rel)).toEqual([]);
  });
});
