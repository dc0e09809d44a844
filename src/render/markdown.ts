import { Marked } from 'marked';
import { once } from '../util/memo.js';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const SAFE_LINK = /^(https?:|mailto:|#)/i;
const PRESENTER_IMAGE = /^assets\/presenter\/[A-Za-z0-9._-]+$/;

/** GFM with raw HTML shown as text; a link or image whose target `allowed` refuses points to "#" instead. */
const safeMarked = (allowed: (type: 'link' | 'image', href: string) => boolean): Marked =>
  new Marked({
    gfm: true,
    async: false,
    renderer: {
      html({ text }) {
        return escapeHtml(text);
      },
    },
    walkTokens(token) {
      if ((token.type === 'link' || token.type === 'image') && !allowed(token.type, token.href)) token.href = '#';
    },
  });

/**
 * Corpus Markdown → HTML. Raw HTML in the Markdown is shown as text, never passed through, and links may only be
 * http(s), mailto or in-page anchors: the corpus is trusted for its words, not for markup. Made on first use (so is
 * `presenter`): a build of pages read from the cache renders no Markdown, and in the bundle marked itself is then
 * never loaded (scripts/bundle.mjs).
 */
const marked = once(() => safeMarked((_type, href) => SAFE_LINK.test(href)));

/**
 * The presenter's Markdown: the same rules, and images only from the presenter's files copied into the output
 * (assets/presenter/…, see build/presenter.ts). The spec's reader has refused raw HTML already; here it is shown as
 * text all the same.
 */
const presenter = once(() => safeMarked((type, href) => (type === 'link' ? SAFE_LINK : PRESENTER_IMAGE).test(href)));

export function presenterMarkdown(md: string): string {
  return presenter().parse(md) as string;
}

export function presenterInline(md: string): string {
  return presenter().parseInline(md) as string;
}

export function markdownToHtml(md: string): string {
  return marked().parse(md) as string;
}

export function markdownInline(md: string): string {
  return marked().parseInline(md) as string;
}

export { escapeHtml };
