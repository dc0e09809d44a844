import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/index.js';
import { parseGovernmentDocument, chineseNumeral, ImportError } from '../../src/import/parse.js';
import { toCorpusFiles as toFiles } from '../../src/import/sections.js';
import { tagKeywords } from '../../src/corpus/taxonomy.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';
import { main } from '../../src/cli/main.js';
import { silentIo } from '../../src/log.js';
import { OPINIONS_SOURCE, readSource, realCorpus } from '../helpers/corpus.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

// Tags are suggested from the corpus's taxonomies: the real corpus's title keywords.
const RULES = tagKeywords((await realCorpus()).documents);
const toCorpusFiles = (doc: Parameters<typeof toFiles>[0], id: string) => toFiles(doc, id, RULES);

const fixture = (name: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', name);

describe('parseGovernmentDocument on the raw Opinions', () => {
  const doc = parseGovernmentDocument(readSource(OPINIONS_SOURCE));

  it('finds the title, number, addressee and the structure of the curated corpus', async () => {
    const c = await realCorpus();
    const meta = c.documents.find((d) => d.id === 'ai-plus-opinions')!;
    expect(doc.title).toBe(meta.title.zh);
    expect(doc.docNumber).toBe(meta.number);
    expect(doc.addressee).toMatch(/^各省、自治区、直辖市人民政府/);
    expect(doc.parts.map((p) => p.title)).toEqual(['总体要求', '加快实施重点行动', '强化基础支撑能力', '组织实施']);
    expect(doc.parts[1]!.subparts.map((s) => s.items.length)).toEqual([3, 4, 2, 3, 3, 2]);
    expect(doc.parts[2]!.subparts.map((s) => s.number)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('has the same Chinese text as the curated sections, and none of the noise', async () => {
    const c = await realCorpus();
    const zh = (id: string) => c.byId.get(id)!.text.zh;
    expect(doc.preamble).toBe(zh('preamble').split('\n\n')[1]);
    expect(doc.parts[0]!.text).toBe(`${zh('general-requirements')}\n\n${zh('targets')}`);
    expect(doc.parts[3]!.text).toBe(zh('implementation'));
    const areas = ['science', 'industry', 'consumption', 'livelihood', 'governance', 'global'];
    doc.parts[1]!.subparts.forEach((sub, a) => {
      expect(sub.title).toBe(c.byId.get(areas[a]!)!.title.zh);
      sub.items.forEach((item) => {
        const curated = c.sections.find((s) => s.parent === areas[a] && s.number === item.number)!;
        expect(item.text).toBe(curated.text.zh);
      });
    });
    const supports = ['models', 'data', 'compute', 'environment', 'open-source', 'talent', 'policy', 'safety'];
    doc.parts[2]!.subparts.forEach((sub, s) => expect(sub.text).toBe(zh(supports[s]!)));
    const all = JSON.stringify(doc.parts) + doc.preamble;
    expect(all).not.toContain('来源');
    expect(all).not.toContain('京东方');
    expect(doc.dropped[0]).toBe('来源:中国政府网');
    expect(doc.dropped.length).toBeGreaterThan(20);
  });

  it('key points never drop a sentence with a number, a percentage or a year (the 2035 target of 总体要求)', () => {
    const { files } = toCorpusFiles(doc, 'raw');
    const part1 = files.find((f) => /(^|\/)raw-1\.md$/.test(f.name))!;
    const front = part1.text.split(/^---$/m)[1]!;
    expect(front).toContain('2027');
    expect(front).toContain('2030');
    expect(front).toContain('2035');
    // Every sentence of the section's text with a number in it is among its points.
    const body = part1.text.split(/^---$/m).slice(2).join('---');
    const withNumbers = body.split(/(?<=[。；])/).map((x) => x.trim().replace(/[。；]$/, '')).filter((x) => /\d/.test(x));
    expect(withNumbers.length).toBeGreaterThan(2);
    for (const sentence of withNumbers) expect(front).toContain(sentence.slice(0, 30));
  });

  it('suggests the area and support tags where the title makes them clear', () => {
    const { outline } = toCorpusFiles(doc, 'raw');
    const tag = (id: string) => outline.find((l) => l.id === id)!.tags;
    expect(tag('raw-3-9')).toEqual(['compute']);
    expect(tag('raw-2-2')).toEqual(['industry']);
    expect(tag('raw-3-14')).toEqual(['safety']);
    expect(tag('raw-1')).toEqual([]);
  });
});

describe('parseGovernmentDocument on other forms', () => {
  it('full-width brackets and digits, 1. 1、 （1） numbering, CRLF, no preamble, noise in the middle and at the end', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('provincial-plan.txt'), 'utf8'));
    expect(doc.docNumber).toBe('示政办发\u30142026\u30153号');
    expect(doc.preamble).toBe('');
    const subs = doc.parts[0]!.subparts;
    expect(subs.map((s) => [s.number, s.title, s.items.map((i) => i.number)])).toEqual([
      [1, '强化算力统筹', [1, 2]],
      [2, '加强数据供给', []],
      [3, '推进产业应用', [1, 2, 10]],
    ]);
    expect(subs[0]!.items[0]!.text).toBe('建设算力设施。推进示例算力中心建设。完善调度机制。');
    expect(subs[1]!.text).toBe('加强数据供给。推动公共数据开放。\n\n这一段不属于任何编号,应留在上一节。');
    expect(doc.closing).toEqual(['示例省人民政府办公厅', '2026年3月1日']);
    expect(doc.attachments).toEqual(['附件:重点任务分工表']);
    expect(doc.dropped).toEqual(['分享到:微信', '责任编辑:某某', '【打印本页】【关闭窗口】']);
    expect(JSON.stringify(doc)).not.toContain('\r');
  });

  it('a notice that transmits a document (印发…的通知): the document after the notice, items straight under parts', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('transmittal-notice.txt'), 'utf8'));
    // The document is the transmitted one; the notice (title, number, addressee, its own lines, signature, date) apart.
    expect(doc.title).toBe('示例省推动人工智能产业发展若干措施');
    expect(doc.docNumber).toBe('示政办\u30142026\u30157号');
    expect(doc.attachedTitle).toBe('示例省推动人工智能产业发展若干措施');
    expect(doc.notice).toEqual({
      title: '示例省人民政府办公厅关于印发示例省推动人工智能产业发展若干措施的通知',
      number: '示政办\u30142026\u30157号',
      addressee: '各市人民政府,省政府各部门:',
      text: '《示例省推动人工智能产业发展若干措施》已经省人民政府同意,现印发给你们,请认真组织实施。',
      issuer: '示例省人民政府办公厅',
      date: '2026-04-02',
      signature: ['示例省人民政府办公厅', '2026年4月2日'],
    });
    expect(doc.addressee).toBeUndefined();
    expect(doc.preamble).toBe('为推动人工智能产业发展,制定以下措施。');
    expect(doc.issuer).toBe('示例省人民政府办公厅');
    expect(doc.date).toBe('2026-04-02');
    expect(doc.parts.map((p) => [p.numeral, p.title, p.subparts.flatMap((s) => s.items.map((i) => i.number))])).toEqual([
      ['一', '强化技术攻关', [1, 2]],
      ['二', '加强算力支撑', [3, 4]],
      ['三', '保障措施', [5]],
    ]);
    expect(doc.closing).toEqual(['示例省人民政府办公厅', '2026年4月2日']);
    expect(doc.attachments).toEqual(['附件:重点任务分工表']);

    const { files, outline } = toCorpusFiles(doc, 'demo-measures');
    // Parts with their items are areas; items hang off them, cited 二3; no invented sub-part.
    expect(outline.map((l) => [l.id, l.cite])).toEqual([
      ['demo-measures-notice', '印发通知'],
      ['demo-measures-preamble', '序言'],
      ['demo-measures-1', '一'],
      ['demo-measures-1-1', '一1'],
      ['demo-measures-1-2', '一2'],
      ['demo-measures-2', '二'],
      ['demo-measures-2-3', '二3'],
      ['demo-measures-2-4', '二4'],
      ['demo-measures-3', '三'],
      ['demo-measures-3-5', '三5'],
    ]);
    const file = (name: string) => files.find((f) => f.name === name)!.text;
    expect(file('demo-measures-1.md')).toMatch(/^kind: area$/m);
    expect(file('demo-measures-1-1.md')).toMatch(/^parent: demo-measures-1$/m);
    // The lead department stays with its sentence; no YAML anchors in files people will edit.
    expect(file('demo-measures-1-1.md')).toContain('- 每年实施一批重点项目(省科技厅牵头)');
    expect(files.map((f) => f.text).join('')).not.toMatch(/[&*]a\d/);
    expect(file('_document.yaml')).toMatch(/short:\n  zh: 《措施》/);
    expect(outline.find((l) => l.id === 'demo-measures-2')!.tags).toEqual(['compute']);
  });

  it('a copy of a web page: the header block (索引号, 发文字号, 来源 …) dropped, the repeated title read once', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('web-page-copy.txt'), 'utf8'));
    expect(doc.title).toBe('示例部关于推进人工智能赋能示例行业的实施意见');
    expect(doc.docNumber).toBe('示部发\u30142026\u301512号');
    expect(doc.addressee).toBe('各有关单位:');
    expect(doc.preamble).toBe('为推进人工智能赋能示例行业,提出如下意见。');
    expect(doc.parts.map((p) => [p.title, p.text, p.subparts.map((s) => [s.title, s.items.map((i) => i.title)])])).toEqual([
      ['总体要求', '到2028年,人工智能在示例行业广泛应用。', []],
      ['重点任务', '', [['建设行业数据集', []], ['推广智能应用', ['推广智能调度', '推广智能质检']]]],
      ['保障措施', '加强组织领导,强化资金保障。', []],
    ]);
    expect(doc.closing).toEqual(['示例部', '2026年5月6日']);
    // Everything dropped is reported, header and trailer alike.
    expect(doc.dropped).toEqual(expect.arrayContaining(['索引号:000014349/2026-00012', '发布时间:2026-05-08 10:00 来源:示例部网站', '【打印本页】【关闭窗口】', '来源:示例部网站', '相关新闻', '与本文无关的新闻']));
    expect(doc.dropped.length).toBe(14);
  });

  it('full-width punctuation, as gov.cn prints it, reads the same as ASCII (addressee, titles, 来源 at the end)', () => {
    // The shared source has ASCII punctuation; the same text as the web page prints it, with ，：；（）.
    const ascii = readSource(OPINIONS_SOURCE);
    const fullWidth = ascii.replace(/[,:;()]/g, (c) => ({ ',': '\uff0c', ':': '\uff1a', ';': '\uff1b', '(': '\uff08', ')': '\uff09' })[c]!);
    const a = parseGovernmentDocument(ascii);
    const f = parseGovernmentDocument(fullWidth);
    const shape = (d: typeof a) => d.parts.map((p) => [p.title, p.subparts.map((s) => [s.number, s.title.replace(/[\uff0c\uff1b]/g, (c) => (c === '\uff0c' ? ',' : ';')), s.items.map((i) => i.title.replace(/\uff0c/g, ','))])]);
    expect(shape(f)).toEqual(shape(a));
    expect(f.title).toBe(a.title);
    expect(f.addressee).toBe(a.addressee!.replace(/,/g, '\uff0c').replace(/:/g, '\uff1a'));
    expect(f.dropped[0]).toMatch(/^\u6765\u6e90\uff1a/);
    expect(JSON.stringify(f.parts)).not.toContain('\u6765\u6e90');
    // A heading ending in a full-width semicolon is a heading, not its first sentence.
    const d = parseGovernmentDocument('\u5173\u4e8e\u793a\u4f8b\u7684\u901a\u77e5\n\u5404\u6709\u5173\u5355\u4f4d\uff1a\n\uff08\u4e00\uff09\u5efa\u8bbe\u7b97\u529b\u57fa\u7840\u8bbe\u65bd\uff1b\u63a8\u8fdb\u6570\u636e\u4e2d\u5fc3\u5efa\u8bbe\u3002');
    expect(d.title).toBe('\u5173\u4e8e\u793a\u4f8b\u7684\u901a\u77e5');
    expect(d.addressee).toBe('\u5404\u6709\u5173\u5355\u4f4d\uff1a');
    expect(d.parts[0]!.subparts[0]!.title).toBe('\u5efa\u8bbe\u7b97\u529b\u57fa\u7840\u8bbe\u65bd');
  });

  it('the gov.cn header block with spaced labels (索 引 号：) and tabs is dropped, its number kept', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('govcn-header.txt'), 'utf8'));
    expect(doc.title).toBe('\u56fd\u52a1\u9662\u5173\u4e8e\u793a\u4f8b\u7684\u610f\u89c1');
    expect(doc.docNumber).toBe('\u56fd\u53d1\u30142025\u301511\u53f7');
    expect(doc.addressee).toMatch(/\uff1a$/);
    expect(doc.dropped.slice(0, 5).every((l) => /^(\u7d22|\u53d1|\u6807|\u4e3b)/.test(l))).toBe(true);
    expect(doc.parts.map((p) => p.title)).toEqual(['\u603b\u4f53\u8981\u6c42', '\u91cd\u70b9\u4efb\u52a1']);
  });

  it('an annex with its own 一、 二、 is kept whole as one section; the body keeps its ids', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('annex-structure.txt'), 'utf8'));
    expect(doc.parts.map((p) => p.title)).toEqual(['\u53d1\u5c55\u76ee\u6807', '\u91cd\u70b9\u4efb\u52a1', '\u4fdd\u969c\u63aa\u65bd']);
    expect(doc.annexes).toHaveLength(1);
    expect(doc.annexes[0]!.text.split('\n\n')[0]).toBe('\u4e00\u3001\u7b97\u529b\u7c7b\u4efb\u52a1');
    const { outline } = toCorpusFiles(doc, 'a');
    const ids = outline.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe('a-annex');
    expect(outline.at(-1)!.cite).toBe('\u9644\u4ef6');
    // In a 办法 too: the annex's 一、 neither switches the numbering nor joins the last article.
    const art = parseGovernmentDocument(await readFile(fixture('articles-annex.txt'), 'utf8'));
    expect(art.numbering).toBe('articles');
    expect(art.parts.flatMap((p) => p.subparts.flatMap((s) => s.items.map((i) => i.number)))).toEqual([1, 2, 3, 4, 5]);
    expect(art.parts.at(-1)!.subparts[0]!.items.at(-1)!.text).toBe('\u672c\u529e\u6cd5\u81ea2026\u5e745\u67081\u65e5\u8d77\u65bd\u884c\u3002');
    expect(art.annexes[0]!.text).toContain('\u4e00\u3001\u7b97\u529b\u7c7b\u4efb\u52a1');
  });

  it('numbering traps: "三、四线城市…" is text, a (一) after items gets an id of its own, a table in the last part stays text', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('numbering-traps.txt'), 'utf8'));
    expect(doc.parts.map((p) => p.numeral)).toEqual(['\u4e00', '\u4e8c', '\u4e09']);
    expect(doc.parts[1]!.subparts[0]!.items[0]!.text).toContain('\u4e09\u3001\u56db\u7ebf\u57ce\u5e02\u8981\u52a0\u5feb\u8865\u9f50\u77ed\u677f');
    const ids = toCorpusFiles(doc, 'c').outline.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('c-1-1-b');

    const table = parseGovernmentDocument(await readFile(fixture('table-last-part.txt'), 'utf8'));
    expect(table.closing).toEqual([]);
    const last = table.parts.at(-1)!.text;
    for (const cell of ['\u7701\u53d1\u5c55\u6539\u9769\u59d4', '2026\u5e7412\u670831\u65e5', '2027\u5e746\u670830\u65e5', '\u5404\u5730\u8981\u6309\u65f6\u5b8c\u6210\u4e0a\u8ff0\u4efb\u52a1\u3002']) expect(last).toContain(cell);
  });

  it('Markdown from an editor: escaped numbers (1\\.), circled numbers (①) and bold sub-part titles', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('markdown-escaped.md'), 'utf8'));
    expect(doc.parts.map((p) => [p.title, p.subparts.map((s) => [s.title, s.items.map((i) => [i.number, i.title])])])).toEqual([
      ['\u603b\u4f53\u76ee\u6807', []],
      ['\u91cd\u70b9\u4efb\u52a1', [
        ['\u5f3a\u5316\u7b97\u529b', [[1, '\u5efa\u8bbe\u7b97\u529b\u4e2d\u5fc3'], [2, '\u5b8c\u5584\u7b97\u529b\u7f51\u7edc']]],
        ['\u52a0\u5f3a\u5e94\u7528', [[1, '\u63a8\u8fdb\u667a\u80fd\u5236\u9020'], [2, '\u63a8\u8fdb\u667a\u6167\u519c\u4e1a']]],
      ]],
      ['\u4fdd\u969c\u63aa\u65bd', [['', [[1, '\u52a0\u5f3a\u7ec4\u7ec7'], [2, '\u5f3a\u5316\u8d44\u91d1']]]]],
    ]);
    expect(JSON.stringify(doc)).not.toContain('\\\\.');
  });

  it('text copied from a PDF: lines broken at the page width are joined into paragraphs, page numbers dropped', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('pdf-wrapped.txt'), 'utf8'));
    expect(doc.title).toBe('\u5173\u4e8e\u52a0\u5feb\u63a8\u8fdb\u793a\u4f8b\u4ea7\u4e1a\u9ad8\u8d28\u91cf\u53d1\u5c55\u7684\u5b9e\u65bd\u610f\u89c1');
    expect(doc.preamble).toBe('\u4e3a\u52a0\u5feb\u63a8\u8fdb\u793a\u4f8b\u4ea7\u4e1a\u9ad8\u8d28\u91cf\u53d1\u5c55\uff0c\u7ed3\u5408\u6211\u7701\u5b9e\u9645\uff0c\u5236\u5b9a\u672c\u5b9e\u65bd\u610f\u89c1\u3002');
    expect(doc.parts[0]!.text).toBe('\u4ee5\u4e60\u8fd1\u5e73\u65b0\u65f6\u4ee3\u4e2d\u56fd\u7279\u8272\u793e\u4f1a\u4e3b\u4e49\u601d\u60f3\u4e3a\u6307\u5bfc\uff0c\u52302027\u5e74\uff0c\u5168\u7701\u793a\u4f8b\u4ea7\u4e1a\u89c4\u6a21\u8fbe\u52301.5\u4e07\u4ebf\u5143\uff0c\u57f9\u80b2\u4e00\u6279\u9f99\u5934\u4f01\u4e1a\u3002');
    expect(doc.parts[1]!.subparts[0]!.items[0]!.text).toBe('\u5efa\u8bbe\u521b\u65b0\u5e73\u53f0\u3002\u652f\u6301\u5efa\u8bbe\u4e00\u6279\u7701\u7ea7\u521b\u65b0\u4e2d\u5fc3\uff0c2027\u5e74\u524d\u5efa\u621020\u4e2a\u4ee5\u4e0a\u3002');
    expect(doc.dropped).toEqual(['\u2014 1 \u2014']);
  });

  it('Markdown headings, sub-items kept inside their item, sub-parts without items, trailing news dropped', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('markdown-opinion.md'), 'utf8'));
    expect(doc.title).toBe('关于加快示例产业发展的意见');
    expect(doc.preamble).toBe('为加快发展示例产业,提出如下意见。');
    expect(doc.parts.map((p) => p.title)).toEqual(['总体要求', '重点任务', '组织实施']);
    const items = doc.parts[1]!.subparts[0]!.items;
    expect(items.map((i) => i.number)).toEqual([1, 2]);
    expect(items[0]!.text).toContain('(1)这是第1项下的细项');
    expect(doc.parts[1]!.subparts[1]!.text).toBe('完善支撑体系。加强人才培养。健全标准体系。');
    expect(doc.dropped).toEqual(['来源:示例网站', '相关新闻', '与本文无关的新闻一']);
  });

  it('rejects empty input, binary input and text without structure with clear errors', async () => {
    expect(() => parseGovernmentDocument('  \n')).toThrow(/empty/);
    const binary = (await readFile(fixture('binary.bin'))).toString('latin1');
    expect(() => parseGovernmentDocument(binary)).toThrow(ImportError);
    expect(() => parseGovernmentDocument(`标题\n\n${'一段文字。'.repeat(3)}`)).toThrow(/no recognisable structure/);
  });

  it('reads Chinese numerals', () => {
    expect(['一', '九', '十', '十一', '十四', '二十', '二十三'].map(chineseNumeral)).toEqual([1, 9, 10, 11, 14, 20, 23]);
    expect(['一百', '一百零五', '一百一十', '一百十二', '二百三十四', '百'].map(chineseNumeral)).toEqual([100, 105, 110, 112, 234, 100]);
    expect(['零', '十十', '一二', '百百', '一百零', '三十零'].map(chineseNumeral)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('chapters, sections and articles (办法, 条例): articles are items, (一) lists stay inside their article', async () => {
    const doc = parseGovernmentDocument(await readFile(fixture('measures-articles.txt'), 'utf8'));
    expect(doc.numbering).toBe('articles');
    expect(doc.title).toBe('示例人工智能服务管理暂行办法');
    expect(doc.parts.map((p) => [p.numeral, p.title, p.subparts.map((s) => [s.numeral, s.title, s.items.map((i) => i.number)])])).toEqual([
      ['一', '总则', [['', '', [1, 2]]]],
      ['二', '技术发展与治理', [['一', '支持发展', [3, 4]], ['二', '服务规范', [5]]]],
      ['三', '附则', [['', '', [10]]]],
    ]);
    const art5 = doc.parts[1]!.subparts[1]!.items[0]!;
    expect(art5.text.split('\n\n')).toHaveLength(4);
    expect(art5.text).toContain('(二)涉及知识产权的,不得侵害他人依法享有的知识产权;');
    // An article has no title of its own: a short one is made from its first sentence or clause.
    expect(doc.parts[1]!.subparts[0]!.items.map((i) => i.title)).toEqual(['国家鼓励人工智能技术在各行业、各领域的创新应用', '支持行业组织、企业、教育和科研机构等在人工智\u2026']);
    expect(doc.parts[2]!.subparts[0]!.items[0]!.title).toBe('本办法自2026年1月1日起施行');
    expect(doc.closing).toEqual([]);

    const { files, outline } = toCorpusFiles(doc, 'demo-measures');
    expect(outline.map((l) => [l.id, l.cite])).toEqual([
      ['demo-measures-chapter-1', '第一章'],
      ['demo-measures-article-1', '第一条'],
      ['demo-measures-article-2', '第二条'],
      ['demo-measures-chapter-2', '第二章'],
      ['demo-measures-chapter-2-section-1', '第二章第一节'],
      ['demo-measures-article-3', '第三条'],
      ['demo-measures-article-4', '第四条'],
      ['demo-measures-chapter-2-section-2', '第二章第二节'],
      ['demo-measures-article-5', '第五条'],
      ['demo-measures-chapter-3', '第三章'],
      ['demo-measures-article-10', '第十条'],
    ]);
    const file = (name: string) => files.find((f) => f.name === name)!.text;
    expect(file('demo-measures-article-10.md')).toMatch(/cite:\n  zh: 第十条\n  en: Article 10\n/);
    expect(file('demo-measures-chapter-2-section-1.md')).toMatch(/en: Chapter II, Section 1/);
    expect(file('demo-measures-article-3.md')).toMatch(/^parent: demo-measures-chapter-2-section-1$/m);
  });

  it('articles without chapters hang off no part', () => {
    const doc = parseGovernmentDocument('示例办法\n\n第一条 为了规范管理,制定本办法。\n\n第二条 本办法适用于示例活动。');
    const { outline, files } = toCorpusFiles(doc, 'x');
    expect(outline.map((l) => l.id)).toEqual(['x-article-1', 'x-article-2']);
    expect(files.find((f) => f.name === 'x-article-1.md')!.text).not.toMatch(/^parent:/m);
  });
});

describe('briefing import', () => {
  async function tempContent(): Promise<string> {
    const dir = await tempDir('import');
    await cp(DEFAULTS.content, path.join(dir, 'content'), { recursive: true });
    return path.join(dir, 'content');
  }

  it('writes a valid corpus folder, is idempotent, needs --force to replace, and --dry-run writes nothing', async () => {
    const content = await tempContent();
    const dry = await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-plan', content, dryRun: true }, silentIo);
    expect(dry.written).toEqual([]);
    await expect(readdir(path.join(content, 'demo-plan'))).rejects.toThrow();

    const first = await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-plan', content }, silentIo);
    expect(first.written.length).toBe(first.outline.length + 1);
    const corpus = await loadCorpus(content);
    const sections = corpus.sections.filter((s) => s.doc === 'demo-plan');
    expect(sections.map((s) => s.id)).toEqual(first.outline.map((l) => l.id));
    expect(sections.every((s) => s.untranslated.includes('en'))).toBe(true);
    expect(corpus.byId.get('demo-plan-1-1')!.text.zh).toBe('建设算力设施。推进示例算力中心建设。完善调度机制。');

    const again = await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-plan', content }, silentIo);
    expect(again.unchanged).toBe(true);

    await expect(importDocument({ file: fixture('markdown-opinion.md'), id: 'demo-plan', content }, silentIo)).rejects.toThrow(/already exists/);
    const forced = await importDocument({ file: fixture('markdown-opinion.md'), id: 'demo-plan', content, force: true }, silentIo);
    expect(forced.written.length).toBeGreaterThan(3);
    expect((await readdir(path.join(content, 'demo-plan'))).sort()).toEqual(forced.written.sort());
  });

  it('a spec mixing the Opinions with an imported document builds; an en build warns and marks the untranslated text', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-plan', content }, silentIo);
    const dir = path.dirname(content);
    const spec = path.join(dir, 'mixed.yaml');
    await writeFile(spec, 'title: Mixed\nlanguage: en\nsections:\n  - area: industry\n  - doc: demo-plan\n');
    const err: string[] = [];
    const out: string[] = [];
    const code = await main(['build', spec, '--content', content, '--out', path.join(dir, 'out')], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code, err.join('\n')).toBe(0);
    expect(err.join('\n')).toMatch(/"demo-plan-1-1" .* has no en translation yet/);
    const html = await readFile(path.join(dir, 'out', 'deck.html'), 'utf8');
    expect(html).toContain('建设算力设施');
    expect(html).toContain('untranslated-mark');
    expect(html).toContain('id="industry-agriculture"');

    const listed: string[] = [];
    expect(await main(['list', '--doc', 'demo-plan', '--content', content], { out: (l) => listed.push(l), err: () => {} })).toBe(0);
    expect(listed.join('\n')).toContain('demo-plan-3-10');
    expect(listed.join('\n')).toMatch(/demo-plan-3-10\s+\(3\) 10/);
    const bad: string[] = [];
    expect(await main(['validate', spec.replace('mixed', 'bad'), '--content', content], { out: () => {}, err: (l) => bad.push(l) })).toBe(2);
  });

  it('the opening text of a part or sub-part that has items is in the deck (heading slide notes)', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('intro-text.txt'), id: 'intro', content }, silentIo);
    const dir = path.dirname(content);
    const spec = path.join(dir, 'intro.yaml');
    await writeFile(spec, 'title: T\nlanguage: zh\nsections:\n  - doc: intro\n');
    const err: string[] = [];
    expect(await main(['build', spec, '--content', content, '--out', path.join(dir, 'out')], { out: () => {}, err: (l) => err.push(l) }), err.join('\n')).toBe(0);
    const html = await readFile(path.join(dir, 'out', 'deck.html'), 'utf8');
    expect(html).toContain('\u7edf\u7b79\u63a8\u8fdb\u7532\u4e59\u4e19\u4e01\u7279\u522b\u53e5\u5b50');
    expect(html).toContain('\u57fa\u672c\u5efa\u6210\u72ec\u7279\u76ee\u6807\u4f53\u7cfb');
  });

  it('an unknown doc in a spec is an error with a suggestion', async () => {
    const content = await tempContent();
    await importDocument({ file: fixture('provincial-plan.txt'), id: 'demo-plan', content }, silentIo);
    const spec = path.join(path.dirname(content), 'typo.yaml');
    await writeFile(spec, 'title: T\nsections:\n  - doc: demo-plna\n');
    const err: string[] = [];
    expect(await main(['validate', spec, '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('did you mean "demo-plan"?');
  });

  it('CLI: import errors are bad input (2) with the file named', async () => {
    const err: string[] = [];
    const content = await tempContent();
    expect(await main(['import', fixture('no-structure.txt'), '--id', 'x', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('no-structure.txt: no recognisable structure');
    expect(await main(['import', fixture('binary.bin'), '--id', 'x', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(await main(['import', fixture('provincial-plan.txt'), '--id', 'Bad Id', '--content', content], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
  });
});
