import { z } from 'zod';
import { once } from '../util/memo.js';
import { SECTION_KINDS } from './taxonomy.js';

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The schemas of the corpus's files (section front matter, _document.yaml, quotes.yaml), made on first use: a build
 * whose corpus comes from the cache never needs them, and making zod schemas is a measurable part of starting up.
 */
function makeSchemas() {
  const nonEmpty = z.string().trim().min(1, 'must not be empty');
  const id = z.string().regex(ID_PATTERN, 'must be lower-case letters, digits and single hyphens, e.g. "part-2-item-3"');
  const bilingual = z.strictObject({ zh: nonEmpty, en: nonEmpty });
  /** A tag: the key of a member of some document's group; which keys exist is checked once the corpus is read. */
  const tag = id;

  const targetSchema = z.strictObject({
    year: z.number().int().min(1900).max(2200),
    indicator: bilingual,
    value: bilingual,
  });

  const sectionFrontMatter = z.strictObject({
    id,
    kind: z.enum(SECTION_KINDS),
    parent: id.optional(),
    order: z.number().int().nonnegative(),
    number: z.number().int().positive().optional(),
    cite: bilingual,
    title: bilingual,
    points: z.strictObject({
      zh: z.array(nonEmpty).min(1).max(6),
      en: z.array(nonEmpty).min(1).max(6),
    }),
    tags: z.array(tag).default([]),
    untranslated: z.array(z.enum(['zh', 'en'])).default([]),
    targets: z.array(targetSchema).min(1).optional(),
  });

  /** A member of a group: its key (also its section id and tag), or the key with its section and aliases. */
  const member = z.union([
    id.transform((key) => ({ key, section: key, aliases: [] as string[], keywords: [] as string[] })),
    z
      .strictObject({ key: id, section: id.optional(), aliases: z.array(nonEmpty).default([]), keywords: z.array(nonEmpty).default([]) })
      .transform((m) => ({ key: m.key, section: m.section ?? m.key, aliases: m.aliases, keywords: m.keywords })),
  ]);

  const group = z
    .strictObject({
      /** The spec's selector: `- <key>: <member>`. */
      key: id,
      noun: z.strictObject({ zh: nonEmpty, en: nonEmpty }),
      plural: nonEmpty.optional(),
      classifier: nonEmpty.default('\u4e2a'),
      members: z.array(member).min(1),
    })
    .transform((g) => ({ ...g, plural: g.plural ?? `${g.noun.en}s` }));

  const taxonomySchema = z.strictObject({
    verb: bilingual.default({ zh: '\u63d0\u51fa', en: 'sets out' }),
    groups: z.array(group).min(1),
  });

  const documentSchema = z.strictObject({
    id,
    kind: z.enum(['policy', 'commentary']),
    order: z.number().int().nonnegative(),
    title: bilingual,
    short: bilingual,
    number: nonEmpty.optional(),
    /** The number in English form, for English output: "State Council [2025] Document No. 11". */
    numberEn: nonEmpty.optional(),
    /** The name readers search for, said once on the title slide and the brief: "the AI+ Action (widely known as …)". */
    aka: z.strictObject({ zh: nonEmpty.optional(), en: nonEmpty.optional() }).optional(),
    issuer: bilingual.optional(),
    date: z.union([nonEmpty, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    /** The page's publication date (发布日期), when it differs from the date of the document (成文日期). */
    published: z.union([nonEmpty, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    /** Languages whose fields only repeat the original, awaiting translation (imported documents). */
    untranslated: z.array(z.enum(['zh', 'en'])).default([]),
    /** A commentary: the documents it comments on. Its quotes go with those documents' sections, and no others. */
    about: z.array(id).optional(),
    /** The groups a spec selects by name (`- area: <key>`, `- support: [<key>, …]`): see taxonomy.ts. */
    taxonomy: taxonomySchema.optional(),
  });

  const quotesSchema = z.strictObject({
    speakers: z.array(z.strictObject({ id, name: bilingual, role: bilingual })).default([]),
    quotes: z
      .array(
        z.strictObject({
          id,
          speakers: z.array(id).min(1),
          section: id.optional(),
          kind: z.enum(['direct', 'paraphrase']),
          text: bilingual,
          tags: z.array(tag).default([]),
        }),
      )
      .default([]),
  });
  return { targetSchema, sectionFrontMatter, taxonomySchema, documentSchema, quotesSchema };
}

export const corpusSchemas = once(makeSchemas);

export type SectionFrontMatter = z.output<ReturnType<typeof corpusSchemas>['sectionFrontMatter']>;
