/**
 * The corpus against its raw sources: every sentence of the Opinions and every paragraph of the explainer is in the
 * corpus, exactly once, and none of the pages' noise is.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Corpus, Section } from '../../src/corpus/types.js';
import { DEFAULTS } from '../../src/paths.js';
import { EXPLAINER_SOURCE, OPINIONS_SOURCE, readSource, realCorpus } from '../helpers/corpus.js';

const CJK = /[\u3400-\u9fff]/;
const CJK_RUN = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/g;

/** Every file under content/, as raw text, for the noise checks. */
function allContentText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(DEFAULTS.content);
  return out.join('\n');
}

const sentences = (para: string): string[] =>
  para
    .split(/(?<=[。;!?])/)
    .map((s) => s.trim())
    .filter(Boolean);

const docSections = (c: Corpus, doc: string): Section[] => c.sections.filter((s) => s.doc === doc);

/**
 * The explainer's own English, corrected where a bilingual reviewer found it wrong or inconsistent with the corpus's
 * terms (issue 14). Each correction is applied to the source before it is compared, so everything else is still
 * proved verbatim, and each must be used: a correction that no longer matches the source fails.
 */
const EXPLAINER_EN_CORRECTIONS: [string, string][] = [
  // 国家信息中心 is the State Information Center.
  ['Director of the National Information Center', 'Director of the State Information Center'],
  // 智能网联汽车: "intelligent connected vehicles", as in the Opinions.
  ['smart homes and connected vehicles', 'smart homes and intelligent connected vehicles'],
  // 协同: "in a coordinated way" (协同联动, 协同推进).
  ['Promote the synergistic linkage', 'Promote the coordinated linkage'],
  ['collaboratively promoting global AI development and governance', 'promoting global AI development and governance in a coordinated way'],
  // 智能向善: "AI for good", as in the Opinions.
  ['human-centeredness and beneficial intelligence', 'human-centeredness and AI for good'],
];
const correctEnglish = (p: string): string => EXPLAINER_EN_CORRECTIONS.reduce((t, [from, to]) => t.replace(from, to), p);
/** A "[sic]" the corpus adds after a slip it keeps verbatim (a missing 是): not part of the source's words. */
const withoutSic = (s: string): string => s.replace(/\[sic\]/g, '');

describe('the Opinions (国发〔2025〕11号) against its official text', () => {
  const raw = readSource(OPINIONS_SOURCE);
  const cut = raw.indexOf('来源:中国政府网');
  const body = raw.slice(0, cut);
  const noise = raw.slice(cut);
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

  it('keeps the title and document number as document data', async () => {
    const doc = (await realCorpus()).documents.find((d) => d.id === 'ai-plus-opinions')!;
    expect(doc.title.zh).toBe(paragraphs[0]);
    expect(doc.number).toBe(paragraphs[1]);
  });

  it('has every sentence from the preamble to the end of 组织实施 verbatim in exactly one section', async () => {
    const sections = docSections(await realCorpus(), 'ai-plus-opinions');
    let checked = 0;
    for (const para of paragraphs.slice(2)) {
      const text = para.replace(/^(?:[一二三四五六七八九十]+、|[(\uff08][一二三四五六七八九十]+[)\uff09]|\d+\.)/, '');
      if (!/[。;!?:]/.test(text)) {
        // A heading: it is the title of exactly one section.
        expect(sections.filter((s) => s.title.zh === text).map((s) => s.id), text).toHaveLength(1);
        checked++;
        continue;
      }
      for (const sentence of sentences(text)) {
        const holders = sections.filter((s) => s.text.zh.includes(sentence)).map((s) => s.id);
        expect(holders, sentence).toHaveLength(1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(110);
  });

  it('has none of the page noise (来源, 相关新闻 and the news list)', () => {
    const content = allContentText();
    const lines = noise.split('\n').map((l) => l.trim()).filter((l) => l.length >= 4);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      for (const s of sentences(line).filter((x) => x.length >= 4)) expect(content.includes(s), s).toBe(false);
    }
  });
});

describe('the explainer against its bilingual source', () => {
  const raw = readSource(EXPLAINER_SOURCE);
  const start = raw.indexOf('AI Summary (BLUF)');
  const end = raw.indexOf('← 返回文章列表');
  const body = raw.slice(start + 'AI Summary (BLUF)'.length, end);
  const chrome = [raw.slice(0, start), raw.slice(end)].join('\n');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/^(?:•\s*|\d+\.\s+)/, ''))
    .filter(Boolean);
  const isChinese = (p: string) => (p.match(CJK_RUN) ?? []).join('').length > p.replace(/\s/g, '').length * 0.5;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[‘’']/g, "'")
      .replace(/[“”"]/g, '"')
      .replace(/[()*]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  /** The English words of a paragraph, cut at the Chinese fragments the source left in it. */
  const englishChunks = (p: string) =>
    p
      .split(CJK_RUN)
      .map((c) => norm(c).replace(/^[\s,.:;"'-]+|[\s,:;"'-]+$/g, ''))
      .filter((c) => c.split(' ').length >= 3);

  it('has every Chinese paragraph verbatim in exactly one section and every heading as a title or sub-heading', async () => {
    const sections = docSections(await realCorpus(), 'ai-plus-explainer');
    let n = 0;
    for (const p of paragraphs) {
      if (isChinese(p)) {
        const isHeading = !p.includes('。');
        const text = p.replace(/\s*\([A-Za-z][^)]*\)\s*$/, ''); // "1. “人工智能+”科学技术 (AI + …)" → the Chinese
        const holders = sections.filter((s) => withoutSic(s.text.zh).includes(text) || (isHeading && s.title.zh === text)).map((s) => s.id);
        expect(holders, p).toHaveLength(1);
        n++;
      } else {
        // The Chinese in brackets after an English paragraph (the AI summary) is a Chinese paragraph too.
        const inner = /[(\uff08]([^()\uff08\uff09]*[\u4e00-\u9fff][^()\uff08\uff09]*)[)\uff09]\s*$/.exec(p)?.[1];
        if (inner) {
          expect(sections.filter((s) => s.text.zh.includes(inner)), inner).toHaveLength(1);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(35);
  });

  it('has every English paragraph, with its Chinese fragments translated', async () => {
    const sections = docSections(await realCorpus(), 'ai-plus-explainer');
    const en = sections.map((s) => norm(s.text.en + '\n' + s.title.en));
    let n = 0;
    for (const p of paragraphs.filter((x) => !isChinese(x))) {
      const english = correctEnglish(p).replace(/\s*[(\uff08][^()\uff08\uff09]*[\u4e00-\u9fff][^()\uff08\uff09]*[)\uff09]\s*$/, '');
      for (const chunk of englishChunks(english)) {
        expect(en.filter((t) => t.includes(chunk)).length, chunk).toBeGreaterThanOrEqual(1);
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
    const source = paragraphs.join('\n');
    for (const [from] of EXPLAINER_EN_CORRECTIONS) expect(source.replace(/"/g, '“'), from).toContain(from.replace(/"/g, '“'));
    for (const s of sections) expect(CJK.test(s.text.en), `Chinese left in the English of ${s.id}`).toBe(false);
  });

  it('keeps the figures exact', async () => {
    const c = await realCorpus();
    const why = c.byId.get('explainer-why-now')!;
    expect(why.text.en).toContain('41.06 zettabytes (ZB) in 2024, a year-on-year increase of 25%');
    expect(why.text.zh).toContain('2024年数据生产总量达41.06泽字节(ZB),同比增长25%');
    const wang = c.quotes.find((q) => q.speakers.includes('wang-yiming') && q.text.zh.includes('41.06'))!;
    expect(wang.text.en).toContain('41.06 zettabytes');
  });

  it('attributes each expert’s quoted words to that expert, in both languages', async () => {
    const c = await realCorpus();
    const experts = [...c.speakers.values()];
    let n = 0;
    for (const p of paragraphs) {
      const chinese = isChinese(p);
      const named = experts.filter((e) => p.includes(chinese ? e.name.zh : e.name.en));
      if (named.length !== 1) continue;
      const speaker = named[0]!;
      const segments = chinese ? [...p.matchAll(/“([^”]{15,})”/g)].map((m) => m[1]!) : correctEnglish(p).split('"').filter((x, i) => i % 2 === 1 && x.length >= 40);
      for (const seg of segments) {
        const mine = c.quotes.filter((q) => q.speakers.includes(speaker.id));
        if (chinese) {
          const found = mine.some((q) => withoutSic(q.text.zh).includes(seg) || seg.includes(withoutSic(q.text.zh)));
          expect(found, `${speaker.name.zh}: ${seg}`).toBe(true);
          expect(c.quotes.some((q) => !q.speakers.includes(speaker.id) && q.text.zh.includes(seg)), `misattributed: ${seg}`).toBe(false);
        } else {
          for (const chunk of englishChunks(seg)) {
            expect(mine.some((q) => norm(q.text.en).includes(chunk)), `${speaker.name.en}: ${chunk}`).toBe(true);
          }
        }
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(20);
  });

  it('has none of the site chrome (GEO, navigation, share, copyright and disclaimer)', () => {
    const content = allContentText();
    const lines = chrome.split('\n').map((l) => l.trim()).filter((l) => l.length >= 3);
    const title = '国务院发布“人工智能+”行动意见:六大领域八大支撑,全面解读国家AI战略蓝图';
    for (const line of lines) {
      if (line === title || line === '2026/1/23') continue; // kept as the document's title and date, not as text
      for (const s of sentences(line).filter((x) => x.length >= 3)) expect(content.includes(s), s).toBe(false);
    }
    expect(content).not.toContain('← 返回文章列表');
    expect(content).not.toContain('分享到');
  });
});

describe('the fixes of the bilingual review (issue 14)', () => {
  it('has every clause of the targets in the targets data, and 率先 as "first", not "lead"', async () => {
    const targets = (await realCorpus()).byId.get('targets')!;
    const data = targets.targets!;
    // Each clause of the targets paragraph (split at , and 。) is one target: its indicator and value are in it.
    const clauses = targets.text.zh.split(/[,。]/).map((c) => c.replace(/^到20\d\d年,?|^我国/g, '').replace(/^我国/, '')).filter(Boolean);
    expect(clauses.length).toBe(data.length);
    for (const c of clauses) {
      const t = data.find((x) => [...x.indicator.zh.replace(/为|提供/g, '')].every((ch) => c.includes(ch)));
      expect(t, c).toBeDefined();
    }
    expect(data.some((t) => t.year === 2030 && t.indicator.zh === '技术普惠和成果共享')).toBe(true);
    expect(data.some((t) => t.year === 2035 && t.indicator.zh.includes('社会主义现代化'))).toBe(true);
    expect(`${targets.text.en} ${targets.points.en.join(' ')}`).not.toMatch(/take the lead|\blead in\b/);
  });

  it('translates 智能代理, 探索推广 and 国家信息中心 as the reviewer asked', async () => {
    const c = await realCorpus();
    expect(c.byId.get('livelihood-work')!.text.en).not.toContain('intelligent agency');
    expect(c.byId.get('livelihood-work')!.text.en).toContain('AI agents');
    const life = c.byId.get('livelihood-life')!;
    expect(life.points.zh[0]).toMatch(/^探索推广/);
    expect(life.points.en[0]).toMatch(/^Explore and promote/);
    expect(c.speakers.get('xu-qiang')!.role.en).toBe('Director of the State Information Center');
    expect(allContentText()).not.toContain('National Information Center');
  });

  it('marks what the corpus adds to the explainer as editorial, and keeps no label twice', async () => {
    const c = await realCorpus();
    const impl = c.byId.get('explainer-implementation')!.text.zh;
    expect(impl).toMatch(/\[编者注:[^\]]*周伯文[^\]]*\]/);
    expect(impl).not.toMatch(/\*\*([^*]+)\*\*:\1/);
    expect(c.byId.get('explainer-governance')!.text.zh).toMatch(/\[编者注:[^\]]*吴世忠[^\]]*\]/);
    const summary = c.byId.get('explainer-summary')!;
    expect(summary.text.zh.split('\n\n')[0]).toContain('AI摘要');
    expect(summary.text.en.split('\n\n')[0]).toContain('AI summary');
    expect(c.byId.get('explainer-supports')!.text.zh).toContain('智能化科研基础设施[sic]AI for Science');
  });
});
