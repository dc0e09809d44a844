import { z } from 'zod';
import { LANGUAGES } from '../spec/schema.js';
import type { ComposerState } from './state.js';

/**
 * The shape of the composer's state as the page sends it back: every field the state has (see ComposerState), so
 * nothing the page was given is dropped on the way (a member's group and key, what the spec wrote, takeaways, own
 * slides, files). What the values mean (known areas, ids, limits) is the spec parser's to check, on the YAML built
 * from it. Unknown keys are dropped.
 */
const field = z.string().max(10_000);
const numbers = z.array(z.number().int().min(0).max(100_000)).max(10_000);
const ids = z.array(field).max(10_000);
/** A text of the presenter's: one string, or { en, zh }. */
const text = z.union([field, z.object({ en: field.optional(), zh: field.optional() })]);
const ref = { group: field.optional(), key: field.optional() };
const commented = { takeaway: text.optional() };

const entrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('area'),
    area: field,
    items: numbers.optional(),
    written: z.object({ items: numbers.optional(), folded: numbers.optional(), excluded: ids }).optional(),
    ...ref,
    ...commented,
  }),
  z.object({ kind: z.literal('id'), id: field, ...ref, ...commented }),
  z.object({ kind: z.literal('quote'), id: field, ...commented }),
  z.object({ kind: z.literal('doc'), doc: field, parts: numbers.optional(), ...commented }),
  z.object({
    kind: z.literal('slide'),
    slide: z.object({ title: text, points: z.array(text).max(1000).optional(), text: text.optional(), notes: text.optional(), image: field.optional() }),
  }),
  z.object({ kind: z.literal('file'), file: field }),
]);

export const composerStateSchema = z.object({
  title: field,
  subtitle: field.optional(),
  presenter: field.optional(),
  audience: field.optional(),
  date: field.optional(),
  language: z.enum(LANGUAGES),
  theme: field,
  classification: field.optional(),
  version: field.optional(),
  entries: z.array(entrySchema).max(10_000),
  exclude: ids.optional(),
  deck: z
    .object({ agenda: z.boolean(), notes: z.boolean(), sources: z.boolean(), quotes: z.boolean(), maxQuotes: z.number().int().min(0).max(1000) })
    .partial()
    .optional(),
  brief: z.object({ bottomLine: field, quotes: z.number().int().min(0).max(1000) }).partial().optional(),
});

// The schema gives exactly the state's type, with the same keys (optional ones too) for the state and for each kind
// of entry: a field added to one and not the other does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Parsed = z.output<typeof composerStateSchema>;
type Entry = ComposerState['entries'][number];
type KeysOf<U, K> = U extends { kind: K } ? keyof U : never;
type EntryKeysAlike = { [K in Entry['kind']]: Same<KeysOf<Parsed['entries'][number], K>, KeysOf<Entry, K>> }[Entry['kind']];
const checks: [Same<Parsed, ComposerState>, Same<keyof Parsed, keyof ComposerState>, EntryKeysAlike] = [true, true, true];
void checks;
