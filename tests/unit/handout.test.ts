import { describe, expect, it } from 'vitest';
import { quoteOnce } from '../../src/render/handout.js';

const quote = (id: string, text: string) => `<blockquote class="notes-quote" data-quote="${id}"><p>${text}</p><p>— Zhou Bowen (Director)</p></blockquote>`;

describe('quoteOnce', () => {
  it('keeps a quote in full on its first slide and refers back to it on later ones', () => {
    const slides = [
      { index: 3, notesHtml: `<p>a</p>${quote('q1', 'Full text one.')}${quote('q2', 'Full text two.')}` },
      { index: 4, notesHtml: `<p>b</p>${quote('q1', 'Full text one.')}` },
      { index: 5, notesHtml: `${quote('q2', 'Full text two.')}${quote('q3', 'Three.')}` },
    ];
    const out = quoteOnce(slides, 'en');
    const all = out.map((s) => s.notesHtml).join('\n');
    expect(all.match(/Full text one\./g)).toHaveLength(1);
    expect(all.match(/Full text two\./g)).toHaveLength(1);
    expect(out[1]!.notesHtml).toContain('<p class="notes-quote-ref" data-quote="q1">— Zhou Bowen (Director): quoted in full in the notes of slide 3</p>');
    expect(out[2]!.notesHtml).toContain('quoted in full in the notes of slide 3');
    expect(out[2]!.notesHtml).toContain('Three.');
    expect(out[0]!.notesHtml).toBe(slides[0]!.notesHtml);
  });

  it('says it in the briefing language', () => {
    const out = quoteOnce([{ index: 2, notesHtml: quote('q', 'x') }, { index: 7, notesHtml: quote('q', 'x') }], 'zh');
    expect(out[1]!.notesHtml).toContain('引语全文见第 2 页幻灯片的备注');
  });
});
