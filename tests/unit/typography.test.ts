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
