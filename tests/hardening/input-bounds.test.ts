/**
 * Input as a hostile user gives it: devices, FIFOs, huge files, folders where files belong, a corpus whose parents go
 * round in a circle, control characters, thousands of mistakes. Each is exit 2 with a message naming the path, never
 * a hang, a stack trace or pages of output.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { build } from '../../src/build.js';
import { UserError } from '../../src/errors.js';
import { DEFAULTS } from '../../src/paths.js';
import { isolated, sourceModule } from '../helpers/isolated.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let tmp: string;
const saved = process.env.BRIEFING_CACHE_DIR;
beforeAll(async () => {
  tmp = await tempDir('bounds');
  process.env.BRIEFING_CACHE_DIR = path.join(tmp, 'cache');
});
afterAll(async () => {
  if (saved === undefined) delete process.env.BRIEFING_CACHE_DIR;
  else process.env.BRIEFING_CACHE_DIR = saved;
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string; errLines: string[] }> {
  const r = await cli(...args);
  return { ...r, errLines: r.err.split('\n') };
}

/** exit 2, the path named, no internal error or stack trace. */
function expectInputError(r: { code: number; err: string }, named: string, message: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.err).toContain(named);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}

describe('a spec that is not a file to read', () => {
  const out = () => path.join(tmp, 'out');

  it('briefing build /dev/zero: refused at once, exit 2', async () => {
    expectInputError(await run('build', '/dev/zero', '--out', out()), '/dev/zero', /spec file is a device/);
  });

  it('a FIFO: refused at once (no waiting for a writer), exit 2', async () => {
    const fifo = path.join(tmp, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expectInputError(await run('validate', fifo), fifo, /named pipe/);
  });

  it('a 3 GiB file (sparse): refused from its size, exit 2', async () => {
    const big = path.join(tmp, 'huge.yaml');
    await writeFile(big, 'title: x\n');
    await truncate(big, 3 * 2 ** 30);
    const r = await run('validate', big);
    expectInputError(r, big, /spec file is too large/);
    expect(r.err).toContain('3 GiB');
  });

  it('import and translate import of a FIFO: refused at once, exit 2 (opening it waited for a writer)', async () => {
    const fifo = path.join(tmp, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const content = await mkdtemp(path.join(tmp, 'empty-content-'));
    expectInputError(await run('import', fifo, '--id', 'piped', '--content', content), fifo, /named pipe/);
    expectInputError(await run('translate', 'import', fifo, '--content', content), fifo, /named pipe/);
  });

  it('a folder: exit 2 naming it', async () => {
    const folder = path.join(tmp, 'folder.yaml');
    await mkdir(folder);
    expectInputError(await run('validate', folder), folder, /is a folder/);
  });
});

describe('a templates folder with things that are not templates (through the API: the CLI builds from the project templates)', () => {
  let templates: string;
  beforeEach(async () => {
    templates = await mkdtemp(path.join(tmp, 'templates-'));
    await cp(DEFAULTS.templates, templates, { recursive: true });
  });
  const fails = async (): Promise<UserError> => {
    const err: unknown = await build({ spec: DEFAULTS.spec, templates, out: path.join(tmp, `out-${path.basename(templates)}`) }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  };

  it('a folder named x.hbs: a UserError naming it', async () => {
    const folder = path.join(templates, 'deck', 'x.hbs');
    await mkdir(folder);
    const err = await fails();
    expect(err.message).toBe('template is a folder, not a file');
    expect(err.details.location?.file).toBe(folder);
  });

  it('a FIFO named x.hbs among the shared partials: a UserError at once (no waiting for a writer)', async () => {
    const fifo = path.join(templates, 'partials', 'x.hbs');
    execFileSync('mkfifo', [fifo]);
    // In a child process: templates are read synchronously, and an open that waited for a writer would hang this one.
    const out = path.join(tmp, `out-${path.basename(templates)}`);
    const err = isolated<{ name: string; message: string; file?: string }>(
      `import { build } from ${sourceModule('src/build.ts')};
       try { await build({ spec: ${JSON.stringify(DEFAULTS.spec)}, templates: ${JSON.stringify(templates)}, out: ${JSON.stringify(out)} }); console.log('{}'); }
       catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, file: e.details?.location?.file })); }`,
    );
    expect(err).toEqual({ name: 'ReadError', message: 'template is a named pipe (FIFO), not a regular file', file: fifo });
  });

  it('a template over the limit (sparse): a UserError from its size, nothing read', async () => {
    const file = path.join(templates, 'deck', 'huge.hbs');
    await writeFile(file, '');
    await truncate(file, 3 * 2 ** 30);
    const err = await fails();
    expect(err.message).toBe('template is too large');
    expect(err.details).toMatchObject({ location: { file }, expected: 'at most 4 MiB', found: '3 GiB' });
  });
});

describe('a theme whose theme.css is not a regular file', () => {
  it('a FIFO as theme.css: a UserError at once, naming it (was: built without the theme, in silence)', async () => {
    const themes = await mkdtemp(path.join(tmp, 'themes-'));
    await cp(path.join(DEFAULTS.themes, 'official'), path.join(themes, 'official'), { recursive: true });
    const fifo = path.join(themes, 'official', 'theme.css');
    await rm(fifo);
    execFileSync('mkfifo', [fifo]);
    const out = path.join(tmp, 'out-fifo-theme');
    // In a child process: the stylesheet is read synchronously; an open that waited would hang this one.
    const err = isolated<{ name: string; message: string; file?: string }>(
      `import { build } from ${sourceModule('src/build.ts')};
       try { await build({ spec: ${JSON.stringify(DEFAULTS.spec)}, themes: ${JSON.stringify(themes)}, out: ${JSON.stringify(out)} }); console.log('{}'); }
       catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message, file: e.details?.location?.file })); }`,
    );
    expect(err).toEqual({ name: 'ReadError', message: 'theme stylesheet is a named pipe (FIFO), not a regular file', file: fifo });
  });
});

describe('a content folder with things that are not corpus files', () => {
  let content: string;
  beforeEach(async () => {
    content = await mkdtemp(path.join(tmp, 'content-'));
    await cp(DEFAULTS.content, content, { recursive: true });
  });

  it('a folder named x.md: exit 2 naming it (was EISDIR with a stack trace)', async () => {
    const folder = path.join(content, 'ai-plus-opinions', 'x.md');
    await mkdir(folder);
    expectInputError(await run('validate', DEFAULTS.spec, '--content', content), folder, /corpus file is a folder/);
  });

  it('a FIFO named x.md: exit 2 at once', async () => {
    const fifo = path.join(content, 'ai-plus-opinions', 'x.md');
    execFileSync('mkfifo', [fifo]);
    expectInputError(await run('list', '--content', content), fifo, /named pipe/);
  });

  it('a section file over the limit (sparse): exit 2 naming it', async () => {
    const file = path.join(content, 'ai-plus-opinions', 'industry.md');
    await truncate(file, 5 * 2 ** 20);
    expectInputError(await run('validate', DEFAULTS.spec, '--content', content), file, /corpus file is too large/);
  });

  it('a document folder that cannot be listed: exit 2 naming it', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const { chmod } = await import('node:fs/promises');
    const dir = path.join(content, 'ai-plus-explainer');
    await chmod(dir, 0o000);
    try {
      expectInputError(await run('list', '--content', content), dir, /cannot be read/);
    } finally {
      await chmod(dir, 0o755);
    }
  });
});

describe('a corpus whose parents are not a tree', () => {
  let content: string;
  beforeEach(async () => {
    content = await mkdtemp(path.join(tmp, 'cycle-'));
    await cp(DEFAULTS.content, content, { recursive: true });
  });
  const file = (id: string) => path.join(content, 'ai-plus-opinions', `${id}.md`);
  async function setParent(id: string, parent: string): Promise<void> {
    const text = await readFile(file(id), 'utf8');
    await writeFile(file(id), /^parent: .*$/m.test(text) ? text.replace(/^parent: .*$/m, `parent: ${parent}`) : text.replace(/^(kind: .*)$/m, `$1\nparent: ${parent}`));
  }

  it('a section that is its own parent: a load error naming it, for build, validate and list', async () => {
    await setParent('industry-agriculture', 'industry-agriculture');
    for (const args of [['validate', DEFAULTS.spec], ['build', DEFAULTS.spec, '--out', path.join(tmp, 'o1')], ['list'], ['list', '--doc', 'ai-plus-opinions']]) {
      const r = await run(...args, '--content', content);
      expectInputError(r, file('industry-agriculture'), /"industry-agriculture" is its own parent/);
      expect(r.err).toMatch(/industry-agriculture\.md:\d+:\d+/);
    }
  });

  it('a → b → a: one error naming the cycle', async () => {
    await setParent('preamble', 'implementation');
    await setParent('implementation', 'preamble');
    const r = await run('validate', DEFAULTS.spec, '--content', content);
    expectInputError(r, file('preamble'), /parents go round in a circle: preamble → implementation → preamble/);
    expect(r.err.match(/round in a circle/g)).toHaveLength(1);
  });

  it('an area ↔ item loop: every spec fails with the cycle (none loses the area in silence); list --doc too', async () => {
    await setParent('industry', 'industry-agriculture');
    const spec = path.join(tmp, 'industry.yaml');
    await writeFile(spec, 'title: Industry\nsections:\n  - area: industry\n  - targets\n');
    const other = path.join(tmp, 'other.yaml');
    await writeFile(other, 'title: Other\nsections:\n  - doc: ai-plus-opinions\n');
    for (const args of [['validate', spec], ['validate', other], ['validate', DEFAULTS.spec], ['build', other, '--out', path.join(tmp, 'o2')], ['list', '--doc', 'ai-plus-opinions']]) {
      expectInputError(await run(...args, '--content', content), file('industry'), /industry → industry-agriculture → industry/);
    }
  });
});

describe('control characters in text', () => {
  it('a NUL in the title: exit 2 at its line and column, nothing written', async () => {
    const spec = path.join(tmp, 'nul.yaml');
    await writeFile(spec, 'title: "Board\\0 briefing"\nsections:\n  - targets\n');
    const out = path.join(tmp, 'nul-out');
    const r = await run('build', spec, '--out', out);
    expectInputError(r, `${spec}:1:8`, /title: .*control character U\+0000/);
    await expect(readFile(path.join(out, 'deck.html'))).rejects.toThrow();
  });

  it('a raw escape character in the subtitle and a NUL in --title: the same refusal', async () => {
    const spec = path.join(tmp, 'esc.yaml');
    await writeFile(spec, 'title: Fine\nsubtitle: "red \\e[31m text"\nsections:\n  - targets\n');
    expectInputError(await run('validate', spec), `${spec}:2:11`, /subtitle: .*control character U\+001B/);
    // Raw in the file: the excerpt shows it as a visible symbol, never sends it to the terminal.
    await writeFile(spec, 'title: Fine\nsubtitle: red \u001b[31m text\nsections:\n  - targets\n');
    const raw = await run('validate', spec);
    expectInputError(raw, `${spec}:2:11`, /subtitle: .*control character U\+001B/);
    expect(raw.err).toContain('subtitle: red ␛[31m text');
    expect(raw.err).not.toContain('\u001b');
    const ok = path.join(tmp, 'ok.yaml');
    await writeFile(ok, 'title: Fine\nsections:\n  - targets\n');
    expectInputError(await run('build', ok, '--title', 'a\u0000b', '--out', path.join(tmp, 'esc-out')), '--title', /control character U\+0000/);
  });

  it('a control character in a corpus file: exit 2 at its line and column', async () => {
    const content = await mkdtemp(path.join(tmp, 'ctl-'));
    await cp(DEFAULTS.content, content, { recursive: true });
    const file = path.join(content, 'ai-plus-opinions', 'targets.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^(title:\n  zh: )/m, '$1\u0007'));
    const line = text.slice(0, text.search(/^title:\n  zh: /m)).split('\n').length + 1;
    expectInputError(await run('list', '--content', content), `${file}:${line}:7`, /control character U\+0007/);
  });
});

describe('thousands of mistakes', () => {
  it('YAML nested 50,000 deep on one line: exit 2, a short excerpt around the column', async () => {
    const spec = path.join(tmp, 'deep.yaml');
    await writeFile(spec, `title: Deep\nsections: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    const r = await run('validate', spec);
    expectInputError(r, spec, /nested too deeply/);
    expect(r.err.length).toBeLessThan(1000);
  });


  it('10,000 unknown ids: the first 20 errors, then "and 9980 more"', async () => {
    const spec = path.join(tmp, 'many.yaml');
    await writeFile(spec, `title: Many\nsections:\n${Array.from({ length: 10_000 }, (_, i) => `  - no-such-section-${i}\n`).join('')}`);
    const r = await run('validate', spec);
    expect(r.code).toBe(2);
    expect(r.errLines.filter((l) => l.startsWith('error: '))).toHaveLength(20);
    expect(r.err).toContain(`${spec}:3:5: unknown section id "no-such-section-0"`);
    expect(r.err).toContain(`${spec}:22:5: unknown section id "no-such-section-19"`);
    expect(r.err).not.toContain('no-such-section-20"');
    expect(r.errLines.at(-1)).toBe('… and 9980 more (10000 problems in all)');
    expect(r.err.length).toBeLessThan(10_000);
  });

  it('10,000 entries of the wrong shape: capped the same way', async () => {
    const spec = path.join(tmp, 'shapes.yaml');
    await writeFile(spec, `title: Shapes\nsections:\n${Array.from({ length: 10_000 }, (_, i) => `  - ${i}\n`).join('')}`);
    const r = await run('validate', spec);
    expect(r.code).toBe(2);
    expect(r.errLines.filter((l) => l.startsWith('error: '))).toHaveLength(20);
    expect(r.errLines.at(-1)).toBe('… and 9980 more (10000 problems in all)');
  });
});
