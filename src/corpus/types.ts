import type { Lang, SectionKind, TagKey, Taxonomy } from './taxonomy.js';

/** A string in both corpus languages. */
export type Bilingual = Record<Lang, string>;

export interface Target {
  year: number;
  indicator: Bilingual;
  value: Bilingual;
}

export interface Section {
  id: string;
  doc: string;
  kind: SectionKind;
  parent?: string;
  order: number;
  /** Item or support number within its parent: 3 for 二(二)3, 9 for 三(九). */
  number?: number;
  cite: Bilingual;
  title: Bilingual;
  points: Record<Lang, string[]>;
  /** Full text as Markdown, per language; empty for containers without text of their own. */
  text: Bilingual;
  tags: TagKey[];
  /** Languages whose text is a machine placeholder awaiting translation. */
  untranslated: Lang[];
  targets?: Target[];
  file: string;
}

export interface Speaker {
  id: string;
  name: Bilingual;
  role: Bilingual;
}

export interface Quote {
  id: string;
  doc: string;
  speakers: string[];
  section?: string;
  kind: 'direct' | 'paraphrase';
  text: Bilingual;
  tags: TagKey[];
  file: string;
}

export interface DocumentMeta {
  id: string;
  kind: 'policy' | 'commentary';
  order: number;
  title: Bilingual;
  /** How the text refers to the document: 《意见》 / the Opinions. */
  short: Bilingual;
  /** 发文字号, e.g. 国发〔2025〕11号. */
  number?: string;
  /** The number in English form, for English output. */
  numberEn?: string;
  /** The name readers search for, said once on the title slide and the brief, per language. */
  aka?: Partial<Bilingual>;
  issuer?: Bilingual;
  date?: string;
  /** 发布日期: when the page was published. */
  published?: string;
  untranslated?: Lang[];
  /** A commentary: the documents it comments on (its quotes go with their sections). */
  about?: string[];
  /** The groups a spec can select by name (`- area: <key>`), declared in `_document.yaml`. */
  taxonomy?: Taxonomy;
  file: string;
}

export interface Corpus {
  root: string;
  documents: DocumentMeta[];
  /** All sections, by document order then section order. */
  sections: Section[];
  byId: Map<string, Section>;
  speakers: Map<string, Speaker>;
  quotes: Quote[];
  quotesById: Map<string, Quote>;
}
