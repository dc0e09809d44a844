import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.js';
import { AREAS, SUPPORTS } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

async function specFile(text: string): Promise<string> {
  const dir = await tempDir('cli');
  const f = path.join(dir, 'spec.yaml');
  await writeFile(f, text);
  return f;
}

describe('briefing list', () => {
  it('shows the six areas with their items and the eight supports, in English or Chinese', async () => {
    const en = await cli('list');
    expect(en.code).toBe(0);
    for (const key of [...AREAS, ...SUPPORTS]) expect(en.out).toMatch(new RegExp(`^  ${key}\\s`, 'm'));
    expect(en.out).toMatch(/3\. industry-agriculture\s+Part II \(2\) 3/);
    expect(en.out).toContain('targets');
    const zh = await cli('list', '--lang', 'zh');
    expect(zh.out).toContain('加快农业数智化转型升级');
    expect(zh.out).toContain('国发〔2025〕11号');
  });

  it('columns line up by display width, in English and Chinese, even with long ids', async () => {
    const { width } = await import('../../src/cli/columns.js');
    for (const lang of ['en', 'zh']) {
      const r = await cli('list', '--lang', lang);
      const rows = r.out.split('\n').filter((l) => /^ {2}(\S| {4}\d+\. )/.test(l) && !/^ {2}\S.*:$/.test(l));
      // Where the third column (the title) starts: the same display column on every row that has one.
      const starts = new Set(
        rows
          .map((l) => /^(\s*(?:\d+\. )?\S+\s{2,}\S.*?\s{2,})\S/.exec(l)?.[1])
          .filter((p): p is string => !!p)
          .map((p) => width(p)),
      );
      expect([...starts], lang).toHaveLength(1);
      expect(r.out).toMatch(/science-social-sciences\s{2,}(Part II \(1\) 3|二\(一\)3)\s{2,}\S/);
    }
  });

  it('--quotes lists quotes by speaker with their ids', async () => {
    const r = await cli('list', '--quotes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^E Weinan — Academician, Chinese Academy of Sciences$/m);
    expect(r.out).toContain('e-weinan-tech-revolution');
    const zh = await cli('list', '--quotes', '--lang', 'zh');
    expect(zh.out).toContain('鄂维南');
  });
});

describe('help', () => {
  it('examples name shipped specs that exist', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    // Read the examples from the source: --help wraps long lines, which would hide a wrong name.
    const source = readFileSync(new URL('../../src/cli/main.ts', import.meta.url), 'utf8');
    const examples = [...source.matchAll(/\.example\('([^']+)'/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(8);
    const names = examples.flatMap((e) => [...e.matchAll(/specs\/[\w.-]+\.yaml/g)].map((m) => m[0]));
    expect(names.length).toBeGreaterThan(3);
    for (const n of names) expect(existsSync(n), n).toBe(true);
  });
});

describe('exit codes and messages', () => {
  it('validate: ok for a shipped spec', async () => {
    const r = await cli('validate', 'specs/governance-safety.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok — \d+ parts, \d+ slides/);
  });

  it('validate prints the selection: parts in order with ids and citations, items, quotes, slide count', async () => {
    const r = await cli('validate', 'specs/board-industry-compute.yaml');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const parts = lines.filter((l) => /^\d+\. /.test(l)).map((l) => /^\d+\. (?:quote )?(\S+)/.exec(l)![1]);
    expect(parts).toEqual(['targets', 'industry', 'consumption', 'compute', 'data', 'environment', 'wang-yiming-data-scale']);
    expect(r.out).toMatch(/^2\. industry\s+Part II \(2\)\s+.*\(3 of 4 items\)$/m);
    expect(r.out).toMatch(/^\s+4\. industry-services\s+Part II \(2\) 4\s+\S/m);
    expect(r.out).toMatch(/^\s+quote zhou-bowen-three-suggestions \(Zhou Bowen\)$/m);
    expect(r.out).toMatch(/^15 slides \(1 title, 1 agenda, .*1 sources\)$/m);
  });

  it('validate: 2 with file:line:column, excerpt and suggestion for a typo, and no stack trace', async () => {
    const f = await specFile('title: T\nsections:\n  - area: industy\n');
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:3:11: unknown area "industy"`);
    expect(r.err).toContain('did you mean "industry"?');
    expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('build: 2 for a missing spec file, an unknown theme, a bad flag value', async () => {
    const missing = await cli('build', 'specs/defualt.yaml');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('spec file not found');
    expect(missing.err).toContain('did you mean "default.yaml"?');
    const theme = await cli('build', await specFile('title: T\ntheme: offical\nsections: [targets]\n'), '--out', os.tmpdir() + '/briefing-never');
    expect(theme.code).toBe(2);
    expect(theme.err).toContain('did you mean "official"?');
    const flag = await cli('build', '--areas', 'industy');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('--areas: unknown key "industy"');
    const lang = await cli('build', '--lang', 'fr');
    expect(lang.code).toBe(2);
  });

  it('an unknown command or option is bad input (2)', async () => {
    expect((await cli('biuld')).code).toBe(2);
    expect((await cli('build', '--frobnicate')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });

  it('build writes deck.html into --out and reports the slide count', async () => {
    const out = await tempDir('out');
    const r = await cli('build', 'specs/board-industry-compute.yaml', '--out', out, '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/deck\.html {2}\(\d+ slides, zh, theme neutral\)/);
  });
});

describe('mistyped flags', () => {
  it('suggest the flag or value meant, exit 2, no stack trace', async () => {
    const typo = await cli('build', '--lnag', 'en');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('Unknown argument: lnag');
    expect(typo.err).toContain('did you mean "--lang"?');
    expect((await cli('build', '--pdfnotes')).err).toContain('did you mean "--pdf-notes"?');
    expect((await cli('list', '--quote')).err).toContain('did you mean "--quotes"?');
    const value = await cli('build', '--lang', 'english');
    expect(value.code).toBe(2);
    expect(value.err).toContain('did you mean "--lang en"?');
    const far = await cli('build', '--zzzzzz');
    expect(far.err).toContain('see briefing --help');
    expect(far.err).not.toMatch(/\n\s+at /);
  });
});

describe('--help', () => {
  /** The help yargs prints (with console.log) for these arguments, laid out to `columns`. */
  async function help(columns: number, ...args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    const before = process.env.COLUMNS;
    process.env.COLUMNS = String(columns);
    try {
      await cli(...args, '--help');
    } finally {
      spy.mockRestore();
      if (before === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = before;
    }
    return printed.join('\n');
  }

  it('wraps at spaces, never inside a word, to the width asked for', async () => {
    // yargs sets "[string]" right after a description that fills its column; that is not a word cut in two.
    const words = (text: string) => text.replace(/(\S)\[/g, '$1 [').split(/\s+/);
    for (const columns of [80, 100]) {
      for (const args of [[], ['build'], ['list']]) {
        const wide = new Set(words(await help(1000, ...args)));
        const narrow = await help(columns, ...args);
        // Every word of the narrow help is a word of the unwrapped one: none was cut in two.
        expect(words(narrow).filter((w) => !wide.has(w)), `${columns}: ${args.join(' ')}`).toEqual([]);
        expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(columns);
      }
    }
  });
});
