/** The two Markdown renderers (corpus, presenter): raw HTML as text, links and images only where they may point. */
import { describe, expect, it } from 'vitest';
import { markdownInline, markdownToHtml, presenterInline, presenterMarkdown } from '../../src/render/markdown.js';

const SAMPLE = [
  '<b>raw</b>',
  '[web](https://example.org) [mail](mailto:a@b.c) [here](#x) [js](javascript:alert(1)) [rel](notes.html)',
  '![pic](assets/presenter/logo.png) ![web](https://example.org/a.png) ![up](assets/presenter/../x.png) ![js](javascript:x)',
].join('\n\n');

describe('corpus Markdown', () => {
  it('shows raw HTML as text; links and images keep http(s), mailto and # targets only', () => {
    expect(markdownToHtml(SAMPLE)).toBe(
      '<p>&lt;b&gt;raw&lt;/b&gt;</p>\n' +
        '<p><a href="https://example.org">web</a> <a href="mailto:a@b.c">mail</a> <a href="#x">here</a> <a href="#">js</a> <a href="#">rel</a></p>\n' +
        '<p><img src="#" alt="pic"> <img src="https://example.org/a.png" alt="web"> <img src="#" alt="up"> <img src="#" alt="js"></p>\n',
    );
    expect(markdownInline('**b** <i>x</i> [j](javascript:1)')).toBe('<strong>b</strong> &lt;i&gt;x&lt;/i&gt; <a href="#">j</a>');
  });
});

describe('presenter Markdown', () => {
  it('the same link rules; images only from assets/presenter/<name>', () => {
    expect(presenterMarkdown(SAMPLE)).toBe(
      '<p>&lt;b&gt;raw&lt;/b&gt;</p>\n' +
        '<p><a href="https://example.org">web</a> <a href="mailto:a@b.c">mail</a> <a href="#x">here</a> <a href="#">js</a> <a href="#">rel</a></p>\n' +
        '<p><img src="assets/presenter/logo.png" alt="pic"> <img src="#" alt="web"> <img src="#" alt="up"> <img src="#" alt="js"></p>\n',
    );
    expect(presenterInline('[w](https://x.org) ![i](assets/presenter/a.svg)')).toBe('<a href="https://x.org">w</a> <img src="assets/presenter/a.svg" alt="i">');
  });
});
