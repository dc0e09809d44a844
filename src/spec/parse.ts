import path from 'node:path';
import { UserError, UserErrors, sortErrors, throwErrors, userErrorsOf } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { checkYaml, pathName, validateYaml, valueAt } from '../util/validate.js';
import { describeValue, parseYaml, type PathKey, type PositionedYaml } from '../util/yaml.js';
import { MODIFIER_KEYS, SELECTOR_KEYS, SPEC_KEYS, specSchemas, type SpecValue } from './schema.js';
import { presenterSchemas, type PresenterText } from './presenter.js';
import { checkPresenterMarkdown } from './markdown-check.js';
import type { Commented, OwnSlide, ParsedSpec, SelectionEntry, Spec } from './types.js';

/** Specs are short; anything larger is almost certainly the wrong file. */
export const MAX_SPEC_BYTES = 256 * 1024;

/** A spec checked: every mistake found in it, and the spec as far as it could be read. */
export interface SpecCheck {
  /**
   * The spec; with mistakes, a partial one: wrong values left out (defaults in their place), only the entries of
   * `sections:` that are well formed. Enough to check the selection and the theme in the same run. Undefined when
   * nothing could be read (a YAML syntax error, an empty file).
   */
  parsed?: ParsedSpec;
  /** Sorted by line. */
  errors: UserError[];
}

/** Parse and validate a spec's text. Pure: the caller reads the file. Errors carry file:line:column. */
export function parseSpec(source: string | Uint8Array, file: string): ParsedSpec {
  return specOrThrow(checkSpec(source, file), file);
}

/** The spec of a check, or its mistakes thrown (one: a UserError; several: UserErrors). */
export function specOrThrow(check: SpecCheck, file?: string): ParsedSpec {
  throwErrors(check.errors, file);
  return check.parsed!;
}

/**
 * Parse and check a spec's text, collecting every mistake: a key given twice, unknown keys, wrong values and every
 * malformed entry of `sections:` come together. A YAML syntax error stops the rest (nothing after it can be read).
 */
export function checkSpec(source: string | Uint8Array, file: string): SpecCheck {
  let text: string;
  let doc: PositionedYaml;
  const problems: UserError[] = [];
  try {
    text = decode(source, file);
    doc = specYaml(text, file, problems);
  } catch (err) {
    const errors = userErrorsOf(err);
    if (!errors) throw err;
    return { errors };
  }
  if (doc.value === null || doc.value === undefined) {
    return {
      errors: [
        new UserError('the spec is empty', {
          location: { file, line: 1, column: 1 },
          expected: 'a mapping with at least "title:" and "sections:"',
          found: 'an empty document',
          hint: 'start from specs/default.yaml',
        }),
      ],
    };
  }
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    return {
      errors: [
        new UserError('the spec must be a mapping of keys to values', {
          location: doc.locate([]),
          expected: 'lines like "title: …" and "sections:"',
          found: describeValue(doc.value),
        }),
      ],
    };
  }
  return validateSpec(doc, path.basename(file).replace(/\.(ya?ml)$/i, ''), commentWarnings(text, file), problems);
}

/** The spec's YAML, parsed with positions: the one way checkSpec and specPositions read it. */
const specYaml = (text: string, file: string, problems: UserError[]): PositionedYaml => parseYaml(text.replace(/^\uFEFF/, ''), file, { maxAliasCount: 50, problems });

/**
 * `locate` and `excerpt` for a spec whose check is known (build/spec.ts keeps the checks of valid specs in the
 * cache): its YAML is parsed only when a later check (the selection, the theme) has a mistake to place.
 */
export function specPositions(source: string | Uint8Array, file: string): Pick<ParsedSpec, 'locate' | 'excerpt'> {
  let doc: PositionedYaml | undefined;
  const positioned = () => (doc ??= specYaml(decode(source, file), file, []));
  return { locate: (p, which) => positioned().locate(p, which), excerpt: (loc) => positioned().excerpt(loc) };
}

/**
 * A spec's value (from YAML, or an object given to the API) validated: the same schema, the same messages. Every
 * mistake is collected: the entries of `sections:` are checked even when other keys are wrong.
 */
function validateSpec(doc: PositionedYaml, name: string, warnings: string[], earlier: UserError[] = []): SpecCheck {
  // An optional key left empty ("subtitle:", "deck:") means "not given", as if the line were not there.
  const raw = withoutEmptyOptionals(doc.value as Record<string, unknown>);
  const checked = checkYaml(specSchemas().spec, { ...doc, value: raw }, 'spec');
  const entries = parseEntries(Array.isArray(raw.sections) ? raw.sections : [], doc);
  const errors = sortErrors([...earlier, ...checked.errors, ...entries.errors], doc.file);
  const value = checked.value ?? withoutWrongValues(raw);
  if (!value) return { errors };
  const spec: Spec = { ...value, sections: entries.entries, exclude: value.exclude.map((s) => s.trim()) };
  // With entries left out, the blocks of the brief are not known: "brief.keep" is checked once the entries are right.
  if (entries.errors.length) spec.brief = { ...spec.brief, keep: [] };
  return { parsed: { spec, file: doc.file, warnings, name, locate: doc.locate, excerpt: doc.excerpt }, errors };
}

/**
 * The spec's values with every value the schema refused left out, so that defaults apply: what can still be checked
 * against the corpus and the themes. Undefined if that does not give a valid spec.
 */
function withoutWrongValues(raw: Record<string, unknown>): SpecValue | undefined {
  const value: Record<string, unknown> = structuredClone(raw);
  if (Array.isArray(value.exclude)) value.exclude = value.exclude.filter((x) => typeof x === 'string');
  for (let round = 0; round < 8; round++) {
    // The entries are checked on their own (parseEntries); a missing title does not stop the rest.
    const result = specSchemas().spec.safeParse({ ...value, title: value.title ?? '(no title)', sections: ['-'] });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const p = issue.path as PathKey[];
      const nested = p.length >= 2 && (p[0] === 'deck' || p[0] === 'brief') && isRecord(value[p[0]]);
      const parent = nested ? (value[p[0] as string] as Record<string, unknown>) : value;
      if (issue.code === 'unrecognized_keys') {
        const target = valueAt(value, p);
        if (isRecord(target)) for (const k of issue.keys) delete target[k];
      } else if (p.length) delete parent[String(nested ? p[1] : p[0])];
      else return undefined;
    }
  }
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A spec given as an object in memory (the library API), validated exactly like a spec file. It has no lines:
 * errors name the place as a path, e.g. `spec at sections[2].area`. `name` names the default output folder.
 */
export function parseSpecObject(value: unknown, name = 'spec', label = 'spec'): ParsedSpec {
  return specOrThrow(checkSpecObject(value, name, label), label);
}

/** parseSpecObject, collecting every mistake (see checkSpec). */
export function checkSpecObject(value: unknown, name = 'spec', label = 'spec'): SpecCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      errors: [
        new UserError('the spec must be an object of keys to values', {
          location: { file: label },
          expected: 'an object with at least "title" and "sections", e.g. { title: "x", sections: ["targets"] }',
          found: describeValue(value),
        }),
      ],
    };
  }
  const doc: PositionedYaml = {
    value,
    file: label,
    locate: (p) => ({ file: label, ...(p.length ? { path: pathName(p) } : {}) }),
    excerpt: () => undefined,
  };
  return validateSpec(doc, name, []);
}

/**
 * "title: Briefing #3" is the title "Briefing": in YAML, " #" starts a comment. Say so, for the texts people write.
 */
function commentWarnings(text: string, file: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^(title|subtitle|presenter|audience|date):[ \t]+([^"'\s#][^#]*?)[ \t]+#(.*)$/.exec(line);
    if (m && m[3]!.trim()) out.push(`${file}:${i + 1}: the text after " #" in ${m[1]} is a YAML comment and is left out ("${m[2]}"); put the value in quotes to keep it: ${m[1]}: "${m[2]} #${m[3]}"`);
  });
  return out;
}

/** The spec without optional keys whose value is empty (null), at the top level and inside deck: and brief:. */
function withoutEmptyOptionals(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === null && k !== 'title' && k !== 'sections') continue;
    if ((k === 'deck' || k === 'brief') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
    } else out[k] = v;
  }
  return out;
}

function decode(source: string | Uint8Array, file: string): string {
  if (typeof source === 'string') return source;
  if (source.byteLength > MAX_SPEC_BYTES) {
    throw new UserError(`the spec is too large (${Math.round(source.byteLength / 1024)} KiB)`, {
      location: { file },
      expected: `a YAML file of at most ${MAX_SPEC_BYTES / 1024} KiB`,
      hint: 'a spec lists section ids; is this the right file?',
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    throw new UserError('the spec is not valid UTF-8 text', { location: { file }, hint: 'save the file as UTF-8' });
  }
}

function entryError(doc: PositionedYaml, p: PathKey[], message: string, expected: string, hint?: string): UserError {
  const loc = doc.locate(p);
  return new UserError(message, { location: loc, excerpt: doc.excerpt(loc), expected, found: describeValue(valueAt(doc.value, p)), hint });
}

const ENTRY_FORMS =
  'a section id, or a mapping: "<group>: <key or list>" for a group a document declares (e.g. "area: <key>", optionally with "items: [1, 2]"), "quote: <id or list>", "doc: <document id>" (optionally with "parts: [2, 3]"), "slide: {title, points}", "file: <slides.md>"';

/** Numbers written as a list of positive whole numbers (or one number); undefined when they are not. */
function toNumbers(v: unknown): number[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  return list.length && list.every((n) => Number.isInteger(n) && (n as number) > 0) ? (list as number[]) : undefined;
}

/**
 * `sections:` entries: a section id string, or a one-selector mapping. The selectors "quote" and "doc" are the spec's
 * own; any other key names a group of some document (checked against the corpus by select()). A key close to one of
 * the spec's own keys is taken for a slip of it, so "itmes:" beside "area:" is reported here with its suggestion.
 */
function parseEntries(raw: unknown[], doc: PositionedYaml): { entries: SelectionEntry[]; errors: UserError[] } {
  const errors: UserError[] = [];
  const entries: SelectionEntry[] = [];
  const own = [...SELECTOR_KEYS, ...MODIFIER_KEYS] as readonly string[];
  raw.forEach((item, i) => {
    const p: PathKey[] = ['sections', i];
    if (typeof item === 'string' && item.trim()) {
      entries.push({ kind: 'id', id: item.trim(), path: p });
      return;
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push(entryError(doc, p, `sections[${i}] is not a section`, ENTRY_FORMS));
      return;
    }
    const obj = item as Record<string, unknown>;
    const keys = Object.keys(obj);
    let selectors = keys.filter((k) => !(MODIFIER_KEYS as readonly string[]).includes(k));
    if (selectors.length > 1) {
      // Beside another selector, a key that is a near miss of the spec's own keys is a slip of it.
      for (const key of selectors.filter((k) => !own.includes(k))) {
        const hint = didYouMean(key, [...own, ...SPEC_KEYS]);
        if (!hint) continue;
        const loc = doc.locate([...p, key], 'key');
        errors.push(new UserError(`unknown key "${key}" in sections[${i}]`, { location: loc, excerpt: doc.excerpt(loc), expected: own.map((k) => `"${k}"`).join(', ') + ', or a group key', found: `"${key}"`, hint }));
        selectors = selectors.filter((k) => k !== key);
      }
      if (selectors.length !== 1) {
        if (selectors.length > 1) {
          errors.push(entryError(doc, p, `sections[${i}] must have exactly one of ${selectors.map((k) => `"${k}"`).join(', ')}`, `one selector per entry; ${ENTRY_FORMS}`));
        }
        return;
      }
    }
    if (selectors.length === 0) {
      errors.push(entryError(doc, p, `sections[${i}] has no selector, only ${keys.map((k) => `"${k}"`).join(', ') || 'nothing'}`, ENTRY_FORMS));
      return;
    }
    const sel = selectors[0]!;
    if (sel === 'slide' || sel === 'file') {
      const own = presenterEntry(doc, obj, p, errors);
      if (own) entries.push(own);
      return;
    }
    let commented: Commented = {};
    if ('takeaway' in obj) {
      const t = subValidate(doc, [...p, 'takeaway'], presenterSchemas().presenterText, 'takeaway', errors);
      if (t === undefined) return;
      const problem = markdownProblem(doc, [...p, 'takeaway'], t);
      if (problem) {
        errors.push(problem);
        return;
      }
      commented = { takeaway: t, takeawayLine: doc.locate([...p, 'takeaway']).line ?? 0 };
    }
    const group = !(SELECTOR_KEYS as readonly string[]).includes(sel);
    if ('items' in obj && !group) {
      errors.push(entryError(doc, [...p, 'items'], `"items" goes with a group, not with "${sel}"`, 'items: [1, 2] under an entry like "- area: <key>" (a group a document declares)'));
      return;
    }
    if ('parts' in obj && sel !== 'doc') {
      errors.push(entryError(doc, [...p, 'parts'], '"parts" goes with "doc"', 'parts: [2, 3] under a "- doc: <document id>" entry'));
      return;
    }
    const names = toNames(obj[sel]);
    if (group) {
      // An unknown group key, or a value that is not keys, is reported by select(), which knows the corpus.
      let items: number[] | undefined;
      if ('items' in obj) {
        items = toNumbers(obj.items);
        if (!items) {
          errors.push(entryError(doc, [...p, 'items'], '"items" must list item numbers', 'a list of whole numbers, e.g. [1, 3]'));
          return;
        }
        if (names && names.length !== 1) {
          errors.push(entryError(doc, [...p, sel], `"items" goes with one "${sel}" key`, `one key with "items:"; list the others as separate entries`));
          return;
        }
      }
      entries.push({ kind: 'group', group: sel, ...(names ? { keys: names } : { raw: obj[sel] }), ...(items ? { items } : {}), path: p, ...commented });
      return;
    }
    if (!names) {
      errors.push(entryError(doc, [...p, sel], `"${sel}" needs ${sel === 'doc' ? 'a document id' : 'an id or a list of ids'}`, sel === 'doc' ? 'one document id (see `briefing list`)' : 'a quote id or a list, e.g. [a-quote, another-quote]'));
      return;
    }
    if (sel === 'doc') {
      if (names.length !== 1) {
        errors.push(entryError(doc, [...p, sel], '"doc" takes one document id', 'one document id (see `briefing list`); list several documents as separate entries'));
        return;
      }
      let parts: number[] | undefined;
      if ('parts' in obj) {
        parts = toNumbers(obj.parts);
        if (!parts) {
          errors.push(entryError(doc, [...p, 'parts'], '"parts" must list part numbers', 'a list of whole numbers as numbered in the document, e.g. [2, 3]'));
          return;
        }
      }
      entries.push({ kind: 'doc', doc: names[0]!, ...(parts ? { parts } : {}), path: p, ...commented });
      return;
    }
    entries.push({ kind: 'quote', quotes: names, path: p, ...commented });
  });
  return { entries, errors };
}

/** Validate the value at `path` against a schema; a failure is pushed onto `errors` (located) and gives undefined. */
function subValidate<T>(doc: PositionedYaml, path: PathKey[], schema: import('zod').ZodType<T>, what: string, errors: UserError[]): T | undefined {
  const sub: PositionedYaml = { ...doc, value: valueAt(doc.value, path), locate: (q, w) => doc.locate([...path, ...q], w) };
  try {
    return validateYaml(schema, sub, what) as T;
  } catch (err) {
    if (err instanceof UserErrors) errors.push(...err.errors);
    else if (err instanceof UserError) errors.push(err);
    else throw err;
    return undefined;
  }
}

/** Raw HTML, a script or a javascript: link in a presenter's text: an error at the text's position. */
function markdownProblem(doc: PositionedYaml, path: PathKey[], t: PresenterText): UserError | undefined {
  const texts = typeof t === 'string' ? [[path, t] as const] : (['en', 'zh'] as const).filter((l) => t[l]).map((l) => [[...path, l], t[l]!] as const);
  for (const [at, md] of texts) {
    const problem = checkPresenterMarkdown(md);
    if (problem) {
      const loc = doc.locate(at);
      return new UserError(problem.message, {
        location: loc,
        excerpt: doc.excerpt(loc),
        expected: 'Markdown without raw HTML; links to http(s), mailto or #',
        found: JSON.stringify(problem.found),
        hint: 'write **bold** or *italic* instead of HTML tags',
      });
    }
  }
  return undefined;
}

/** A `slide:` or `file:` entry: the presenter's own slides. It stands alone (no area, no takeaway beside it). */
function presenterEntry(doc: PositionedYaml, obj: Record<string, unknown>, p: PathKey[], errors: UserError[]): SelectionEntry | undefined {
  const kind = 'slide' in obj ? 'slide' : 'file';
  const other = Object.keys(obj).find((k) => k !== kind);
  if (other) {
    errors.push(entryError(doc, [...p, other], `"${kind}" is an entry of its own`, `"${kind}:" alone in its entry`, `give "${other}" an entry of its own ("- ${other}: …")`));
    return undefined;
  }
  if (kind === 'file') {
    const file = obj.file;
    if (typeof file !== 'string' || !file.trim()) {
      errors.push(entryError(doc, [...p, 'file'], '"file" needs a path', 'a Markdown file relative to the spec, e.g. our-view.md'));
      return undefined;
    }
    return { kind: 'file', file: file.trim(), slides: [], path: p };
  }
  const value = subValidate(doc, [...p, 'slide'], presenterSchemas().ownSlide, 'slide', errors);
  if (!value) return undefined;
  for (const [key, t] of [['title', value.title], ['text', value.text], ['notes', value.notes], ...(value.points ?? []).map((x, j) => [['points', j], x])] as [PathKey | PathKey[], PresenterText | undefined][]) {
    if (t === undefined) continue;
    const problem = markdownProblem(doc, [...p, 'slide', ...(Array.isArray(key) ? key : [key])], t);
    if (problem) {
      errors.push(problem);
      return undefined;
    }
  }
  const slide: OwnSlide = { ...value, origin: { file: doc.file, line: doc.locate(p).line ?? 0 } };
  return { kind: 'slide', slides: [slide], path: p };
}

function toNames(v: unknown): string[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  if (!list.length || !list.every((x) => typeof x === 'string' && x.trim())) return undefined;
  return (list as string[]).map((s) => s.trim());
}
