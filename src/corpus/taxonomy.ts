/** The six key areas of the "AI+" Opinions, in document order; their keys are also section ids and tags. */
export const AREAS = ['science', 'industry', 'consumption', 'livelihood', 'governance', 'global'] as const;
/** The eight foundational supports, (七)–(十四), in document order. */
export const SUPPORTS = ['models', 'data', 'compute', 'environment', 'open-source', 'talent', 'policy', 'safety'] as const;

export type AreaKey = (typeof AREAS)[number];
export type SupportKey = (typeof SUPPORTS)[number];
export type TagKey = AreaKey | SupportKey;

export const TAGS: readonly TagKey[] = [...AREAS, ...SUPPORTS];

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const SECTION_KINDS = ['preamble', 'part', 'targets', 'area', 'item', 'support', 'article', 'section'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Kinds that may have no text of their own (their children carry it). */
export const CONTAINER_KINDS: readonly SectionKind[] = ['part', 'area'];

export const isArea = (s: string): s is AreaKey => (AREAS as readonly string[]).includes(s);
export const isSupport = (s: string): s is SupportKey => (SUPPORTS as readonly string[]).includes(s);
