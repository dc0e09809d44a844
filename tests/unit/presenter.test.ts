import { mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSpec } from '../../src/build/spec.js';
import { UserError } from '../../src/errors.js';
import { deckView } from '../../src/render/view.js';
import { briefView } from '../../src/render/brief-view.js';
import { buildManifest, sectionHash } from '../../src/select/origin.js';
import { select } from '../../src/select/select.js';
import { parseSpec } from '../../src/spec/parse.js';
import { parseSlidesMarkdown } from '../../src/spec/slides-md.js';
import { allErrors } from '../helpers/errors.js';
import { realCorpus } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';
import { isolated, sourceModule } from '../helpers/isolated.js';

const tempDir = tempFolders();

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let dir: string;
let outside: string;
beforeAll(async () => {
  dir = await tempDir('presenter');
  outside = await tempDir('outside');
  await mkdir(path.join(dir, 'brand'));
  await writeFile(path.join(dir, 'brand', 'logo.svg'), SVG);
  await writeFile(path.join(dir, 'chart.png'), PNG);
  await writeFile(path.join(dir, 'not-image.svg'), 'hello, I am text');
  await writeFile(path.join(outside, 'secret.png'), PNG);
  await symlink(path.join(outside, 'secret.png'), path.join(dir, 'link.png'));
  // A 20 MB image that takes no disk: sparse.
  const fh = await open(path.join(dir, 'huge.png'), 'w');
  await fh.write(PNG, 0, PNG.length, 0);
  await fh.truncate(20 * 1024 * 1024);
  await fh.close();
  // A named pipe as the logo and as a slides file: opening one to read waits for a writer, which never comes.
  execFileSync('mkfifo', [path.join(dir, 'pipe.png'), path.join(dir, 'pipe.md')]);
  await writeFile(path.join(dir, 'view.md'), '# Where we stand\n\n- One\n- Two ![c](chart.png)\n\nNote: Say it slowly.\n\n---\n\n# Next steps\n\n1. Decide\n');
  await writeFile(path.join(dir, 'bad.md'), '# Fine\n\ntext\n\n---\n\n# Bad\n\nSome <script>alert(1)</script> here\n');
});
const FULL = `title: T
presenter: Strategy Office
classification: CONFIDENTIAL
version: draft 3
brand:
  name: Example Motors
  logo: brand/logo.svg
sections:
  - area: industry
    takeaway: "Expect **local** stacks"
  - slide:
      title: { en: What it means, zh: 意味着什么 }
      points: ["Local partners first"]
      notes: Say this
      image: chart.png
  - file: view.md
  - support: [compute]
    takeaway: { en: Data rules tighten }
brief:
  keep: [industry]
`;

async function specIn(yaml: string, name = 's.yaml') {
  const file = path.join(dir, name);
  await writeFile(file, yaml);
  return readSpec(file, {});
}
const errorOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeTruthy();
  return allErrors(e);
};

describe('the presenter in the spec', () => {
  it('reads every key: own slides, file: slides, takeaways, brand, classification, version, brief.keep', async () => {
    const parsed = await specIn(FULL);
    const kinds = parsed.spec.sections.map((e) => e.kind);
    expect(kinds).toEqual(['group', 'slide', 'file', 'group']);
    const file = parsed.spec.sections[2]!;
    expect(file.kind === 'file' && file.slides.map((s) => [s.title, s.origin.line, s.notes])).toEqual([
      ['Where we stand', 1, 'Say it slowly.'],
      ['Next steps', 10, undefined],
    ]);
    // The image of the Markdown and the slide's image and the logo are read once each, into assets/presenter/.
    expect(parsed.presenterFiles!.map((f) => f.to)).toEqual(['assets/presenter/1-logo.svg', 'assets/presenter/2-chart.png']);
    expect(file.kind === 'file' && file.slides[0]!.markdown).toContain('](assets/presenter/2-chart.png)');
    expect(parsed.logoAsset).toBe('assets/presenter/1-logo.svg');
    expect(parsed.spec.brief.keep).toEqual(['industry']);
  });

  it('lays own slides out apart: no citation, not among the sources; takeaways on the heading slide and the block', async () => {
    const parsed = await specIn(FULL);
    const b = select(parsed, await realCorpus(), { buildDate: '2026-03-12' });
    const own = b.slides.filter((s) => s.type === 'own');
    expect(own).toHaveLength(3);
    const heading = b.slides.find((s) => s.type === 'heading')!;
    expect(heading.takeaway?.text).toBe('Expect **local** stacks');
    expect(b.documents.map((d) => d.id)).not.toContain(undefined);
    const view = deckView(b);
    const ownViews = view.slides.filter((s) => s.own);
    expect(ownViews.every((s) => s.cite === undefined && s.notes?.own)).toBe(true);
    expect(view.slides.find((s) => s.type === 'heading')!.takeaway).toEqual({ by: 'Example Motors', text: [expect.objectContaining({ lang: 'en', html: 'Expect <strong>local</strong> stacks' })] });
    expect(view.stamp).toEqual({ classification: 'CONFIDENTIAL', version: 'draft 3', buildDate: '2026-03-12', brand: { name: 'Example Motors', logo: 'assets/presenter/1-logo.svg' } });
    // zh deck: the {en, zh} title in Chinese; an English-only takeaway falls back to English.
    const zh = deckView({ ...b, language: 'zh' });
    expect(zh.slides.find((s) => s.own)!.title!.map((r) => r.text)).toEqual(['意味着什么']);
    const brief = briefView(b);
    expect(brief.blocks.map((x) => [x.id, !!x.takeaway, !!x.keep])).toEqual([['industry', true, true], ['compute', true, false]]);
  });

  it('writes a manifest naming each slide\'s origin; a section\'s hash changes with its text', async () => {
    const corpus = await realCorpus();
    const parsed = await specIn(FULL);
    const b = select(parsed, corpus, { buildDate: '2026-03-12' });
    const m = buildManifest(b, { file: parsed.file, sha256: parsed.sha256! }, deckView(b).slides.map((s) => s.id));
    expect(m.slides).toHaveLength(b.slides.length);
    expect(m.slides.filter((s) => s.origin === 'presenter').map((s) => (s.origin === 'presenter' ? s.line : 0))).toEqual([11, 1, 10]);
    const industry = m.slides.find((s) => s.origin === 'corpus' && s.section === 'industry')!;
    expect(industry).toMatchObject({ origin: 'corpus', doc: 'ai-plus-opinions', cite: 'Part II (2)', takeaway: { origin: 'presenter', line: 10 } });
    expect(m).toMatchObject({ classification: 'CONFIDENTIAL', version: 'draft 3', buildDate: '2026-03-12' });
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    const s = corpus.byId.get('industry')!;
    expect(sectionHash({ ...s, text: { ...s.text, en: `${s.text.en} ` } })).not.toBe(sectionHash(s));
    expect(sectionHash({ ...s })).toBe(sectionHash(s));
  });
});

describe('bad presenter input is exit 2 at its line', () => {
  const base = (extra: string) => `title: T\nsections:\n  - area: industry\n${extra}`;
  it.each([
    ['a missing image', '  - slide: { title: X, image: nope.png }\n', /does not exist/, 4],
    ['a path outside the folder', '  - slide: { title: X, image: ../x.png }\n', /outside|does not exist/, 4],
    ['a symlink out of the folder', '  - slide: { title: X, image: link.png }\n', /outside/, 4],
    ['a 20 MB image', '  - slide: { title: X, image: huge.png }\n', /too large/, 4],
    ['a logo that is not an image', 'brand: { name: B, logo: not-image.svg }\n', /not an image/, 4],
    ['raw HTML in a slide text', '  - slide: { title: X, text: "a <b>b</b>" }\n', /raw HTML/, 4],
  ])('%s', async (_what, extra, message, line) => {
    const errs = await errorOf(specIn(base(extra)));
    expect(errs[0]!.message).toMatch(message);
    expect(errs[0]!.details.location?.line).toBe(line);
  });

  // In a child process with a time limit: were the open to wait for a writer, the test fails instead of hanging.
  it.each([
    ['the logo', 'brand: { name: B, logo: pipe.png }\n', 'the logo is a named pipe (FIFO), not a regular file'],
    ['a slides file', '  - file: pipe.md\n', 'the slides file is a named pipe (FIFO), not a regular file'],
  ])('a named pipe as %s: refused at once, at its line', async (_what, extra, message) => {
    const file = path.join(dir, 'pipe.yaml');
    await writeFile(file, base(extra));
    const got = isolated<{ message: string; line?: number }[]>(`
      import { readSpec } from ${sourceModule('src/build/spec.ts')};
      const err = await readSpec(${JSON.stringify(file)}, {}).then(() => undefined, (e) => e);
      const list = err?.errors ?? (err ? [err] : []);
      console.log(JSON.stringify(list.map((e) => ({ message: e.message, line: e.details?.location?.line }))));
    `, 20_000);
    expect(got).toEqual([{ message, line: 4 }]);
  });

  it('a file: with a script is an error at the file, line and column', async () => {
    const errs = await errorOf(specIn(base('  - file: bad.md\n')));
    expect(errs[0]!.message).toMatch(/script/);
    expect(errs[0]!.details.location).toMatchObject({ line: 9, column: 6 });
    expect(errs[0]!.details.location?.file).toMatch(/bad\.md$/);
  });

  it('brief.keep must name a block of the brief', async () => {
    const errs = allErrors(await Promise.resolve().then(async () => select(parseSpec(base('brief: { keep: [industri] }\n'), 's.yaml'), await realCorpus())).catch((e: unknown) => e));
    expect(errs[0]!.details.location?.line).toBe(4);
    expect(errs[0]!.details.hint).toMatch(/industry/);
  });

  it('presenter Markdown: slides split at ---, Note: starts the notes, a slide needs a title', () => {
    expect(parseSlidesMarkdown('# A\nx\nNote: n1\nn2\n---\n# B\n', 'f.md').map((s) => [s.title, s.markdown, s.notes])).toEqual([
      ['A', 'x', 'n1\nn2'],
      ['B', undefined, undefined],
    ]);
    expect(() => parseSlidesMarkdown('# A\n---\nno title\n', 'f.md')).toThrow(UserError);
  });
});
