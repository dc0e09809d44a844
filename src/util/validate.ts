import type { z } from 'zod';
import { UserError, UserErrors } from '../errors.js';
import { didYouMean, suggestChoice } from './suggest.js';
import { describeValue, type PathKey, type PositionedYaml } from './yaml.js';

/**
 * Validate a positioned YAML value against a zod schema. Every issue becomes a UserError with the file, line and
 * column of the offending node, what was expected, what was found, and a suggestion where one can be made.
 */
export function validateYaml<S extends z.ZodType>(schema: S, doc: PositionedYaml, what: string): z.output<S> {
  const result = schema.safeParse(doc.value, { reportInput: true });
  if (result.success) return result.data;
  let errors = result.error.issues.map((issue) => issueToError(issue, schema, doc, what));
  // "sectons" unknown and "sections" missing are one mistake: keep the error that points at the typo.
  const suggested = new Set(errors.map((e) => /^did you mean "(.+)"\?$/.exec(e.details.hint ?? '')?.[1]).filter(Boolean));
  errors = errors.filter((e) => !(e.details.found === 'nothing' && suggested.has(/^missing (?:.*\.)?([^.\s]+) in /.exec(e.message)?.[1])));
  errors.sort((a, b) => (a.details.location?.line ?? 0) - (b.details.location?.line ?? 0) || (a.details.location?.column ?? 0) - (b.details.location?.column ?? 0));
  throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
}

function issueToError(issue: z.core.$ZodIssue, schema: z.ZodType, doc: PositionedYaml, what: string): UserError {
  const path = issue.path as PathKey[];
  const name = pathName(path);
  const found = valueAt(doc.value, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const known = keysAt(schema, path);
      const loc = doc.locate([...path, key], 'key');
      return new UserError(`unknown key "${key}"${path.length ? ` in ${name}` : ''} of the ${what}`, {
        location: loc,
        excerpt: doc.excerpt(loc),
        expected: known.length ? `one of ${known.map((k) => `"${k}"`).join(', ')}` : undefined,
        found: `"${key}"`,
        hint: didYouMean(key, known) ?? (issue.keys.length > 1 ? `also unknown: ${issue.keys.slice(1).join(', ')}` : undefined),
      });
    }
    case 'invalid_type': {
      const loc = doc.locate(path);
      const missing = found === undefined;
      return new UserError(missing ? `missing ${name} in the ${what}` : `wrong type for ${name}`, {
        location: loc,
        excerpt: doc.excerpt(loc),
        expected: issue.expected === 'object' ? 'a mapping (key: value lines)' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`,
        found: describeValue(found),
      });
    }
    case 'invalid_value': {
      const loc = doc.locate(path);
      const allowed = issue.values.map(String);
      return new UserError(`invalid value for ${name}`, {
        location: loc,
        excerpt: doc.excerpt(loc),
        expected: `one of ${allowed.map((v) => `"${v}"`).join(', ')}`,
        found: describeValue(found),
        hint: typeof found === 'string' ? suggestChoice(found, allowed) : undefined,
      });
    }
    case 'invalid_union': {
      // One of several forms (text, or zh: and en: texts; a date or text). When the value has the type of one of
      // them, report what is wrong inside that form; otherwise say which forms there are.
      const alternatives = issue.errors as z.core.$ZodIssue[][];
      const matching = alternatives.find((alt) => !alt.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (matching?.length) {
        const inner = [...matching].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'))[0]!;
        return issueToError({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, schema, doc, what);
      }
      const forms = alternatives.flatMap((alt) => alt.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => FORM[(i as { expected: string }).expected] ?? `a ${(i as { expected: string }).expected}`));
      const loc = doc.locate(path);
      return new UserError(found === undefined ? `missing ${name} in the ${what}` : `wrong type for ${name}`, {
        location: loc,
        excerpt: doc.excerpt(loc),
        expected: [...new Set(forms)].join(', or '),
        found: describeValue(found),
        ...(typeof found === 'number' && forms.some((f) => f.startsWith('a date')) ? { hint: 'write a date as 2026-03-01, or put other text in quotes' } : {}),
      });
    }
    default: {
      const loc = doc.locate(path);
      return new UserError(`${name}: ${issue.message}`, {
        location: loc,
        excerpt: doc.excerpt(loc),
        found: describeValue(found),
      });
    }
  }
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

/** The keys a zod object schema accepts at `path` (through optional, default, array and union wrappers). */
export function keysAt(schema: unknown, path: readonly PathKey[]): string[] {
  const defOf = (s: unknown): ZodDefLike | undefined => (s as { _zod?: { def?: ZodDefLike } })?._zod?.def;
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
  return [...new Set(current.flatMap((s) => Object.keys(defOf(s)?.shape ?? {})))];
}

