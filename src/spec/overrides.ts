import { AREAS, SUPPORTS, isArea, isSupport } from '../corpus/taxonomy.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { controlMessage, findControlCharacter } from '../util/text.js';
import type { Language } from './schema.js';
import type { SelectionEntry, Spec } from './types.js';

/** Command-line changes to a spec: flag > spec file > default. */
export interface SpecOverrides {
  areas?: string[];
  supports?: string[];
  language?: Language;
  theme?: string;
  title?: string;
  classification?: string;
  version?: string;
}

/** Check flag values that can be checked without the corpus: area and support keys, text without control characters. */
export function checkOverrides(o: SpecOverrides): void {
  if (o.title !== undefined && findControlCharacter(o.title)) {
    throw new UserError(`--title ${controlMessage(o.title)}`, { expected: 'text without control characters', found: JSON.stringify(o.title) });
  }
  for (const [flag, values, known] of [
    ['--areas', o.areas, AREAS],
    ['--supports', o.supports, SUPPORTS],
  ] as const) {
    for (const v of values ?? []) {
      if (!(known as readonly string[]).includes(v)) {
        throw new UserError(`${flag}: unknown key "${v}"`, { expected: `a comma-separated list of ${known.join(', ')}`, found: `"${v}"`, hint: didYouMean(v, known) });
      }
    }
  }
}

/**
 * Apply overrides. `--areas a,b` replaces the spec's area entries with these areas (keeping the spec's `items:` for an
 * area that stays), placed where the first area entry was (at the end if there was none); `--supports` likewise.
 */
export function applyOverrides(spec: Spec, o: SpecOverrides): Spec {
  checkOverrides(o);
  let sections = spec.sections;
  if (o.areas) sections = replaceKind(sections, 'area', o.areas);
  if (o.supports) sections = replaceKind(sections, 'support', o.supports);
  return {
    ...spec,
    sections,
    ...(o.language ? { language: o.language } : {}),
    ...(o.theme ? { theme: o.theme } : {}),
    ...(o.title ? { title: o.title } : {}),
    ...(o.classification ? { classification: o.classification } : {}),
    ...(o.version ? { version: o.version } : {}),
  };
}

/** The first key of the path of an entry that a command-line flag made: errors about it name the flag, not a line. */
export const FLAG_PATH = '\u0000flag';

function replaceKind(entries: SelectionEntry[], kind: 'area' | 'support', keys: string[]): SelectionEntry[] {
  const matches = (e: SelectionEntry) => e.kind === kind || (e.kind === 'id' && (kind === 'area' ? isArea(e.id) : isSupport(e.id)));
  const at = entries.findIndex(matches);
  const kept = entries.filter((e) => !matches(e));
  const previous = new Map(entries.filter((e): e is Extract<SelectionEntry, { kind: 'area' }> => e.kind === 'area').map((e) => [e.area, e]));
  const added: SelectionEntry[] =
    kind === 'area'
      ? keys.map((k) => previous.get(k) ?? { kind: 'area', area: k, path: [FLAG_PATH, '--areas'] })
      : keys.length
        ? [{ kind: 'support', supports: keys, path: [FLAG_PATH, '--supports'] }]
        : [];
  const index = at < 0 ? kept.length : entries.slice(0, at).filter((e) => !matches(e)).length;
  return [...kept.slice(0, index), ...added, ...kept.slice(index)];
}
