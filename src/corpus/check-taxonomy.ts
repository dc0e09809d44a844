import type { DocumentMeta, Quote, Section } from './types.js';
import { tagKeys } from './taxonomy.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { parseYaml, type PathKey } from '../util/yaml.js';

/** Keys a `sections:` entry has of its own: no group may take them. */
export const RESERVED_SELECTORS = ['doc', 'quote', 'items', 'parts'] as const;

/**
 * The corpus's taxonomies against its sections: every member names a section of its own document, a member key is
 * declared once per selector, and every tag of a section or quote is a member key of some document. Pure: `source`
 * gives a file's text, to place a mistake at its line and column.
 */
export function checkTaxonomies(
  documents: DocumentMeta[],
  sections: Section[],
  quotes: Quote[],
  source: (file: string) => string | undefined,
  /** Tags declared elsewhere (or 'any': no tag check), for a document checked apart from its corpus. */
  extra: readonly string[] | 'any' = [],
): UserError[] {
  const errors: UserError[] = [];
  const byId = new Map(sections.map((s) => [s.id, s]));
  const at = (file: string, path: PathKey[], lineOffset = 0, text = source(file)) => {
    if (text === undefined) return { location: { file } };
    try {
      const doc = parseYaml(text, file, { lineOffset });
      const loc = doc.locate(path);
      return { location: loc, excerpt: doc.excerpt(loc) };
    } catch {
      return { location: { file } };
    }
  };

  const seen = new Map<string, string>();
  for (const d of documents) {
    (d.taxonomy?.groups ?? []).forEach((g, i) => {
      if ((RESERVED_SELECTORS as readonly string[]).includes(g.key)) {
        errors.push(new UserError(`the group key "${g.key}" is a key of the spec's own`, { ...at(d.file, ['taxonomy', 'groups', i, 'key']), expected: `a key other than ${RESERVED_SELECTORS.join(', ')}`, found: `"${g.key}"` }));
      }
      g.members.forEach((m, j) => {
        const path = ['taxonomy', 'groups', i, 'members', j];
        const s = byId.get(m.section);
        if (!s || s.doc !== d.id) {
          const own = sections.filter((x) => x.doc === d.id).map((x) => x.id);
          errors.push(
            new UserError(`"${g.key}" member "${m.key}" names no section of this document`, {
              ...at(d.file, path),
              expected: 'the id of a section in this folder',
              found: `"${m.section}"`,
              hint: didYouMean(m.section, own),
            }),
          );
        }
        const key = `${g.key}\u0000${m.key}`;
        const prev = seen.get(key);
        if (prev) errors.push(new UserError(`"${g.key}: ${m.key}" is declared twice`, { ...at(d.file, path), hint: `also declared by ${prev}; a spec must know which one it selects` }));
        else seen.set(key, d.file);
      });
    });
  }

  if (extra === 'any') return errors;
  const tags = [...new Set([...tagKeys(documents), ...extra])];
  const expected = tags.length ? `a key of a group in a _document.yaml: ${tags.join(', ')}` : 'no tags: no document declares groups (taxonomy: in _document.yaml)';
  for (const s of sections) {
    s.tags.forEach((t, j) => {
      if (tags.includes(t)) return;
      // Front matter starts on the file's second line.
      const text = source(s.file);
      const fm = text?.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
      const end = fm ? fm.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
      const place = fm && end > 0 ? at(s.file, ['tags', j], 1, fm.slice(1, end).join('\n')) : { location: { file: s.file } };
      errors.push(new UserError(`unknown tag "${t}"`, { ...place, expected, found: `"${t}"`, hint: didYouMean(t, tags) }));
    });
  }
  const quoteIndex = new Map<string, number>();
  for (const q of quotes) {
    const i = quoteIndex.get(q.file) ?? 0;
    quoteIndex.set(q.file, i + 1);
    q.tags.forEach((t, j) => {
      if (!tags.includes(t)) errors.push(new UserError(`unknown tag "${t}" on quote "${q.id}"`, { ...at(q.file, ['quotes', i, 'tags', j]), expected, found: `"${t}"`, hint: didYouMean(t, tags) }));
    });
  }
  return errors;
}
