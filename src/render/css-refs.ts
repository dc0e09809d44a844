import { ident, parse, string as cssString, tokenize, tokenTypes, url as cssUrl, walk, type CssNode, type WalkContext } from 'css-tree/dist/csstree.esm';

/** A place in a stylesheet that names something to load, as the browser will read it. */
export interface CssRef {
  /** The URL text with CSS escapes decoded (percent-escapes are left to the URL parser). */
  url: string;
  /** Where it is named: "url()", "image-set()", "@import", … */
  context: string;
  /** An @import: the target is read as a stylesheet. */
  isImport: boolean;
  /** 1-based, in the original text. */
  line: number;
  column: number;
  /** Where the url() or string token starts and ends in the original text (offsets, end exclusive). */
  start: number;
  end: number;
}

/** Something in a stylesheet that cannot be checked: broken syntax, a variable where a URL goes, a web address. */
export interface CssProblem {
  message: string;
  found: string;
  line: number;
  column: number;
}

export interface CssScan {
  refs: CssRef[];
  problems: CssProblem[];
}

/**
 * Functions whose arguments are images or URLs: a quoted string directly inside them is a URL (image-set("a.png" 1x),
 * image("a.png"), src("a.png")). Vendor prefixes are stripped before the lookup.
 */
const URL_FUNCTIONS = new Set(['url', 'src', 'image-set', 'image', 'cross-fade']);
/** Functions that substitute values the check cannot see: not allowed where a URL goes. */
const SUBSTITUTIONS = new Set(['var', 'env', 'attr', 'if', 'inherit']);
/** A web address anywhere in a string, even one that is not (yet) in a URL position. */
const WEB_ADDRESS = /(?:^|[\s"'(,])(?:[a-z][a-z0-9+.-]*:)?\/\/[^\s/]|\b(?:https?|wss?|ftps?):/i;

const bare = (name: string) => name.toLowerCase().replace(/^-(webkit|moz|ms|o)-/, '');

interface Edit {
  /** Offset in the normalised text where the edit starts. */
  at: number;
  /** Characters the original had minus characters the normalised text has. */
  shrink: number;
}

/**
 * Decode CSS escapes in identifiers, function names and at-keywords (`u\72l(`, `\75 rl(`, `@\69mport`), as a
 * browser's tokenizer does, so that the parser sees what the browser sees. Names that would not survive unescaped are
 * left as they are (they are not names the check looks for). Returns the text and how to map offsets back.
 */
function decodeNames(css: string): { text: string; edits: Edit[] } {
  const pieces: string[] = [];
  const edits: Edit[] = [];
  let last = 0;
  let outLength = 0;
  tokenize(css, (type, start, end) => {
    if (type !== tokenTypes.Ident && type !== tokenTypes.Function && type !== tokenTypes.AtKeyword) return;
    const raw = css.slice(start, end);
    if (!raw.includes('\\')) return;
    const prefix = type === tokenTypes.AtKeyword ? '@' : '';
    const suffix = type === tokenTypes.Function ? '(' : '';
    const name = ident.decode(raw.slice(prefix.length, raw.length - suffix.length));
    if (!/^-?-?[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !/^--[A-Za-z0-9_-]*$/.test(name)) return;
    const replaced = prefix + name + suffix;
    pieces.push(css.slice(last, start));
    outLength += start - last;
    edits.push({ at: outLength + replaced.length, shrink: raw.length - replaced.length });
    pieces.push(replaced);
    outLength += replaced.length;
    last = end;
  });
  pieces.push(css.slice(last));
  return { text: pieces.join(''), edits };
}

/**
 * Every URL a stylesheet names, with its line and column, read with a real CSS parser (css-tree): url() however it
 * is written (escaped, quoted or not, in any property, custom properties and at-rule preludes too), strings in
 * image-set(), -webkit-image-set(), image(), cross-fade() and src(), @import with a string or url(), with comments
 * anywhere. Also what cannot be checked: syntax errors, var() and the like inside those functions, web addresses
 * in strings. Pure.
 */
export function scanCss(css: string): CssScan {
  const { text, edits } = decodeNames(css);
  const lineStarts = [0];
  for (let i = 0; i < css.length; i++) if (css[i] === '\n') lineStarts.push(i + 1);
  const original = (normalised: number) => {
    let offset = normalised;
    for (const e of edits) if (e.at <= normalised) offset += e.shrink;
    return offset;
  };
  const position = (normalised: number) => {
    const offset = original(normalised);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  const refs: CssRef[] = [];
  const problems: CssProblem[] = [];
  const ast = parse(text, {
    positions: true,
    parseCustomProperty: true,
    parseAtrulePrelude: true,
    parseRulePrelude: true,
    parseValue: true,
    onParseError: (err) => {
      const offset = (err as unknown as { offset?: number }).offset ?? 0;
      problems.push({ message: `the CSS cannot be read: ${err.message.replace(/\.$/, '')}`, found: text.slice(offset, offset + 20).split('\n')[0] || 'the end of the file', ...position(offset) });
    },
  });
  const at = (node: CssNode) => position(node.loc?.start.offset ?? 0);
  const span = (node: CssNode) => ({ start: original(node.loc?.start.offset ?? 0), end: original(node.loc?.end.offset ?? 0) });
  const add = (url: string, context: string, isImport: boolean, node: CssNode) => refs.push({ url, context, isImport, ...at(node), ...span(node) });

  /**
   * A value the parser kept as text (a Raw node): its tokens are read instead, so url() and strings in URL functions
   * there count too.
   */
  const scanRaw = (node: CssNode & { value: string }) => {
    const start = node.loc?.start.offset ?? 0;
    const stack: string[] = [];
    tokenize(node.value, (type, s, e) => {
      const raw = node.value.slice(s, e);
      const where = { ...position(start + s), start: original(start + s), end: original(start + e) };
      if (type === tokenTypes.Function) stack.push(bare(ident.decode(raw.slice(0, -1))));
      else if (type === tokenTypes.LeftParenthesis) stack.push('');
      else if (type === tokenTypes.RightParenthesis) stack.pop();
      else if (type === tokenTypes.Url) refs.push({ url: cssUrl.decode(raw), context: 'url()', isImport: false, ...where });
      else if (type === tokenTypes.String) {
        const value = cssString.decode(raw);
        const fn = stack[stack.length - 1];
        if (fn && URL_FUNCTIONS.has(fn)) refs.push({ url: value, context: `${fn}()`, isImport: false, ...where });
        else if (WEB_ADDRESS.test(value)) problems.push({ message: 'the theme names a web address', found: value, ...where });
      }
    });
  };

  walk(ast, {
    enter(this: WalkContext, node: CssNode) {
      const fn = this.function ? bare(this.function.name) : undefined;
      const atrule = this.atrule ? this.atrule.name.toLowerCase() : undefined;
      switch (node.type) {
        case 'Url':
          add(node.value, 'url()', atrule === 'import' && !fn, node);
          break;
        case 'String':
          if (fn && URL_FUNCTIONS.has(fn)) add(node.value, `${fn}()`, false, node);
          else if (atrule === 'import' && !fn && this.atrulePrelude) add(node.value, '@import', true, node);
          else if (WEB_ADDRESS.test(node.value)) problems.push({ message: 'the theme names a web address', found: node.value, ...at(node) });
          break;
        case 'Function':
          if (fn && URL_FUNCTIONS.has(fn) && SUBSTITUTIONS.has(node.name.toLowerCase())) {
            problems.push({ message: `${node.name}() inside ${fn}(): the file it names cannot be checked`, found: `${node.name}(…)`, ...at(node) });
          }
          break;
        case 'Raw':
          if (node.value.trim()) scanRaw(node);
          break;
        default:
      }
    },
  });
  return { refs, problems };
}
