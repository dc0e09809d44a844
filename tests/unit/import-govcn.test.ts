import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocumentId, importDocument, MAX_IMPORT_BYTES, suggestId } from '../../src/import/index.js';
import { parseGovernmentDocument } from '../../src/import/parse.js';
import { shortName } from '../../src/import/sections.js';
import { escapeMarkdown, unescapeMarkdown } from '../../src/import/escape.js';
import { isoDate, splitHeaderLine } from '../../src/import/header.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { markdownToHtml } from '../../src/render/markdown.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';
import { main } from '../../src/cli/main.js';
import { silentIo } from '../../src/log.js';
import { UserError } from '../../src/errors.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const fixture = (name: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', name);
const read = (name: string) => readFile(fixture(name), 'utf8');

async function tempContent(withCorpus = false): Promise<string> {
  const dir = await tempDir('import-govcn');
  const content = path.join(dir, 'content');
  if (withCorpus) await cp(DEFAULTS.content, content, { recursive: true });
  else await mkdir(content);
  return content;
}

/** Every sentence of `lines` (split at 。；), without its leading number, is somewhere in `haystack`. */
function missingSentences(lines: string[], haystack: string): string[] {
  return lines
    .flatMap((l) => l.split(/(?<=[\u3002\uff1b])/))
    .map((s) => s.trim().replace(/^(?:[0-9]{1,3}\.|[\u4e00-\u9fff]{1,3}\u3001|\uff08[\u4e00-\u9fff]{1,3}\uff09)/, ''))
    .filter((s) => s && !haystack.includes(s));
}

/** All the words an imported document holds: titles, texts, number, issuer, and the closing lines kept as a comment. */
async function everything(content: string, id: string, corpus: Corpus): Promise<string> {
  const meta = corpus.documents.find((d) => d.id === id)!;
  const sections = corpus.sections.filter((s) => s.doc === id);
  return [meta.title.zh, meta.number ?? '', meta.issuer?.zh ?? '', await readFile(path.join(content, id, '_document.yaml'), 'utf8'), ...sections.flatMap((s) => [s.title.zh, unescapeMarkdown(s.text.zh)])].join('\n');
}

describe('the gov.cn header block', () => {
  it('splits label/value pairs with spaced labels, full-width spaces and colons, several on a line', () => {
    expect(splitHeaderLine('索 引 号：\t000014349/2025-00057\t主题分类：\t科技、教育\\科技')).toEqual([
      { label: '索 引 号', field: 'index', value: '000014349/2025-00057' },
      { label: '主题分类', field: 'category', value: '科技、教育\\科技' },
    ]);
    expect(splitHeaderLine('标\u3000\u3000题：')).toEqual([{ label: '标\u3000\u3000题', field: 'title', value: '' }]);
    expect(splitHeaderLine('发文字号:国发〔2025〕11号')![0]!.field).toBe('number');
    expect(splitHeaderLine('国务院关于示例的意见')).toBeUndefined();
    expect(isoDate('2025年08月21日')).toBe('2025-08-21');
    expect(isoDate('二〇二六年四月九日')).toBe('2026-04-09');
    expect(isoDate('二〇二六年十二月三十一日')).toBe('2026-12-31');
    expect(isoDate('2026-04-15 09:30')).toBe('2026-04-15');
    expect(isoDate('2026年13月1日')).toBeUndefined();
  });

  it('one label or value per line: title, number, issuer and dates from it, none of it in the title or the text', async () => {
    const content = await tempContent();
    const said: string[] = [];
    const r = await importDocument({ file: fixture('govcn-flat.txt'), id: 'flat', content }, { out: () => {}, err: (l) => said.push(l) });
    expect(said.join('\n')).toMatch(/header block: 5 value\(s\) used, 3 dropped:\n {2}- 发文机关: 国务院办公厅 → issuer\n/);
    expect(said.join('\n')).toContain('  - 索引号: 000014349/2026-00031\n');
    expect(said.join('\n')).not.toContain('page noise');
    const corpus = await loadCorpus(content, { cache: false });
    const meta = corpus.documents.find((d) => d.id === 'flat')!;
    expect(meta.title.zh).toBe('国务院办公厅关于推进示例智能制造的指导意见');
    expect(meta.number).toBe('国办发〔2026〕9号');
    expect(meta.issuer?.zh).toBe('国务院办公厅');
    expect(meta.date).toBe('2026-03-12');
    expect(meta.published).toBe('2026-03-18');
    expect(meta.short.zh).toBe('《指导意见》');
    // Every entry reported, with what it was used for.
    expect(r.header.map((e) => [e.field, e.value, e.use])).toEqual([
      ['index', '000014349/2026-00031', undefined],
      ['category', '科技、教育\\科技', undefined],
      ['issuer', '国务院办公厅', 'issuer'],
      ['written', '2026年03月12日', 'date'],
      ['title', '国务院办公厅关于推进示例智能制造的指导意见', 'title'],
      ['number', '国办发〔2026〕9号', 'number'],
      ['published', '2026年03月18日', 'published'],
      ['keywords', '', undefined],
    ]);
    const sections = corpus.sections.filter((s) => s.doc === 'flat');
    const text = sections.map((s) => `${s.title.zh}\n${s.text.zh}\n${s.points.zh.join('\n')}`).join('\n');
    for (const v of ['000014349', '科技、教育', '2026年03月', '2026年3月12日', '国办发〔2026〕9号', '本文有删减']) expect(text).not.toContain(v);
    expect(sections.find((s) => s.kind === 'preamble')!.text.zh).toBe('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n\n为推进示例智能制造，经国务院同意，现提出如下意见。');
    const lines = (await read('govcn-flat.txt')).split('\n').slice(18);
    expect(missingSentences(lines, await everything(content, 'flat', corpus))).toEqual([]);
  });

  it('the same page copied with a blank line between every cell reads the same', async () => {
    const flat = parseGovernmentDocument(await read('govcn-flat.txt'));
    const blank = parseGovernmentDocument(await read('govcn-blank-lines.txt'));
    expect(blank.header).toEqual(flat.header);
    expect([blank.title, blank.docNumber, blank.issuer, blank.date, blank.published, blank.addressee, blank.preamble]).toEqual([flat.title, flat.docNumber, flat.issuer, flat.date, flat.published, flat.addressee, flat.preamble]);
    expect(blank.header.find((e) => e.field === 'category')!.value).toBe('科技、教育\\科技');
  });

  it('labels without spaces, values on the same line, a date in Chinese numerals, 发布日期 with a time', async () => {
    const doc = parseGovernmentDocument(await read('govcn-inline.txt'));
    expect([doc.title, doc.docNumber, doc.issuer, doc.date, doc.published]).toEqual(['示例行业数字化转型实施方案', '工信部发〔2026〕15号', '工业和信息化部', '2026-04-09', '2026-04-15']);
    expect(doc.preamble).toBe('为加快示例行业数字化转型，制定本方案。');
    expect(doc.header.filter((e) => !e.use).map((e) => e.field)).toEqual(['index', 'category', 'keywords']);
    expect(JSON.stringify(doc.parts)).not.toMatch(/000014349|数字化\b|工业、交通/);
  });

  it('the existing header fixture: the number line is not glued to the addressee', async () => {
    const doc = parseGovernmentDocument(await read('govcn-header.txt'));
    expect(doc.addressee).toBe('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：');
    expect([doc.issuer, doc.date, doc.published]).toEqual(['国务院', '2025-08-21', '2025-08-26']);
    expect(doc.closing).toEqual(['国务院', '2025年8月21日', '（此件公开发布）']);
  });

  it('the short name is never a bracketed note or a long title', () => {
    expect(shortName('（本文有删减）')).toBe('《本文件》');
    expect(shortName('国务院关于示例的意见')).toBe('《意见》');
    expect(shortName('示例省人工智能赋能行动方案')).toBe('《方案》');
    expect(shortName('数字中国建设')).toBe('《数字中国建设》');
    const doc = parseGovernmentDocument('（本文有删减）\n一、总体要求\n坚持稳中求进。');
    expect(doc.title).toBe('总体要求');
    expect(doc.closing).toEqual(['（本文有删减）']);
  });
});

describe('transmitting notices (关于印发…的通知)', () => {
  it('the title is the transmitted plan, the notice is its own section, issuer and date picked up', async () => {
    const content = await tempContent();
    const r = await importDocument({ file: fixture('govcn-transmit.txt'), id: 'plan', content }, silentIo);
    const corpus = await loadCorpus(content, { cache: false });
    const meta = corpus.documents.find((d) => d.id === 'plan')!;
    expect(meta.title.zh).toBe('示例省人工智能赋能行动方案');
    expect(meta.short.zh).toBe('《方案》');
    expect([meta.number, meta.issuer?.zh, meta.date, meta.published]).toEqual(['示政办发〔2026〕21号', '示例省人民政府办公厅', '2026-05-20', '2026-05-26']);
    expect(r.header.find((e) => e.field === 'title')!.use).toBe('notice');
    const notice = corpus.byId.get('plan-notice')!;
    expect(notice.title.zh).toBe('示例省人民政府办公厅关于印发《示例省人工智能赋能行动方案》的通知');
    expect(notice.text.zh).toContain('现印发给你们，请认真贯彻落实。');
    expect(notice.text.zh.startsWith('各市、县人民政府，省政府各部门：')).toBe(true);
    const preamble = corpus.byId.get('plan-preamble')!;
    expect(preamble.text.zh).toBe('为抢抓人工智能发展机遇，结合我省实际，制定本方案。');
    expect(r.outline.map((l) => l.id)).toEqual(['plan-notice', 'plan-preamble', 'plan-1', 'plan-2', 'plan-2-1', 'plan-2-1-1', 'plan-2-1-2', 'plan-2-2', 'plan-2-2-3', 'plan-3']);
    const lines = (await read('govcn-transmit.txt')).split('\n').slice(6);
    expect(missingSentences(lines, await everything(content, 'plan', corpus))).toEqual([]);
  });

  it('a notice with no title line before the plan and its signature at the end', async () => {
    const doc = parseGovernmentDocument(await read('govcn-transmit-nosig.txt'));
    expect(doc.title).toBe('示例市算力基础设施建设计划');
    expect(doc.notice?.text).toBe('现将《示例市算力基础设施建设计划》印发给你们，请结合实际认真贯彻执行。');
    expect(doc.notice?.addressee).toBe('各区人民政府，市政府各委、办、局：');
    expect(doc.preamble).toBe('为夯实算力基础，制定本计划。');
    expect([doc.issuer, doc.date]).toEqual(['示例市人民政府办公室', '2026-06-01']);
  });
});

describe('import: any size, any text', () => {
  it('120 items in 12 sub-parts: every number kept (100 and above too), the annex apart, all sentences', async () => {
    const content = await tempContent();
    const r = await importDocument({ file: fixture('items-120.txt'), id: 'big', content }, silentIo);
    const corpus = await loadCorpus(content, { cache: false });
    const items = corpus.sections.filter((s) => s.doc === 'big' && s.kind === 'item');
    expect(items.map((s) => s.number)).toEqual(Array.from({ length: 120 }, (_, k) => k + 1));
    expect(corpus.byId.get('big-3-10-100')!.text.zh).toBe('推进第100项工作。落实第100项工作的具体措施。');
    expect(corpus.byId.get('big-3-12-120')!.cite.zh).toBe('三(十二)120');
    expect(corpus.byId.get('big-3-10-99')!.text.zh).toBe('推进第99项工作。落实第99项工作的具体措施。');
    expect(corpus.byId.get('big-annex')!.text.zh).toContain('二、责任单位');
    expect(r.outline.length).toBe(1 + 3 + 12 + 120 + 1);
    const meta = corpus.documents.find((d) => d.id === 'big')!;
    expect([meta.issuer?.zh, meta.date]).toEqual(['示例省人民政府', '2026-07-01']);
    expect(missingSentences((await read('items-120.txt')).split('\n'), await everything(content, 'big', corpus))).toEqual([]);
  });

  it('text that looks like corpus or Markdown syntax loads and shows verbatim', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('markdown-syntax.txt'), id: 'syntax', content }, silentIo);
    const corpus = await loadCorpus(content, { cache: false });
    const part = corpus.byId.get('syntax-1')!;
    const shown = (md: string) => markdownToHtml(md).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    const html1 = markdownToHtml(part.text.zh);
    expect(html1).not.toMatch(/<(h1|blockquote|ol|hr)/);
    for (const l of [':::', '坚持安全与发展并重。', '::: en', '> 不是引用', '2026. 年份开头的一行']) expect(shown(part.text.zh)).toContain(l);
    const item = corpus.byId.get('syntax-2-1')!;
    const html = markdownToHtml(item.text.zh);
    expect(html).not.toMatch(/<(b|em|strong|code|a)\b/);
    expect(shown(item.text.zh)).toContain('平台用 <b>标签</b> 与 *星号*、_下划线_、`反引号` 和 [方括号](javascript:alert(1)) 以及 a|b 与 &amp; 原样显示。');
    expect(unescapeMarkdown(escapeMarkdown(':::\n# a\n1. b *c* \\ d'))).toBe(':::\n# a\n1. b *c* \\ d');
  });
});

describe('import is all or nothing', () => {
  it('ids: at most 64 characters of a-z, 0-9 and single hyphens, checked before anything is written, with a suggestion', async () => {
    expect(() => checkDocumentId('a'.repeat(64))).not.toThrow();
    expect(() => checkDocumentId('a'.repeat(65))).toThrow(UserError);
    expect(suggestId('Zhejiang AI Plan (2026)')).toBe('zhejiang-ai-plan-2026');
    expect(suggestId(`${'word-'.repeat(30)}end`)!.length).toBeLessThanOrEqual(64);
    const content = await tempContent();
    const err: string[] = [];
    const long = `plan-${'x'.repeat(300)}`;
    expect(await main(['import', fixture('provincial-plan.txt'), '--id', long, '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/not a valid document id[\s\S]*at most 64[\s\S]*hint: try --id plan-x{59}/);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
    expect(await main(['import', fixture('provincial-plan.txt'), '--id', 'Bad Id', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('try --id bad-id');
    expect(await readdir(content)).toEqual([]);
  });

  it('a section id that clashes with another document is refused and nothing is written', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo', content }, silentIo);
    const before = (await readdir(content)).sort();
    await expect(importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-1', content }, silentIo)).rejects.toThrow(/section id "demo-1-1", already used by/);
    expect((await readdir(content)).sort()).toEqual(before);
    await loadCorpus(content, { cache: false });
  });

  it('a write that fails leaves content/ as it was, with no staging folder behind', async () => {
    const content = await tempContent();
    await writeFile(path.join(content, 'blocked'), 'a file where the folder would go');
    const err: string[] = [];
    expect(await main(['import', fixture('provincial-plan.txt'), '--id', 'blocked', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/nothing was changed/);
    expect(await readdir(content)).toEqual(['blocked']);
  });

  it('--force replaces the folder in one move and keeps the files an import does not write', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo', content }, silentIo);
    await writeFile(path.join(content, 'demo', 'notes.txt'), 'mine');
    const forced = await importDocument({ file: fixture('govcn-inline.txt'), id: 'demo', content, force: true }, silentIo);
    expect((await readdir(path.join(content, 'demo'))).sort()).toEqual([...forced.written, 'notes.txt'].sort());
    expect((await readdir(content)).filter((n) => n.startsWith('.'))).toEqual([]);
    const corpus = await loadCorpus(content, { cache: false });
    expect(corpus.documents.find((d) => d.id === 'demo')!.title.zh).toBe('示例行业数字化转型实施方案');
  });

  it('input: regular files only, with a size limit', async () => {
    const content = await tempContent();
    const err: string[] = [];
    expect(await main(['import', '/dev/zero', '--id', 'zero', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('not a regular file');
    const big = path.join(path.dirname(content), 'big.txt');
    await writeFile(big, Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41));
    expect(await main(['import', big, '--id', 'big', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('too large (more than 4 MiB)');
    expect(await readdir(content)).toEqual([]);
  });

  it('the imported documents load beside the real corpus', async () => {
    const content = await tempContent(true);
    for (const [f, id] of [['govcn-flat.txt', 'flat'], ['govcn-transmit.txt', 'plan'], ['items-120.txt', 'big'], ['markdown-syntax.txt', 'syntax']] as const) {
      await importDocument({ file: fixture(f), id, content }, silentIo);
    }
    const corpus = await loadCorpus(content, { cache: false });
    expect(corpus.documents.map((d) => d.id)).toEqual(expect.arrayContaining(['ai-plus-opinions', 'flat', 'plan', 'big', 'syntax']));
  });
});
