import type { PathKey } from '../util/yaml.js';
import type { Location } from '../errors.js';
import type { SpecValue } from './schema.js';
import type { OwnSlideValue, PresenterText } from './presenter.js';

/** A slide of the presenter's own, from a `slide:` entry or a `file:` of Markdown slides. */
export interface OwnSlide extends OwnSlideValue {
  /** Where it was written: the spec (or the Markdown file) and its line. */
  origin: { file: string; line: number };
  /** Markdown body from a `file:` (its title line and notes taken out). */
  markdown?: string;
  /** The image's path in the output folder, once the spec's paths are checked (e.g. assets/presenter/share.png). */
  imageAsset?: string;
}

/** What a selector entry may carry besides its selection: the presenter's comment on it. */
export interface Commented {
  takeaway?: PresenterText;
  /** The spec line of the takeaway. */
  takeawayLine?: number;
}

/** One entry of `sections:`, with the path of the YAML node it came from (for error positions). */
export type SelectionEntry =
  | { kind: 'id'; id: string; path: PathKey[] }
  /**
   * `- <group>: <key or list>` (e.g. `- area: x` with `items: [1, 2]`): members of a group a document declares in its
   * `_document.yaml`. Whether the group exists is known only with the corpus: select() checks it. `keys` is undefined
   * when the value is not a key or a list of keys (`raw` holds it, for the message).
   */
  | ({ kind: 'group'; group: string; keys?: string[]; raw?: unknown; items?: number[]; path: PathKey[] } & Commented)
  | ({ kind: 'quote'; quotes: string[]; path: PathKey[] } & Commented)
  /** A whole document, or only the top-level parts `parts:` numbers (as numbered in the document). */
  | ({ kind: 'doc'; doc: string; parts?: number[]; path: PathKey[] } & Commented)
  | { kind: 'slide'; slides: OwnSlide[]; path: PathKey[] }
  /** `file:` — the slides are read from the Markdown file when the spec is read from disk (build/spec.ts). */
  | { kind: 'file'; file: string; slides: OwnSlide[]; path: PathKey[] };

export interface Spec extends Omit<SpecValue, 'sections'> {
  sections: SelectionEntry[];
  /** Groups whose entries a command-line flag replaced (--areas: "area"): bare ids of their members are dropped too. */
  replacedGroups?: string[];
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
  /** The presenter's images, read from the spec's folder (build/presenter.ts), to be written under assets/. */
  presenterFiles?: { to: string; content: Uint8Array }[];
  /** The brand logo's path in the output folder. */
  logoAsset?: string;
  /** sha256 of the spec file's bytes. */
  sha256?: string;
}
