import type { Corpus, DocumentMeta, Section } from './types.js';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const SECTION_KINDS = ['preamble', 'part', 'targets', 'area', 'item', 'support', 'article', 'section'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Kinds that may have no text of their own (their children carry it). */
export const CONTAINER_KINDS: readonly SectionKind[] = ['part', 'area'];

/**
 * A tag: the key of a member of some document's group (see `taxonomy:` in `_document.yaml`). Which keys exist is
 * data, checked when the corpus loads, not a list in the code.
 */
export type TagKey = string;

/** One selectable thing of a group: the spec names it by `key`; it is the section `section`. */
export interface GroupMember {
  key: string;
  section: string;
  /** Other words people write for it: suggested as the key ("did you mean"), never taken silently. */
  aliases: string[];
  /** Words in a title that make the tag clear (算力 for compute): what `briefing import` can suggest as tags. */
  keywords: string[];
}

/** A group a document declares: the spec selects its members with `- <key>: <member>`. */
export interface TaxonomyGroup {
  /** The spec's selector, e.g. "area" for `- area: <member>`. */
  key: string;
  /** What one member is called, for sentences: { zh: 重点领域, en: key area }. */
  noun: { zh: string; en: string };
  /** The English plural of the noun (default: noun + "s"). */
  plural: string;
  /** The Chinese measure word before the noun: 个 in 六个重点领域, 项 in 八项基础支撑. */
  classifier: string;
  members: GroupMember[];
}

/** What a document lets a spec select by name, and how the brief says what it sets out. */
export interface Taxonomy {
  /** The verb of "The <title> set out six key areas": agrees with the title ("Opinions … set", "Plan … sets"). */
  verb: { zh: string; en: string };
  groups: TaxonomyGroup[];
}

/** A group with the document that declares it. */
export interface DeclaredGroup extends TaxonomyGroup {
  doc: string;
}

/** Every group of the corpus, in document order. */
export function corpusGroups(documents: readonly DocumentMeta[]): DeclaredGroup[] {
  return documents.flatMap((d) => (d.taxonomy?.groups ?? []).map((g) => ({ ...g, doc: d.id })));
}

/** The selector keys the corpus declares ("area", "support", …), each once, in document order. */
export function groupKeys(documents: readonly DocumentMeta[]): string[] {
  return [...new Set(corpusGroups(documents).map((g) => g.key))];
}

/** Every member key of every group: the tags sections and quotes may carry. */
export function tagKeys(documents: readonly DocumentMeta[]): string[] {
  return [...new Set(corpusGroups(documents).flatMap((g) => g.members.map((m) => m.key)))];
}

/** The member keys a selector accepts, across the documents that declare it. */
export function memberKeys(documents: readonly DocumentMeta[], key: string): string[] {
  return corpusGroups(documents)
    .filter((g) => g.key === key)
    .flatMap((g) => g.members.map((m) => m.key));
}

/** The member a spec names with `- <key>: <name>`, and its section; undefined when there is none. */
export function findMember(corpus: Corpus, key: string, name: string): { group: DeclaredGroup; member: GroupMember; section: Section } | undefined {
  for (const group of corpusGroups(corpus.documents)) {
    if (group.key !== key) continue;
    const member = group.members.find((m) => m.key === name);
    const section = member ? corpus.byId.get(member.section) : undefined;
    if (member && section) return { group, member, section };
  }
  return undefined;
}

/** The group (of its own document) a section is a member of, if any. */
export function groupOf(documents: readonly DocumentMeta[], section: Section): DeclaredGroup | undefined {
  return corpusGroups(documents).find((g) => g.doc === section.doc && g.members.some((m) => m.section === section.id));
}

/** Alias → key, for suggestions: the words a document says people write for its members. */
export function memberAliases(documents: readonly DocumentMeta[], key?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of corpusGroups(documents)) {
    if (key !== undefined && g.key !== key) continue;
    for (const m of g.members) for (const a of m.aliases) out.set(a.toLowerCase(), m.key);
  }
  return out;
}

/** Tag → the title words that suggest it, from every group member that declares keywords. */
export function tagKeywords(documents: readonly DocumentMeta[]): [string, string[]][] {
  return corpusGroups(documents)
    .flatMap((g) => g.members)
    .filter((m) => m.keywords.length)
    .map((m) => [m.key, m.keywords]);
}
