/**
 * Bad and hostile specs through the real CLI: each ends in a message naming the file (and line where there is one),
 * exit code 2, no stack trace, and nothing written.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

async function run(name: string, content: string | Buffer) {
  const dir = await tempDir('matrix');
  const file = path.join(dir, name);
  await writeFile(file, content);
  const out = path.join(dir, 'out');
  const err: string[] = [];
  const t0 = performance.now();
  const code = await main(['build', file, '--out', out], { out: () => {}, err: (l) => err.push(l) });
  const written = await readdir(out).catch(() => [] as string[]);
  return { code, err: err.join('\n'), file, ms: performance.now() - t0, written };
}

const aliasBomb = () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const k = String.fromCharCode(97 + i);
    const prev = String.fromCharCode(96 + i);
    lines.push(`${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\ntitle: T\nsections: [targets]\n`;
};

const cases: { name: string; content: string | Buffer; line?: number; message: RegExp; hint?: RegExp }[] = [
  { name: 'empty file', content: '', line: 1, message: /the spec is empty/ },
  { name: 'not a mapping', content: '- targets\n- industry\n', line: 1, message: /must be a mapping/ },
  { name: 'a scalar', content: 'just words\n', line: 1, message: /must be a mapping/ },
  { name: 'wrong type for title', content: 'title: [a, b]\nsections: [targets]\n', line: 1, message: /wrong type for title/ },
  { name: 'wrong type for deck.agenda', content: 'title: T\nsections: [targets]\ndeck:\n  agenda: sometimes\n', line: 4, message: /wrong type for deck\.agenda/ },
  { name: 'unknown key', content: 'title: T\nsections: [targets]\nthem: neutral\n', line: 3, message: /unknown key "them"/, hint: /did you mean "theme"\?/ },
  { name: 'unknown id', content: 'title: T\nsections:\n  - industry-agricultre\n', line: 3, message: /unknown section id/, hint: /industry-agriculture/ },
  { name: 'unknown area', content: 'title: T\nsections:\n  - area: industy\n', line: 3, message: /unknown area "industy"/, hint: /"industry"/ },
  { name: 'unknown support', content: 'title: T\nsections:\n  - support: [compte]\n', line: 3, message: /unknown support "compte"/, hint: /"compute"/ },
  { name: 'unknown doc', content: 'title: T\nsections:\n  - doc: ai-plus-opinion\n', line: 3, message: /unknown document/, hint: /ai-plus-opinions/ },
  { name: 'unknown quote', content: 'title: T\nsections:\n  - quote: e-weinan-tech\n', line: 3, message: /unknown quote/ },
  { name: 'the same section twice', content: 'title: T\nsections:\n  - compute\n  - support: [compute]\n', line: 4, message: /selected twice/ },
  { name: 'theme escaping with ..', content: 'title: T\ntheme: ../../etc\nsections: [targets]\n', line: 2, message: /theme/ },
  { name: 'broken YAML', content: 'title: "unclosed\nsections: [targets]\n', message: /invalid YAML/ },
  { name: 'tabs for indentation', content: 'title: T\nsections:\n\t- targets\n', line: 3, message: /invalid YAML/ },
  { name: 'invalid UTF-8', content: Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xc3, 0x28, 0x0a]), message: /not valid UTF-8/ },
  { name: 'a 10 MB spec', content: `title: T\nsections: [targets]\n# ${'x'.repeat(10 * 2 ** 20)}\n`, message: /too large/ },
  { name: 'a YAML alias bomb', content: aliasBomb(), message: /invalid YAML/ },
];

describe('bad specs', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const r = await run('spec.yaml', c.content);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(r.file);
      if (c.line) expect(r.err).toContain(`${r.file}:${c.line}`);
      expect(r.err).toMatch(c.message);
      if (c.hint) expect(r.err).toMatch(c.hint);
      expect(r.err).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
      expect(r.written).toEqual([]);
      expect(r.ms).toBeLessThan(5000);
    });
  }

  it('a BOM, CRLF line ends and a title with Chinese all work', async () => {
    const r = await run('ok.yaml', '\uFEFFtitle: 人工智能+ 简报\r\nlanguage: zh\r\nsections:\r\n  - targets\r\n');
    expect(r.code, r.err).toBe(0);
    expect(r.written).toContain('deck.html');
  });
});
