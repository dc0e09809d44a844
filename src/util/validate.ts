import type { z } from 'zod';
import { UserError, sortErrors, throwErrors } from '../errors.js';
import { didYouMean, suggestChoice } from './suggest.js';
import { describeValue, type PathKey, type PositionedYaml } from './yaml.js';

/**
 * Validate a positioned YAML value against a zod schema. Every issue becomes a UserError with the file, line and
 * column of the offending node, what was expected, what was found, and a suggestion where one can be made.
 */
export function validateYaml<S extends z.ZodType>(schema: S, doc: PositionedYaml, what: string): z.output<S> {
  const r = checkYaml(schema, doc, what);
  throwErrors(r.errors);
  return r.value as z.output<S>;
}

/** validateYaml without throwing: the value when it is valid, else every mistake (sorted by position). */
export function checkYaml<S extends z.ZodType>(schema: S, doc: PositionedYaml, what: string): { value?: z.output<S>; errors: UserError[] } {
  const result = schema.safeParse(doc.value, { reportInput: true });
  if (result.success) return { value: result.data, errors: [] };
  let errors = result.error.issues.flatMap((issue) => issueToError(issue, schema, doc, what));
  // "sectons" unknown and "sections" missing are one mistake: keep the error that points at the typo.
  const suggested = new Set(errors.map((e) => /^did you mean "(.+)"\?$/.exec(e.details.hint ?? '')?.[1]).filter(Boolean));
  errors = errors.filter((e) => !(e.details.found === 'nothing' && suggested.has(/^missing (?:.*\.)?([^.\s]+) in /.exec(e.message)?.[1])));
  return { errors: sortErrors(errors) };
}

/** zod's own wording ("Too big: expected number to be <=2", "Invalid input: …"): never shown to a user as it is. */
export const ZOD_WORDING = /^(Invalid|Too (big|small)|Unrecognized)\b|expected .+, received |expected one of /;

/** A message written in a schema of this project, or undefined when the message is zod's own. */
const ownMessage = (message: string): string | undefined => (ZOD_WORDING.test(message) ? undefined : message);

function issueToError(issue: z.core.$ZodIssue, schema: z.ZodType, doc: PositionedYaml, what: string): UserError[] {
  const path = issue.path as PathKey[];
  const name = pathName(path);
  const found = valueAt(doc.value, path);
  const at = (p: PathKey[] = path, which?: 'key' | 'value') => {
    const loc = doc.locate(p, which);
    return { location: loc, excerpt: doc.excerpt(loc) };
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      // Each unknown key is a mistake of its own, with its own suggestion.
      const known = keysAt(schema, path);
      return issue.keys.map(
        (key) =>
          new UserError(`unknown key "${key}"${path.length ? ` in ${name}` : ''} of the ${what}`, {
            ...at([...path, key], 'key'),
            expected: known.length ? `one of ${known.map((k) => `"${k}"`).join(', ')}` : 'no keys here',
            found: `"${key}"`,
            hint: didYouMean(key, known),
          }),
      );
    }
    case 'invalid_type': {
      const missing = found === undefined;
      return [
        new UserError(missing ? `missing ${name} in the ${what}` : `wrong type for ${name}`, {
          ...at(),
          expected: ((issue.expected === 'number' || issue.expected === 'int') && numberRange(schema, path, issue.expected)) || typeName(issue.expected),
          found: describeValue(found),
          hint: missing ? undefined : typeHint(issue.expected, found),
        }),
      ];
    }
    case 'too_big':
    case 'too_small': {
      const allowed = boundWords(issue, path);
      return [
        new UserError(`${name}: ${ownMessage(issue.message) ?? allowed}`, {
          ...at(),
          expected: allowed === 'must not be empty' ? 'some text' : ((issue.origin === 'number' || issue.origin === 'int') && numberRange(schema, path, issue.origin)) || allowed,
          found: typeof found === 'string' ? `${[...found.trim()].length} characters` : Array.isArray(found) ? `a list of ${found.length}` : describeValue(found),
          hint: issue.origin === 'array' && issue.code === 'too_big' ? `remove ${Array.isArray(found) ? found.length - Number(issue.maximum) : 'some'} of them` : undefined,
        }),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [
        new UserError(`invalid value for ${name}`, {
          ...at(),
          expected: allowed.length === 1 ? `"${allowed[0]}"` : `one of ${allowed.map((v) => `"${v}"`).join(', ')}`,
          found: describeValue(found),
          hint: typeof found === 'string' ? suggestChoice(found, allowed) : undefined,
        }),
      ];
    }
    case 'invalid_union': {
      const alternatives = issue.errors as z.core.$ZodIssue[][];
      // A discriminated union ("kind": "area" | "id" …): say which values the discriminator may have.
      const disc = (issue as { discriminator?: string }).discriminator;
      if (disc && !alternatives.length) {
        const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
        // zod names the discriminator in the path, or the object that lacks the right one.
        const p = path[path.length - 1] === disc ? path : [...path, disc];
        const value = valueAt(doc.value, p);
        return [
          new UserError(`invalid value for ${pathName(p)}`, {
            ...at(p),
            expected: options.length ? `one of ${options.map((v) => `"${v}"`).join(', ')}` : 'another value',
            found: describeValue(value),
            hint: typeof value === 'string' ? suggestChoice(value, options) : undefined,
          }),
        ];
      }
      // One of several forms (text, or zh: and en: texts; a date or text). When the value has the type of one of
      // them, report what is wrong inside that form; otherwise say which forms there are.
      const matching = alternatives.find((alt) => !alt.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matching?.length) {
        const inner = [...matching].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))[0]!;
        return issueToError({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, schema, doc, what);
      }
      const forms = alternatives.flatMap((alt) => alt.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => FORM[(i as { expected: string }).expected] ?? typeName((i as { expected: string }).expected)));
      return [
        new UserError(found === undefined ? `missing ${name} in the ${what}` : `wrong type for ${name}`, {
          ...at(),
          expected: forms.length ? [...new Set(forms)].join(', or ') : 'another form of value',
          found: describeValue(found),
          ...(typeof found === 'number' && forms.some((f) => f.startsWith('a date')) ? { hint: 'write a date as 2026-03-01, or put other text in quotes' } : {}),
        }),
      ];
    }
    case 'invalid_format': {
      const own = ownMessage(issue.message);
      const pattern = (issue as { pattern?: string }).pattern;
      const expected = issue.format === 'regex' && pattern ? `text of the form ${pattern}` : `${/^[aeiou]/i.test(issue.format) ? 'an' : 'a'} ${issue.format}`;
      return [new UserError(`${name}: ${own ?? `must be ${expected}`}`, { ...at(), ...(own ? {} : { expected }), found: describeValue(found) })];
    }
    case 'not_multiple_of':
      return [new UserError(`${name}: ${ownMessage(issue.message) ?? `must be a multiple of ${String(issue.divisor)}`}`, { ...at(), found: describeValue(found) })];
    default: {
      // A message written in a schema of this project is used as it is; zod's own wording ("Invalid input…") is not.
      const own = ownMessage(issue.message);
      const allowed = issue.code === 'invalid_key' ? 'has a key that is not allowed' : issue.code === 'invalid_element' ? 'has a value that is not allowed' : 'is not in a form allowed here';
      return [new UserError(`${name}: ${own ?? allowed}`, { ...at(), found: describeValue(found) })];
    }
  }
}

/** "at most 2", "at least 1 entry", "must not be empty": what a size limit allows. */
function boundWords(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, path: readonly PathKey[]): string {
  const big = issue.code === 'too_big';
  const limit = big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
  const shown = (limit as unknown) instanceof Date ? (limit as unknown as Date).toISOString().slice(0, 10) : String(limit);
  if (issue.origin === 'string' && !big && Number(limit) === 1) return 'must not be empty';
  if (issue.origin === 'array' && !big && Number(limit) === 1) return 'needs at least one entry';
  const exclusive = issue.inclusive === false;
  const bound = big ? (exclusive ? 'less than' : 'at most') : exclusive ? 'more than' : 'at least';
  const unit =
    issue.origin === 'string' ? 'character' : issue.origin === 'array' || issue.origin === 'set' ? (path.length ? 'entry' : 'item') : issue.origin === 'file' ? 'byte' : '';
  const units = unit && Number(limit) !== 1 ? (unit === 'entry' ? 'entries' : `${unit}s`) : unit;
  const when = issue.origin === 'date' ? (big ? 'on or before' : 'on or after') : bound;
  return `${when} ${shown}${units ? ` ${units}` : ''}`;
}

/** What a value of a zod type is called in a message ("a whole number", "a list"). */
function typeName(expected: string): string {
  if (expected === 'object' || expected === 'record' || expected === 'map') return 'a mapping (key: value lines)';
  if (expected === 'int') return 'a whole number';
  if (expected === 'array' || expected === 'tuple' || expected === 'set') return 'a list';
  if (expected === 'string') return 'text';
  return FORM[expected] ?? `a ${expected}`;
}

/** Words YAML 1.1 read as true or false, which YAML 1.2 (and this tool) reads as text. */
const BOOLEAN_WORDS: Record<string, boolean> = { yes: true, no: false, on: true, off: false, y: true, n: false, true: true, false: false };

/** What to write instead, when a value has the wrong type in a way people often slip into. */
function typeHint(expected: string, found: unknown): string | undefined {
  const word = typeof found === 'string' ? found.trim().toLowerCase() : undefined;
  if (expected === 'boolean' && word !== undefined && word in BOOLEAN_WORDS) {
    return `write ${String(BOOLEAN_WORDS[word])} (without quotes): "${found as string}" is read as text, not as true or false`;
  }
  if (expected === 'boolean' && (found === 0 || found === 1)) return `write ${found === 1 ? 'true' : 'false'}`;
  if ((expected === 'number' || expected === 'int') && word !== undefined && /^[+-]?\d+(\.\d+)?$/.test(word)) return `write the number without quotes: ${word}`;
  if (expected === 'int' && typeof found === 'number') return `write a whole number, e.g. ${Math.round(found)}`;
  if (expected === 'string' && (typeof found === 'number' || typeof found === 'boolean')) return `put it in quotes to make it text: "${String(found)}"`;
  if (expected === 'array' && (typeof found === 'string' || typeof found === 'number')) return `write a list, e.g. [${String(found)}]`;
  return undefined;
}

/** What each type a value may have is called in a message. */
const FORM: Record<string, string> = {
  string: 'text',
  date: 'a date (2026-03-01)',
  object: 'a mapping (key: value lines), e.g. zh: … and en: …',
  array: 'a list',
  number: 'a number',
  boolean: 'true or false',
  int: 'a whole number (a year, 2026)',
};

export function pathName(path: readonly PathKey[]): string {
  if (!path.length) return 'the document';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function valueAt(value: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

interface ZodDefLike {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
}

const defOf = (s: unknown): ZodDefLike | undefined => (s as { _zod?: { def?: ZodDefLike } })?._zod?.def;

/** The keys a zod object schema accepts at `path` (through optional, default, array and union wrappers). */
export function keysAt(schema: unknown, path: readonly PathKey[]): string[] {
  return [...new Set(schemasAt(schema, path).flatMap((s) => Object.keys(defOf(s)?.shape ?? {})))];
}

/** The schemas that may apply at `path` (through optional, default, pipe, array and union wrappers). */
function schemasAt(schema: unknown, path: readonly PathKey[]): unknown[] {
  const unwrap = (s: unknown): unknown[] => {
    const def = defOf(s);
    if (!def) return [];
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
    return [s];
  };
  let current = unwrap(schema);
  for (const key of path) {
    current = current.flatMap((s) => {
      const def = defOf(s)!;
      if (typeof key === 'number' && def.type === 'array') return unwrap(def.element);
      if (typeof key === 'string' && def.type === 'object' && def.shape && key in def.shape) return unwrap(def.shape[key]);
      if (def.type === 'record') return unwrap((def as { valueType?: unknown }).valueType);
      return [];
    });
  }
  return current;
}

/** "a whole number from 0 to 2": the numbers the schema at `path` allows, when it is a number schema. */
function numberRange(schema: unknown, path: readonly PathKey[], expected: string): string | undefined {
  const n = schemasAt(schema, path).find((s) => defOf(s)?.type === 'number') as { minValue?: number | null; maxValue?: number | null; isInt?: boolean } | undefined;
  if (!n) return undefined;
  const what = n.isInt || expected === 'int' ? 'a whole number' : 'a number';
  const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);
  const [min, max] = [finite(n.minValue), finite(n.maxValue)];
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what}, at least ${min}`;
  if (max !== undefined) return `${what}, at most ${max}`;
  return what;
}

