import { z } from 'zod';
import { once } from '../util/memo.js';

/**
 * The presenter's own words in a spec: slides, takeaways, brand, classification, version. Every text is a plain
 * string (used for every language) or `{ en, zh }` (either may be left out: an English deck needs no Chinese).
 */
function makeSchemas() {
  const plain = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');
  const presenterText = z.union([
    plain,
    z
      .strictObject({ en: plain.optional(), zh: plain.optional() })
      .refine((v) => v.en !== undefined || v.zh !== undefined, { message: 'needs "en:" or "zh:" (or both)' }),
  ]);
  /** A path relative to the spec's folder (checked for existence and containment when the spec is read). */
  const relativePath = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
  return {
    presenterText,
    ownSlide: z.strictObject({
      title: presenterText,
      points: z.array(presenterText).max(12, 'at most 12 points fit on a slide').optional(),
      text: presenterText.optional(),
      notes: presenterText.optional(),
      image: relativePath.optional(),
    }),
    brand: z.strictObject({
      name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
      logo: relativePath.optional(),
    }),
    /** A classification mark: a short line of capitals in practice (CONFIDENTIAL, RESTRICTED, 内部). */
    classification: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
    version: z.union([z.string(), z.number().transform(String)]).pipe(z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters')),
  };
}

/** The schemas of the presenter's words, made on first use: a build of a spec checked before (build/spec.ts) needs none. */
export const presenterSchemas = once(makeSchemas);

type Schemas = ReturnType<typeof makeSchemas>;
export type PresenterText = z.output<Schemas['presenterText']>;
export type OwnSlideValue = z.output<Schemas['ownSlide']>;
export type Brand = z.output<Schemas['brand']>;

/** The text of a presenter's string for one language: the language's own, else the other one, else nothing. */
export function presenterFor(t: PresenterText | undefined, lang: 'zh' | 'en'): string | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'string') return t;
  return t[lang] ?? t[lang === 'zh' ? 'en' : 'zh'];
}
