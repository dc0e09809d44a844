import { z } from 'zod';
import { once } from '../util/memo.js';
import { controlMessage, findControlCharacter } from '../util/text.js';
import { presenterSchemas } from './presenter.js';

export const LANGUAGES = ['zh', 'en', 'bilingual'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Chinese punctuation on display: full-width (，：；（）) as official documents print it, or the corpus's own. */
export const TYPOGRAPHY = ['full-width', 'source'] as const;
export type Typography = (typeof TYPOGRAPHY)[number];

/** A spec's text (a title, a subtitle…). Made on its own: a --title flag is checked against it without the rest. */
const specText = once(() =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(800, 'must be at most 800 characters')
    .refine((s) => !findControlCharacter(s), { error: (issue) => controlMessage(String(issue.input)) }),
);
const themeName = once(() => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be the name of a folder under themes/, e.g. "official"').default('official'));

function makeSchemas() {
  const { brand, classification, version } = presenterSchemas();
  const text = specText();
  const dateLike = z.union([text, z.date().transform((d) => d.toISOString().slice(0, 10)), z.number().int().transform(String)]);

  const deckOptions = z.strictObject({
    agenda: z.boolean().default(true),
    notes: z.boolean().default(true),
    sources: z.boolean().default(true),
    /** Quote slides for the expert quotes related to each selected group member (an area, a support, …). */
    quotes: z.boolean().default(true),
    /** At most this many related quote slides per group member. */
    maxQuotes: z.number().int().min(0).max(20).default(2),
  });

  const briefOptions = z.strictObject({
    /** The bottom line up front: 2–3 sentences in the spec's language(s). Defaults to one built from the selection. */
    bottomLine: z.union([text, z.strictObject({ zh: text, en: text })]).optional(),
    /** How many attributed quotes the brief shows (0–2). */
    quotes: z.number().int().min(0).max(2).default(2),
    /** Block ids (area, support or section ids) whose points survive condensing first. */
    keep: z.array(z.string().trim().min(1)).default([]),
  });

  const spec = z.strictObject({
    title: text,
    subtitle: text.optional(),
    presenter: text.optional(),
    date: dateLike.optional(),
    audience: text.optional(),
    language: z.enum(LANGUAGES).default('en'),
    typography: z.enum(TYPOGRAPHY).default('full-width'),
    theme: themeName(),
    sections: z.array(z.unknown()).min(1, 'must list at least one section'),
    exclude: z.array(z.string()).default([]),
    deck: deckOptions.default(deckOptions.parse({})),
    brief: briefOptions.default(briefOptions.parse({})),
    pdf: z.boolean().default(false),
    /** Also write deck.pptx, an editable PowerPoint file (like --pptx). */
    pptx: z.boolean().default(false),
    /** A classification mark on every slide and page, and in the PDFs' metadata. */
    classification: classification.optional(),
    /** A version, stamped with the build date in footers and the PDFs' metadata. */
    version: version.optional(),
    brand: brand.optional(),
  });
  return { spec, deckOptions, briefOptions };
}

/** The spec's schemas, made on first use: a build of a spec checked before (build/spec.ts keeps them) needs none. */
export const specSchemas = once(makeSchemas);

/**
 * The schemas of the spec fields a command-line flag replaces (spec/overrides.ts), the same as the spec's own: made
 * without the whole spec's, which take most of 20 ms to make, for a build whose spec check is kept (build/spec.ts).
 */
export const overrideSchemas = once(() => {
  const { classification, version } = presenterSchemas();
  return { title: specText(), theme: themeName(), classification, version };
});

type Schemas = ReturnType<typeof makeSchemas>;
export type SpecValue = z.output<Schemas['spec']>;
export type DeckOptions = z.output<Schemas['deckOptions']>;
export type BriefOptions = z.output<Schemas['briefOptions']>;

/** The top-level keys, for "did you mean" hints (tests/unit/spec-cache.test.ts holds them equal to the schema's). */
export const SPEC_KEYS = ['title', 'subtitle', 'presenter', 'date', 'audience', 'language', 'typography', 'theme', 'sections', 'exclude', 'deck', 'brief', 'pdf', 'pptx', 'classification', 'version', 'brand'] as const;
/** The keys of a `sections:` mapping that are the spec's own; any other key names a group a document declares. */
export const SELECTOR_KEYS = ['quote', 'doc', 'slide', 'file'] as const;
/** Keys that go with a selector: `items:` with a group member, `parts:` with `doc:`, the presenter's `takeaway:`. */
export const MODIFIER_KEYS = ['items', 'parts', 'takeaway'] as const;
