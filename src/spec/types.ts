import type { PathKey } from '../util/yaml.js';
import type { Location } from '../errors.js';
import type { SpecValue } from './schema.js';

/** One entry of `sections:`, with the path of the YAML node it came from (for error positions). */
export type SelectionEntry =
  | { kind: 'id'; id: string; path: PathKey[] }
  | { kind: 'area'; area: string; items?: number[]; path: PathKey[] }
  | { kind: 'support'; supports: string[]; path: PathKey[] }
  | { kind: 'quote'; quotes: string[]; path: PathKey[] }
  | { kind: 'doc'; doc: string; path: PathKey[] };

export interface Spec extends Omit<SpecValue, 'sections'> {
  sections: SelectionEntry[];
}

export interface ParsedSpec {
  spec: Spec;
  /** The spec file's path as given. */
  file: string;
  /** The spec's name: its file name without extension; names the default output folder. */
  name: string;
  /** Where a part of the spec came from; paths as in SelectionEntry.path. */
  locate(path: readonly PathKey[], which?: 'key' | 'value'): Location;
  excerpt(loc: Location): string | undefined;
  /** Things that are valid YAML but probably not what was meant (a title cut at " #"). */
  warnings?: string[];
  /** Spec keys replaced by command-line flags (e.g. "theme" by --theme): errors about them name the flag. */
  fromFlags?: string[];
}
