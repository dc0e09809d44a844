import { Lexer, type Token } from 'marked';

export interface MarkdownProblem {
  /** 0-based offset of the problem in the Markdown text. */
  offset: number;
  message: string;
  found: string;
}

/**
 * The presenter's Markdown follows the corpus's rules: no raw HTML (a `<script>`, `<b>`, a comment), links and images
 * only to http(s), mailto or in-page anchors — or, for images, a relative path (checked and copied by the caller).
 * Returns the first problem, or undefined.
 */
export function checkPresenterMarkdown(md: string, opts: { relativeImages?: boolean } = {}): MarkdownProblem | undefined {
  let tokens: Token[];
  try {
    tokens = new Lexer({ gfm: true }).lex(md);
  } catch {
    return { offset: 0, message: 'the Markdown cannot be read', found: md.slice(0, 40) };
  }
  let problem: MarkdownProblem | undefined;
  const at = (raw: string) => Math.max(0, md.indexOf(raw));
  const visit = (list: Token[]) => {
    for (const t of list) {
      if (problem) return;
      if (t.type === 'html') {
        problem = { offset: at(t.raw.trim()), message: /<script/i.test(t.raw) ? 'a script in the presenter\'s Markdown' : 'raw HTML in the presenter\'s Markdown', found: t.raw.trim().slice(0, 60) };
        return;
      }
      if (t.type === 'link' && !/^(https?:|mailto:|#)/i.test(t.href)) {
        problem = { offset: at(t.raw), message: 'a link that is not http(s), mailto or #', found: t.href.slice(0, 60) };
        return;
      }
      if (t.type === 'image' && !/^https?:/i.test(t.href) && !(opts.relativeImages && isRelativePath(t.href))) {
        problem = { offset: at(t.raw), message: opts.relativeImages ? 'an image that is not a relative path' : 'an image in a text (use "image:")', found: t.href.slice(0, 60) };
        return;
      }
      const children = (t as { tokens?: Token[] }).tokens;
      if (children) visit(children);
      const items = (t as { items?: { tokens: Token[] }[] }).items;
      if (items) for (const i of items) visit(i.tokens);
      const rows = (t as { header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] });
      if (rows.header) for (const c of rows.header) visit(c.tokens);
      if (rows.rows) for (const r of rows.rows) for (const c of r) visit(c.tokens);
    }
  };
  visit(tokens);
  return problem;
}

/** A relative path without a scheme, not absolute, not a protocol-relative URL. */
export function isRelativePath(p: string): boolean {
  return !!p && !/^[a-z][a-z0-9+.-]*:/i.test(p) && !p.startsWith('/') && !p.startsWith('\\');
}

/** Images of a Markdown text (their hrefs, in order). */
export function markdownImages(md: string): string[] {
  const out: string[] = [];
  const visit = (list: Token[]) => {
    for (const t of list) {
      if (t.type === 'image') out.push(t.href);
      const children = (t as { tokens?: Token[] }).tokens;
      if (children) visit(children);
      const items = (t as { items?: { tokens: Token[] }[] }).items;
      if (items) for (const i of items) visit(i.tokens);
    }
  };
  visit(new Lexer({ gfm: true }).lex(md));
  return out;
}

/** 1-based line and column of an offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
