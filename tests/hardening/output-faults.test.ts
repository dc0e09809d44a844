/**
 * A full disk in the middle of a build, simulated: the messages must say exactly which outputs were replaced and
 * which kept (they once said "the previous outputs are untouched" after three of four files had been replaced).
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

/**
 * Which file-system calls fail: the n-th temp file written or the n-th rename into place (1-based; 0: none), in the
 * output folder (`dir`) only: the build's cache writes its entries the same way, and they are not counted.
 */
const fault = vi.hoisted(() => ({ write: 0, rename: 0, writes: 0, renames: 0, dir: '\0' }));
const inOut = (file: unknown) => String(file).startsWith(fault.dir) && String(file).endsWith('.tmp');
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof fs.writeFile = async (file, ...rest) => {
    if (inOut(file) && ++fault.writes === fault.write) throw enospc();
    return fs.writeFile(file, ...rest);
  };
  const copyFile: typeof fs.copyFile = async (from, to, ...rest) => {
    if (inOut(to) && ++fault.writes === fault.write) throw enospc();
    return fs.copyFile(from, to, ...rest);
  };
  const rename: typeof fs.rename = async (from, to) => {
    if (inOut(from) && ++fault.renames === fault.rename) throw enospc();
    return fs.rename(from, to);
  };
  return { ...fs, default: { ...fs, writeFile, copyFile, rename }, writeFile, copyFile, rename };
});

const { main } = await import('../../src/cli/main.js');

/** Every file of the folder with its bytes. */
async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of (await readdir(dir, { recursive: true })).map(String)) {
    if ((await lstat(path.join(dir, f))).isFile()) out.set(f, await readFile(path.join(dir, f), 'latin1'));
  }
  return out;
}

let out: string;
const run = async (title: string) => {
  const err: string[] = [];
  const code = await main(['build', 'specs/governance-safety.yaml', '--out', out, '--title', title], { out: () => {}, err: (l) => err.push(l) });
  return { code, stderr: err.join('\n') };
};

beforeAll(async () => {
  out = await tempDir('enospc');
  fault.dir = `${out}${path.sep}`;
  expect((await run('First')).code).toBe(0);
});
beforeEach(() => Object.assign(fault, { write: 0, rename: 0, writes: 0, renames: 0 }));

describe('a full disk during a build', () => {
  it('while the files are written: exit 1, nothing replaced, and the message says so', async () => {
    const before = await files(out);
    fault.write = 2; // fonts.css, deck.html and brief.html are written (the other assets are unchanged copies)
    const r = await run('Second');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write the output to ${out} (ENOSPC)`);
    expect(r.stderr).toMatch(/nothing in .* was replaced: the earlier outputs are untouched/);
    expect(await files(out)).toEqual(before);
  });

  it('while they are renamed into place: the message names exactly the files replaced and those kept', async () => {
    const before = await files(out);
    fault.rename = 3; // assets first (fonts.css), then one page; the other page and the manifest are not renamed
    const r = await run('Third');
    expect(r.code).toBe(1);
    const after = await files(out);
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f));
    // One page was renamed before the failure, the other not (whichever came first).
    expect(changed).toHaveLength(1);
    const page = changed[0]!;
    expect(['deck.html', 'brief.html']).toContain(page);
    const other = page === 'deck.html' ? 'brief.html' : 'deck.html';
    expect(r.stderr).toContain(`written to ${out}: ${page} and 1 file in assets/; kept as they were: ${other}`);
    expect(r.stderr).not.toMatch(/untouched/);
    expect([...after.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
