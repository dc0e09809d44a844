import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { UserError, type Location } from '../errors.js';

export type PathKey = string | number;

/** A parsed YAML value that can say where any part of it came from. */
export interface PositionedYaml {
  value: unknown;
  file: string;
  /** The location of the value at `path` (or of the nearest ancestor that exists). */
  locate(path: readonly PathKey[], which?: 'key' | 'value'): Location;
  /** The source line at `line` with a caret under `column`. */
  excerpt(loc: Location): string | undefined;
}

export interface YamlOptions {
  /** Lines before the text in its file (front matter starts after the opening `---`). */
  lineOffset?: number;
  /** Cap on alias expansion, against "billion laughs" documents. */
  maxAliasCount?: number;
  /**
   * Where to put the mistakes that leave the document readable: a key given twice (the last one counts), a YAML
   * warning (an unknown tag such as !foo). Given, they are collected there and the document is read on; not given,
   * a duplicate key is thrown like a syntax error and warnings are ignored.
   */
  problems?: UserError[];
}

/** Characters shown either side of the column in an excerpt. */
const EXCERPT_CONTEXT = 80;

/** Parse YAML text, keeping positions; syntax errors become UserErrors naming file, line and column. */
export function parseYaml(text: string, file: string, options: YamlOptions = {}): PositionedYaml {
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  // merge: true reads `<<: *defaults` as YAML 1.1 merge keys, as people write them in config files.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const lines = text.split(/\r?\n/);
  const toLocation = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: line + lineOffset, column: col };
  };
  const excerpt = (loc: Location): string | undefined => {
    if (loc.line === undefined) return undefined;
    const src = lines[loc.line - 1 - lineOffset];
    if (src === undefined) return undefined;
    const col = Math.max(1, loc.column ?? 1);
    // A very long line (minified YAML, a 100,000-character value) is shown around the column only.
    const from = Math.max(0, col - 1 - EXCERPT_CONTEXT);
    const to = Math.min(src.length, col - 1 + EXCERPT_CONTEXT);
    const shown = `${from > 0 ? '…' : ''}${src.slice(from, to)}${to < src.length ? '…' : ''}`;
    // Wide (CJK) characters take two columns in a terminal: the caret goes under the character meant.
    const width = [...shown.slice(0, col - 1 - from + (from > 0 ? 1 : 0))].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
    return `${shown}\n${' '.repeat(width)}^`;
  };
  const problems = options.problems;
  if (problems && doc.errors.length && doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) {
    for (const e of doc.errors) problems.push(duplicateKey(e.pos[0], text, toLocation, excerpt));
    doc.errors.length = 0;
  }
  if (problems) {
    for (const w of doc.warnings) {
      const loc = toLocation(w.pos[0]);
      const tag = w.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(w.message)?.[1] : undefined;
      problems.push(
        new UserError(tag ? `unknown YAML tag "${tag}"` : `questionable YAML: ${yamlMessage(w.message)}`, {
          location: loc,
          excerpt: excerpt(loc),
          ...(tag ? { expected: 'a value without a tag', found: `"${tag}"`, hint: 'a value starting with ! is read as a YAML tag: put the value in quotes' } : {}),
        }),
      );
    }
  }
  const first = doc.errors[0];
  if (first) {
    let loc = toLocation(first.pos[0]);
    // An unclosed quote is reported where the text ends; point at the quote that opened it instead.
    const quote = /Missing closing (["'])quote/.exec(first.message)?.[1];
    if (quote) {
      for (let i = Math.min((loc.line ?? 1) - 1 - lineOffset, lines.length - 1); i >= 0; i--) {
        const count = lines[i]!.split(quote).length - 1;
        if (count % 2 === 1) {
          loc = { file, line: i + 1 + lineOffset, column: lines[i]!.lastIndexOf(quote) + 1 };
          break;
        }
      }
    }
    if (first.code === 'MULTIPLE_DOCS') {
      throw new UserError('the file holds more than one YAML document (a line "---" starts another)', {
        location: loc,
        excerpt: excerpt(loc),
        hint: 'remove the "---" line: a spec is one document',
      });
    }
    throw new UserError(`invalid YAML: ${yamlMessage(first.message)}`, {
      location: loc,
      excerpt: excerpt(loc),
      hint: quote ? `this ${quote} is never closed: end the value with ${quote} on the same line` : yamlHint(first.code, text),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
  } catch (err) {
    const message = (err as Error).message;
    const unresolved = /Unresolved alias.*: (\S+)/.exec(message)?.[1];
    if (unresolved) {
      const at = text.search(new RegExp(`\\*${unresolved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`));
      const loc = at >= 0 ? toLocation(at) : { file };
      throw new UserError(`invalid YAML: the alias *${unresolved} names no anchor`, {
        location: loc,
        excerpt: excerpt(loc),
        hint: `set the anchor first (&${unresolved} before the value), or write the value out; a value that starts with * must be quoted`,
      });
    }
    throw new UserError(`invalid YAML: ${message}`, {
      location: { file },
      hint: 'YAML aliases (*name) may be used only a limited number of times; write the values out instead.',
    });
  }
  return {
    value,
    file,
    locate: (path, which = 'value') => locateIn(doc, path, which, toLocation) ?? { file, line: 1 + lineOffset, column: 1 },
    excerpt,
  };
}

/** "title" given twice in one mapping: an error at the second one, naming the key. */
function duplicateKey(offset: number, text: string, toLocation: (offset: number) => Location, excerpt: (loc: Location) => string | undefined): UserError {
  const loc = toLocation(offset);
  const rest = text.slice(offset);
  const key = /^"((?:[^"\\\n]|\\.)*)"/.exec(rest)?.[1] ?? /^'([^'\n]*)'/.exec(rest)?.[1] ?? /^([^:#\n]*?)\s*:(\s|$)/.exec(rest)?.[1] ?? rest.split('\n')[0]!.trim();
  return new UserError(`"${key}" is given twice in the same mapping`, {
    location: loc,
    excerpt: excerpt(loc),
    expected: 'each key once',
    found: `"${key}" again`,
    hint: 'remove one of them (as it is, the last one counts)',
  });
}

function yamlMessage(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return 'it is nested too deeply';
  // The yaml package appends " at line X, column Y" and an excerpt; we print our own.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string, text: string): string | undefined {
  if (/\t/.test(text) && (code === 'TAB_AS_INDENT' || code === 'BAD_INDENT')) return 'indent with spaces, not tabs';
  if (code === 'DUPLICATE_KEY') return 'each key may appear once in a mapping';
  if (code === 'BAD_INDENT') return 'check the indentation: items of a list line up under each other';
  if (code === 'MISSING_CHAR') return 'a bracket or quote is not closed';
  if (code === 'BLOCK_AS_IMPLICIT_KEY') return 'a value with ": " in it needs quotes, e.g. title: "AI+ Action: what it means for us"; or check the indentation';
  return undefined;
}

function locateIn(
  doc: Document,
  path: readonly PathKey[],
  which: 'key' | 'value',
  toLocation: (offset: number) => Location,
): Location | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let last: Location | undefined = rangeOf(node, toLocation);
  for (const key of path) {
    keyNode = undefined;
    if (isMap(node)) {
      // The last pair with the key: the one whose value counts when a key is given twice.
      const pair = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      break;
    }
    last = rangeOf(which === 'key' && keyNode ? keyNode : node, toLocation) ?? rangeOf(keyNode, toLocation) ?? last;
  }
  return last;
}

function rangeOf(node: unknown, toLocation: (offset: number) => Location): Location | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? toLocation(range[0]) : undefined;
}

/** Describe a value for a message: `"indstry"`, `a list`, `a number (3)`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Date) return `a date (${value.toISOString().slice(0, 10)})`;
  if (typeof value === 'object') return `a mapping with keys ${Object.keys(value).map((k) => `"${k}"`).join(', ') || '(none)'}`;
  return typeof value;
}
