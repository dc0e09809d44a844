import { describe, expect, it } from 'vitest';
import { fullWidthPunctuation as fw } from '../../src/render/typography.js';

describe('full-width punctuation in Chinese text', () => {
  it.each([
    ['进程,探索', '进程，探索'],
    ['目标:到2027年', '目标：到2027年'],
    ['到2027年,率先实现;到2030年', '到2027年，率先实现；到2030年'],
    ['普及率超70%,智能经济', '普及率超70%，智能经济'],
    ['为何在此时推出?', '为何在此时推出？'],
    ['要大胆实践!', '要大胆实践！'],
    ['41.06泽字节(ZB),同比增长25%', '41.06泽字节（ZB），同比增长25%'],
    ['(以下简称《意见》)', '（以下简称《意见》）'],
    ['《意见》二(二)3', '《意见》二（二）3'],
    ['“双刃剑”,既带来', '“双刃剑”，既带来'],
    ['**模型的内在风险**:技术局限', '**模型的内在风险**：技术局限'],
    ['AI技术,推动', 'AI技术，推动'],
    ['人工智能,AI for Science', '人工智能，AI for Science'],
    ['目标: 到2027年', '目标：到2027年'],
  ])('%s → %s', (from, to) => expect(fw(from)).toBe(to));

  it.each([
    ['numbers', '增长2027.5亿元,比例为1:2,共1,000个', '增长2027.5亿元，比例为1:2，共1,000个'],
    ['a web address', '详见https://www.gov.cn/zhengce/a,b:c?d=1(2)。', '详见https://www.gov.cn/zhengce/a,b:c?d=1(2)。'],
    ['English inside Chinese', '鄂维南说AI for Science, and more (in English), 是底座', '鄂维南说AI for Science, and more (in English)，是底座'],
    ['a Chinese word inside an English sentence', '称为智能向善, which is', '称为智能向善, which is'],
    ['a Markdown link', '见[国务院文件](https://www.gov.cn/a(b)),并', '见[国务院文件](https://www.gov.cn/a(b))，并'],
    ['inline code', '运行`a,b:c`,然后', '运行`a,b:c`，然后'],
    ['text with no Chinese', 'Hello, world: (yes)!', 'Hello, world: (yes)!'],
    ['a time', '会议于10:30开始', '会议于10:30开始'],
  ])('leaves %s alone', (_what, from, to) => expect(fw(from)).toBe(to));

  it('keeps full-width marks and brackets that hold only English in English text', () => {
    expect(fw('已是全角，不变：（一）')).toBe('已是全角，不变：（一）');
    expect(fw('见 AI (artificial intelligence) 一词')).toBe('见 AI (artificial intelligence) 一词');
  });

  it('converts every half-width mark between Chinese characters of the whole Opinions', async () => {
    const { realCorpus } = await import('../helpers/corpus.js');
    const corpus = await realCorpus();
    let before = 0;
    let after = 0;
    const between = /[\u4e00-\u9fff\u201d\u300b][,:;!?()][\u4e00-\u9fff\u201c\u300a]/g;
    for (const s of corpus.sections) {
      before += (s.text.zh.match(between) ?? []).length;
      after += (fw(s.text.zh).match(between) ?? []).length;
    }
    expect(before).toBeGreaterThan(200);
    expect(after).toBe(0);
  });
});

describe('full-width punctuation: one pass, the same result for every length', () => {
  it('drops the spaces before a full-width mark, made or already there, only where a mark is converted', () => {
    expect(fw('进程 ,探索')).toBe('进程，探索');
    expect(fw('进程 ，探索,完成')).toBe('进程，探索，完成');
    expect(fw('进程 ，探索')).toBe('进程 ，探索'); // nothing half-width: left as it is
    expect(fw('甲 (乙) ,丙')).toBe('甲 （乙），丙');
  });

  it('a long text converts like its pieces: brackets without partners, marks after spaces, protected spans', () => {
    const piece = '增长(见附表,其中2027年1,000个 ,详见`a,b`) 目标: 到2030年;(甲(乙';
    const once = fw(piece);
    expect(once).toBe('增长（见附表，其中2027年1,000个，详见`a,b`）目标：到2030年；（甲（乙');
    // Joined by a line break (nothing across it changes), 2,000 pieces give 2,000 converted pieces.
    const many = Array.from({ length: 2000 }, (_, i) => `${i}${piece}`).join('\n');
    expect(fw(many)).toBe(Array.from({ length: 2000 }, (_, i) => `${i}${once}`).join('\n'));
  });

  it('an open bracket looks ahead to the next closing one: Chinese before it makes it full-width', () => {
    // Every "(" sees Chinese before the one ")": all 5,000 are made full-width, the ")" after the last of them.
    const out = fw(`${'(a'.repeat(5000)}中)`);
    expect(out.match(/\uff08/g)?.length).toBe(5000);
    expect(out.endsWith('（a中）')).toBe(true);
    // Brackets that hold only Latin stay half-width, however many come before.
    expect(fw(`${'(a)'.repeat(3000)}中(b)`)).toBe(`${'(a)'.repeat(3000)}中（b）`);
  });

  it('gives the same answer when asked again (results are remembered)', () => {
    const s = '目标:到2027年,率先实现';
    expect(fw(s)).toBe(fw(s));
    expect(fw(s)).toBe('目标：到2027年，率先实现');
  });
});
