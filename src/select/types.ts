import type { Bilingual, DocumentMeta, Quote, Section, Speaker } from '../corpus/types.js';
import type { BriefOptions, DeckOptions, Language, Typography } from '../spec/schema.js';
import type { PresenterText } from '../spec/presenter.js';
import type { OwnSlide } from '../spec/types.js';

/** The presenter's comment on a selection: a callout on its heading slide and under its block on the brief. */
export interface Takeaway {
  text: PresenterText;
  /** Where it was written. */
  spec: string;
  line: number;
}

/** Where the words of a slide or a brief block come from. */
export type Origin =
  | { origin: 'corpus'; doc: string; section: string; cite: string; sha256: string }
  | { origin: 'presenter'; spec: string; line: number }
  /** Made by briefing from the spec's own fields and the selection (title, agenda, sources). */
  | { origin: 'briefing' };

/**
 * One thing the audience is briefed on, in presentation order. By how it is shown: "area" a section with its items
 * (heading, one slide per item), "support" a section on one slide, the targets, "section" any other section.
 */
export type Group = (
  | { kind: 'targets'; section: Section }
  | { kind: 'area'; section: Section; items: Section[]; quotes: Quote[]; /** How many items the area has in all. */ allItems: number }
  | { kind: 'support'; section: Section; quotes: Quote[] }
  | { kind: 'section'; section: Section; children: Section[]; quotes: Quote[] }
  /** A divider for a top-level part with no text of its own, in a whole-document selection: its heading slide. */
  | { kind: 'part'; section: Section; children: Section[] }
  | { kind: 'quotes'; quotes: Quote[] }
  /** The presenter's own slides: never cited, never on the sources slide. */
  | { kind: 'own'; slides: OwnSlide[] }
) & { takeaway?: Takeaway };

export type Slide = (
  | { type: 'title' }
  /** One agenda slide: `grouped` under parts; `first` is the number of its first entry; `continued` after the first. */
  | { type: 'agenda'; entries: AgendaEntry[]; grouped: boolean; first: number; continued?: boolean }
  | { type: 'timeline'; section: Section }
  | { type: 'heading'; section: Section; children: Section[]; quotes: Quote[] }
  | { type: 'content'; section: Section; quotes: Quote[] }
  | { type: 'quote'; quote: Quote }
  | { type: 'own'; slide: OwnSlide }
  | { type: 'sources'; documents: DocumentMeta[] }
) & { takeaway?: Takeaway };

export interface AgendaEntry {
  title: Bilingual;
  cite: Bilingual;
  /** The section it belongs to (an item's area, an area's part), which a long agenda groups it under. */
  part?: { id: string; title: Bilingual; cite: Bilingual; untranslated?: Section['untranslated'] };
  /** Languages whose title is only a copy of the original, awaiting translation. */
  untranslated?: Section['untranslated'];
}

/** A group of a document's taxonomy, as the brief needs it: what its members are called, and which sections they are. */
export interface ScopeGroup {
  key: string;
  noun: Bilingual;
  plural: string;
  classifier: string;
  /** The members' section ids. */
  members: string[];
}

export interface BriefingMeta {
  title: string;
  subtitle?: string;
  presenter?: string;
  date?: string;
  audience?: string;
  classification?: string;
  version?: string;
  /** ISO date (YYYY-MM-DD) of the build. */
  buildDate: string;
  brand?: { name: string; logo?: string };
}

/** Everything a renderer needs, chosen and ordered; languages still both present (the renderer picks). */
export interface Briefing {
  meta: BriefingMeta;
  language: Language;
  /** Chinese punctuation as shown: full-width, or the corpus's own (`typography: source`). */
  typography: Typography;
  theme: string;
  deck: DeckOptions;
  brief: BriefOptions;
  groups: Group[];
  slides: Slide[];
  /** Documents cited by the selection, in corpus order. */
  documents: DocumentMeta[];
  /** For each of those documents with a taxonomy, its groups (all their members, not the selected) and its verb. */
  scope: Record<string, { verb: Bilingual; groups: ScopeGroup[] }>;
  speakers: Map<string, Speaker>;
  /** For each selected section, the sections above it, nearest first: what a full brief rolls items up into. */
  lineage: Record<string, Section[]>;
  /** Things the user should know (e.g. untranslated text in an en build). */
  warnings: string[];
}
