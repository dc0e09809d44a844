import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { cli } from '../helpers/cli.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';
import { readXliff } from '../../src/translate/xliff.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const fixture = (name: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', name);

async function project(): Promise<{ dir: string; content: string }> {
  const dir = await tempDir('translate');
  await cp(DEFAULTS.content, path.join(dir, 'content'), { recursive: true });
  return { dir, content: path.join(dir, 'content') };
}

/** What a translator's tool does: a target for every unit (here an English stand-in naming the unit). */
function fillTargets(xliff: string): string {
  return xliff.replace(/(<trans-unit id="([^"]+)"[^>]*>\s*<source>[\s\S]*?<\/source>)(\s*<target[^>]*>[\s\S]*?<\/target>)?/g, (_all, head: string, id: string) => `${head}\n<target state="translated">English of ${id} &amp; more</target>`);
}

describe('briefing translate: an XLIFF 1.2 round trip', () => {
  it('export, fill the targets, import: an en build of the document has no "untranslated" warning', async () => {
    const { dir, content } = await project();
    expect((await cli('import', fixture('govcn-transmit.txt'), '--id', 'plan', '--content', content)).code).toBe(0);
    const xlf = path.join(dir, 'plan.xlf');
    const exported = await cli('translate', 'export', '--doc', 'plan', '-o', xlf, '--content', content);
    expect(exported.code, exported.err).toBe(0);
    const xml = await readFile(xlf, 'utf8');
    // XLIFF 1.2, Chinese source, one unit per title, key point and paragraph, ids from section ids.
    const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['group', 'trans-unit'].includes(n) }).parse(xml);
    expect(tree.xliff.version).toBe('1.2');
    expect(tree.xliff.xmlns).toBe('urn:oasis:names:tc:xliff:document:1.2');
    expect(tree.xliff.file['source-language']).toBe('zh-CN');
    expect(tree.xliff.file.original).toBe('plan');
    const corpus = await loadCorpus(content, { cache: false });
    const sections = corpus.sections.filter((s) => s.doc === 'plan');
    const groups = tree.xliff.file.body.group as { id: string; 'trans-unit': { id: string; source: string }[] }[];
    expect(groups.map((g) => g.id)).toEqual(sections.map((s) => s.id));
    const units = groups.flatMap((g) => g['trans-unit']);
    const expected = sections.reduce((n, s) => n + 1 + s.points.zh.length + (s.text.zh ? s.text.zh.split('\n\n').length : 0), 0);
    expect(units.length).toBe(expected);
    expect(units.find((u) => u.id === 'plan-2-1-1/title')!.source).toBe('推动智能工厂建设');
    expect(exported.err).toMatch(new RegExp(`${expected + 3} units of plan, 1 with English`)); // the preamble's title, "Preamble"

    // Before: the en build warns.
    const spec = path.join(dir, 'plan.yaml');
    await writeFile(spec, 'title: Plan\nlanguage: en\nsections:\n  - doc: plan\n');
    const before = await cli('validate', spec, '--content', content);
    expect(before.err).toMatch(/has no en translation yet/);

    await writeFile(xlf, fillTargets(xml));
    const imported = await cli('translate', 'import', xlf, '--content', content);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.err).toContain(`plan: ${expected + 3} unit(s) written, 0 unchanged, 0 without English, 0 not applied; ${sections.length + 1} section(s) now translated (the document counts as one); ${sections.length + 1} file(s) written`);
    const after = await loadCorpus(content, { cache: false });
    const item = after.byId.get('plan-2-1-1')!;
    expect(item.untranslated).toEqual([]);
    expect(item.title.en).toBe('English of plan-2-1-1/title & more');
    expect(item.text.en).toBe('English of plan-2-1-1/para-1 & more');
    expect(item.text.zh).toBe('推动智能工厂建设。每年培育一批智能工厂。');
    expect(after.documents.find((d) => d.id === 'plan')!.title.en).toBe('English of plan/title & more');

    const out = path.join(dir, 'out');
    const built = await cli('build', spec, '--content', content, '--out', out);
    expect(built.code, built.err).toBe(0);
    expect(built.err).not.toMatch(/untranslated|no en translation/);
    const html = await readFile(path.join(out, 'deck.html'), 'utf8');
    expect(html).toContain('English of plan-2-1-1/title &amp; more');
    expect(html).not.toContain('untranslated-mark');

    // A re-export keeps the translated units; importing the same file again changes nothing.
    const again = await cli('translate', 'export', '--doc', 'plan', '--content', content);
    expect(again.err).toMatch(new RegExp(`${expected + 3} units of plan, ${expected + 3} with English, 0 to translate`));
    expect(again.out).toContain('<target state="translated">English of plan-2-1-1/para-1 &amp; more</target>');
    const same = await cli('translate', 'import', xlf, '--content', content);
    expect(same.err).toContain(`0 unit(s) written, ${expected + 3} unchanged`);

    // A forced re-import of the text resets the English; the same XLIFF brings it back.
    expect((await cli('import', fixture('govcn-transmit.txt'), '--id', 'plan', '--content', content)).code).toBe(2);
    expect((await cli('import', fixture('govcn-transmit.txt'), '--id', 'plan', '--force', '--content', content)).code).toBe(0);
    expect((await loadCorpus(content, { cache: false })).byId.get('plan-2-1-1')!.untranslated).toEqual(['en']);
    const back = await cli('translate', 'import', xlf, '--content', content);
    expect(back.err).toContain(`${expected + 3} unit(s) written, 0 unchanged`);
    expect((await loadCorpus(content, { cache: false })).byId.get('plan-2-1-1')!.title.en).toBe('English of plan-2-1-1/title & more');
  });

  it('a unit whose Chinese changed since the export is reported with its line, not applied; the others are', async () => {
    const { dir, content } = await project();
    await cli('import', fixture('provincial-plan.txt'), '--id', 'demo', '--content', content);
    const xlf = path.join(dir, 'demo.xlf');
    await cli('translate', 'export', '--doc', 'demo', '-o', xlf, '--content', content);
    // The corpus is edited after the export: one paragraph of demo-1-1.
    const file = path.join(content, 'demo', 'demo-1-1.md');
    const md = await readFile(file, 'utf8');
    await writeFile(file, md.replace('::: zh\n建设算力设施。', '::: zh\n建设算力设施（修订）。'));
    const filled = fillTargets(await readFile(xlf, 'utf8'));
    await writeFile(xlf, filled);
    const r = await cli('translate', 'import', xlf, '--content', content);
    expect(r.code, r.err).toBe(0);
    const line = filled.split('\n').findIndex((l) => l.includes('id="demo-1-1/para-1"')) + 1;
    expect(r.err).toContain(`demo.xlf:${line}: not applied: demo-1-1/para-1: the Chinese in the corpus changed since the export`);
    expect(r.err).toMatch(/1 not applied/);
    const corpus = await loadCorpus(content, { cache: false });
    const s = corpus.byId.get('demo-1-1')!;
    expect(s.title.en).toBe('English of demo-1-1/title & more');
    expect(s.text.en).toBe('建设算力设施。推进示例算力中心建设。完善调度机制。');
    expect(s.untranslated).toEqual(['en']);
    expect(corpus.byId.get('demo-1')!.untranslated).toEqual([]);

    // A re-export after the edit keeps every translated unit, the partly translated section's too; the changed one
    // is to translate again.
    const again = await cli('translate', 'export', '--doc', 'demo', '--content', content);
    const units = readXliff(again.out, 'again.xlf').units;
    expect(units.find((u) => u.id === 'demo-1-1/title')!.target).toBe('English of demo-1-1/title & more');
    expect(units.find((u) => u.id === 'demo-1-1/para-1')).toMatchObject({ source: '建设算力设施（修订）。推进示例算力中心建设。完善调度机制。' });
    expect(units.find((u) => u.id === 'demo-1-1/para-1')!.target).toBeUndefined();
    expect(units.filter((u) => u.target === undefined).map((u) => u.id)).toEqual(['demo-1-1/para-1']);
  });

  it('bad XLIFF is bad input (exit 2) with the line: broken XML, another document, unknown ids, wrong version', async () => {
    const { dir, content } = await project();
    await cli('import', fixture('provincial-plan.txt'), '--id', 'demo', '--content', content);
    const xlf = path.join(dir, 'demo.xlf');
    await cli('translate', 'export', '--doc', 'demo', '-o', xlf, '--content', content);
    const good = await readFile(xlf, 'utf8');
    const bad = path.join(dir, 'bad.xlf');
    const lineOf = (s: string, needle: string) => s.split('\n').findIndex((l) => l.includes(needle)) + 1;

    const broken = good.replace('</source>', '</sourc>');
    await writeFile(bad, broken);
    let r = await cli('translate', 'import', bad, '--content', content);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`bad\\.xlf:${lineOf(broken, '</sourc>')}:\\d+: not well-formed XML`));

    const other = good.replace('original="demo"', 'original="deom"');
    await writeFile(bad, other);
    r = await cli('translate', 'import', bad, '--content', content);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`bad.xlf:${lineOf(other, '<file ')}: no document "deom" in the corpus`);
    expect(r.err).toContain('did you mean "demo"?');

    const unknown = good.replace('id="demo-1-1/title"', 'id="demo-1-9/title"');
    await writeFile(bad, fillTargets(unknown));
    r = await cli('translate', 'import', bad, '--content', content);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`bad.xlf:${lineOf(fillTargets(unknown), 'id="demo-1-9/title"')}: unknown unit id "demo-1-9/title" for document demo`);
    // Nothing was applied from a file with unknown ids.
    expect((await loadCorpus(content, { cache: false })).byId.get('demo-1')!.untranslated).toEqual(['en']);

    await writeFile(bad, good.replace('version="1.2"', 'version="2.0"'));
    r = await cli('translate', 'import', bad, '--content', content);
    expect(r.code).toBe(2);
    expect(r.err).toContain('XLIFF version "2.0" is not supported');

    await writeFile(bad, good.replace('<xliff ', '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<xliff '));
    r = await cli('translate', 'import', bad, '--content', content);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.xlf:2: a <!DOCTYPE> is not allowed in XLIFF');

    await writeFile(bad, '<html><body/></html>');
    expect((await cli('translate', 'import', bad, '--content', content)).err).toContain('not an XLIFF file');
    expect((await cli('translate', 'import', '/dev/zero', '--content', content)).code).toBe(2);
    expect((await cli('translate', 'export', '--doc', 'nope', '--content', content)).code).toBe(2);
    const toFolder = await cli('translate', 'export', '--doc', 'demo', '-o', dir, '--content', content);
    expect(toFolder.code).toBe(2);
    expect(toFolder.err).toMatch(/cannot write .* \(EISDIR\)/);
  });

  it('inline markup in a target is reported, not applied; a target that repeats the Chinese is no translation', () => {
    const xml = `<?xml version="1.0"?>\n<xliff version="1.2"><file original="d"><body>\n<trans-unit id="a"><source>中文</source><target>Some <g id="1">bold</g> text</target></trans-unit>\n<trans-unit id="b"><source>中文</source><target state="translated">中文</target></trans-unit>\n</body></file></xliff>`;
    const r = readXliff(xml, 'x.xlf');
    expect(r.units[0]).toMatchObject({ id: 'a', line: 3, problem: expect.stringContaining('inline markup (<g>)') });
    expect(r.units[1]).toMatchObject({ id: 'b', line: 4, target: '中文', state: 'translated' });
  });
});
