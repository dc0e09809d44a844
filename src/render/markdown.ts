import { Marked } from 'marked';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Corpus Markdown → HTML. Raw HTML in the Markdown is shown as text, never passed through, and links may only be
 * http(s), mailto or in-page anchors: the corpus is trusted for its words, not for markup.
 */
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
  walkTokens(token) {
    if ((token.type === 'link' || token.type === 'image') && !/^(https?:|mailto:|#)/i.test(token.href)) token.href = '#';
  },
});

export function markdownToHtml(md: string): string {
  return marked.parse(md) as string;
}

export function markdownInline(md: string): string {
  return marked.parseInline(md) as string;
}

export { escapeHtml };
