import { UserError } from '../errors.js';
import { suggestChoice } from '../util/suggest.js';
import { describeCharacter, findControlCharacter } from '../util/text.js';
import { ZOD_WORDING } from '../util/validate.js';
import { LANGUAGES, overrideSchemas, type Language } from './schema.js';
import type { SelectionEntry, Spec } from './types.js';

/** Command-line changes to a spec: flag > spec file > default. */
export interface SpecOverrides {
  /** --areas: replace the spec's "- area:" entries (the group key "area" of a document's taxonomy). */
  areas?: string[];
  /** --supports: replace the spec's "- support:" entries. */
  supports?: string[];
  language?: Language;
  theme?: string;
  title?: string;
  classification?: string;
  version?: string;
}

/** The group each flag replaces. The keys are checked against the corpus by select(), naming the flag. */
const GROUP_FLAGS = [
  ['areas', 'area', '--areas'],
  ['supports', 'support', '--supports'],
] as const;

/** The flag each override comes from, for messages: the CLI's flags, and the API's overrides of the same names. */
const FLAGS: Record<keyof SpecOverrides, string> = {
  areas: '--areas',
  supports: '--supports',
  language: '--lang',
  theme: '--theme',
  title: '--title',
  classification: '--classification',
  version: '--version',
};

/**
 * Check override values that can be checked without the corpus, against the limits of the spec fields they replace:
 * a language of the spec's, a theme folder name, texts without control characters within their lengths, lists of
 * keys. (Group keys are checked against the corpus by select(), naming the flag.) Returns the overrides that are
 * right, to apply, and a mistake for each one that is not (named by its flag; no file, no line).
 */
export function checkOverrides(o: SpecOverrides): { valid: SpecOverrides; errors: UserError[] } {
  const errors: UserError[] = [];
  const valid: Record<string, unknown> = {};
  const fail = (key: keyof SpecOverrides, message: string, details: { expected?: string; found?: string; hint?: string }) =>
    errors.push(new UserError(`${FLAGS[key]}: ${message}`, details));
  for (const key of Object.keys(o) as (keyof SpecOverrides)[]) {
    const v: unknown = o[key];
    if (v === undefined) continue;
    if (key === 'areas' || key === 'supports') {
      if (!Array.isArray(v) || !v.length || !v.every((k) => typeof k === 'string' && k.trim())) {
        fail(key, 'needs one key or more', { expected: `a comma-separated list of keys, e.g. ${FLAGS[key]} ${key === 'areas' ? 'science,industry' : 'compute,data'}`, found: describe(v) });
      } else valid[key] = v.map((k: string) => k.trim());
      continue;
    }
    if (key === 'language') {
      if (typeof v !== 'string' || !(LANGUAGES as readonly string[]).includes(v)) {
        const hint = typeof v === 'string' ? suggestChoice(v, [...LANGUAGES]) : undefined;
        fail(key, `expected one of ${LANGUAGES.join(', ')}`, { expected: `one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}`, found: describe(v), hint: hint ? hint.replace(/^did you mean "(.*)"\?$/, `did you mean "--lang $1"?`) : undefined });
      } else valid[key] = v;
      continue;
    }
    if (typeof v !== 'string') {
      fail(key, 'must be text', { expected: 'text', found: describe(v) });
      continue;
    }
    const control = findControlCharacter(v);
    if (control) {
      // Control characters (a NUL, an escape sequence) have no place in a title and would go into the HTML as they are.
      fail(key, `contains the control character ${describeCharacter(control.char)}`, { expected: 'text without control characters', found: JSON.stringify(v), hint: 'remove it from the text' });
      continue;
    }
    const r = overrideSchemas()[key].safeParse(v);
    if (!r.success) {
      const message = r.error.issues[0]?.message ?? '';
      // The spec's own messages ("must be at most 800 characters"); zod's own wording never reaches the user.
      fail(key, ZOD_WORDING.test(message) ? 'is not allowed' : message, { found: v.length > 60 ? `${[...v].length} characters` : JSON.stringify(v) });
    } else valid[key] = r.data;
  }
  return { valid: valid as SpecOverrides, errors };
}

function describe(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? '""' : JSON.stringify(v)) : Array.isArray(v) ? `a list of ${v.length}` : String(v);
}

/**
 * Apply overrides. `--areas a,b` replaces the spec's "area" entries with these keys (keeping the spec's `items:` for a
 * key that stays), placed where the first such entry was (at the end if there was none); `--supports` likewise. A
 * bare section id that is a member of the group is dropped by select(), which knows the taxonomy. The values are
 * applied as they are: check them first (checkOverrides).
 */
export function applyOverrides(spec: Spec, o: SpecOverrides): Spec {
  let sections = spec.sections;
  const replaced = [...(spec.replacedGroups ?? [])];
  for (const [option, group, flag] of GROUP_FLAGS) {
    const keys = o[option];
    if (!keys) continue;
    sections = replaceGroup(sections, group, keys, flag);
    replaced.push(group);
  }
  return {
    ...spec,
    sections,
    ...(replaced.length ? { replacedGroups: replaced } : {}),
    ...(o.language ? { language: o.language } : {}),
    ...(o.theme ? { theme: o.theme } : {}),
    ...(o.title ? { title: o.title } : {}),
    ...(o.classification ? { classification: o.classification } : {}),
    ...(o.version ? { version: o.version } : {}),
  };
}

/** The first key of the path of an entry that a command-line flag made: errors about it name the flag, not a line. */
export const FLAG_PATH = '\u0000flag';

function replaceGroup(entries: SelectionEntry[], group: string, keys: string[], flag: string): SelectionEntry[] {
  type GroupEntry = Extract<SelectionEntry, { kind: 'group' }>;
  const matches = (e: SelectionEntry): e is GroupEntry => e.kind === 'group' && e.group === group;
  const at = entries.findIndex(matches);
  const kept = entries.filter((e) => !matches(e));
  const previous = new Map(entries.filter(matches).filter((e) => e.keys?.length === 1).map((e) => [e.keys![0]!, e]));
  const added: SelectionEntry[] = keys.map((k) => previous.get(k) ?? { kind: 'group', group, keys: [k], path: [FLAG_PATH, flag] });
  const index = at < 0 ? kept.length : entries.slice(0, at).filter((e) => !matches(e)).length;
  return [...kept.slice(0, index), ...added, ...kept.slice(index)];
}
