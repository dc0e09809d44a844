import { z } from 'zod';
import { once } from '../util/memo.js';
import { SECTION_KINDS } from './taxonomy.js';
import type { DocumentMeta, Quote, Section, Speaker } from './types.js';

export interface RawDocument {
  meta: DocumentMeta;
  sections: Section[];
  speakers: Speaker[];
  quotes: Quote[];
}

export interface StoredCorpus {
  root: string;
  docs: RawDocument[];
}

/**
 * The shape of a corpus entry of the on-disk cache: each document's files as parsed, before the cross-file checks
 * (which run again on every load, cached or not). An entry that does not have this shape is dropped and the corpus
 * parsed again. Objects are loose so a field added to the corpus types is carried, not silently stripped.
 *
 * Made when first needed: a warm build reads a checked entry (see src/util/cache.ts) and never needs it.
 */
function makeSchema() {
  const bilingual = z.looseObject({ zh: z.string(), en: z.string() });
  const lang = z.enum(['zh', 'en']);
  const optionalString = z.string().optional();

  const section = z.looseObject({
    id: z.string().min(1),
    doc: z.string().min(1),
    kind: z.enum(SECTION_KINDS),
    parent: optionalString,
    order: z.number(),
    number: z.number().optional(),
    cite: bilingual,
    title: bilingual,
    points: z.looseObject({ zh: z.array(z.string()), en: z.array(z.string()) }),
    text: bilingual,
    tags: z.array(z.string()),
    untranslated: z.array(lang),
    targets: z.array(z.looseObject({ year: z.number(), indicator: bilingual, value: bilingual })).optional(),
    file: z.string(),
  });

  const meta = z.looseObject({
    id: z.string().min(1),
    kind: z.enum(['policy', 'commentary']),
    order: z.number(),
    title: bilingual,
    short: bilingual,
    number: optionalString,
    issuer: bilingual.optional(),
    date: optionalString,
    untranslated: z.array(lang).optional(),
    about: z.array(z.string()).optional(),
    file: z.string(),
  });

  const speaker = z.looseObject({ id: z.string().min(1), name: bilingual, role: bilingual });

  const quote = z.looseObject({
    id: z.string().min(1),
    doc: z.string().min(1),
    speakers: z.array(z.string()),
    section: optionalString,
    kind: z.enum(['direct', 'paraphrase']),
    text: bilingual,
    tags: z.array(z.string()),
    file: z.string(),
  });

  return z
    .strictObject({
      root: z.string(),
      docs: z.array(z.strictObject({ meta, sections: z.array(section), speakers: z.array(speaker), quotes: z.array(quote) })),
    })
    .transform((v) => v as unknown as StoredCorpus);
}

export const storedCorpusSchema = once(makeSchema);
