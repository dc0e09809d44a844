import { UserError } from '../errors.js';
import { controlMessage, findControlCharacter } from '../util/text.js';
import type { Language } from './schema.js';
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

/** Check flag values that can be checked without the corpus: text without control characters. (Group keys are
 * checked against the corpus by select(), naming the flag.) */
export function checkOverrides(o: SpecOverrides): void {
  if (o.title !== undefined && findControlCharacter(o.title)) {
    throw new UserError(`--title ${controlMessage(o.title)}`, { expected: 'text without control characters', found: JSON.stringify(o.title) });
  }
}

/**
 * Apply overrides. `--areas a,b` replaces the spec's "area" entries with these keys (keeping the spec's `items:` for a
 * key that stays), placed where the first such entry was (at the end if there was none); `--supports` likewise. A
 * bare section id that is a member of the group is dropped by select(), which knows the taxonomy.
 */
export function applyOverrides(spec: Spec, o: SpecOverrides): Spec {
  checkOverrides(o);
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
