import type { Corpus, DocumentMeta, Section } from '../corpus/types.js';

/**
 * The translation units of one document: its title (and short name, issuer), and for each section its title, each
 * key point and each paragraph of its text. Ids come from section ids and the place in the section
 * (`<section>/title`, `<section>/point-2`, `<section>/para-3`), so they stay the same when other sections change. Pure.
 */
export interface Unit {
  id: string;
  /** The Chinese, as it stands in the corpus (Markdown for paragraphs). */
  source: string;
  /** The current English, when there is one (a placeholder that repeats the Chinese is none). */
  target?: string;
  /** Where the unit lives: the section (or the document file) and the field. */
  section?: string;
  field: UnitField;
  /** Index of the point or paragraph. */
  index?: number;
  /** What a translator should know: the citation, the kind. */
  note?: string;
}

export type UnitField = 'doc-title' | 'doc-short' | 'doc-issuer' | 'title' | 'point' | 'para' | 'text';

/** The paragraphs of a section's Markdown text. */
export const paragraphs = (md: string): string[] => (md.trim() ? md.trim().split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean) : []);

export function documentUnits(corpus: Corpus, docId: string): { meta: DocumentMeta; sections: Section[]; units: Unit[] } {
  const meta = corpus.documents.find((d) => d.id === docId);
  if (!meta) throw new Error(`no document ${docId}`);
  const sections = corpus.sections.filter((s) => s.doc === docId);
  const units: Unit[] = [];
  const docDone = !(meta.untranslated ?? []).includes('en');
  // English that differs from the Chinese is a translation, also in a section still marked untranslated (partly
  // translated); the same text is the import's placeholder, unless the section is translated and the text has no
  // Chinese in it (a number, a name).
  // In a section still marked untranslated, English is what has no Chinese in it (a placeholder may be stale: the
  // Chinese was edited after the import).
  const cjk = (t: string) => /[\u4e00-\u9fff]/.test(t);
  const known = (zh: string, en: string | undefined, done: boolean) => (en && (done ? en !== zh || !cjk(zh) : en !== zh && !cjk(en)) ? { target: en } : {});
  units.push({ id: `${docId}/title`, source: meta.title.zh, field: 'doc-title', note: 'the title of the document', ...known(meta.title.zh, meta.title.en, docDone) });
  // An imported document's short name in English is its number until translated.
  units.push({ id: `${docId}/short`, source: meta.short.zh, field: 'doc-short', note: 'how the text refers to the document, e.g. 《意见》 → the Opinions', ...(docDone ? known(meta.short.zh, meta.short.en, true) : {}) });
  if (meta.issuer) units.push({ id: `${docId}/issuer`, source: meta.issuer.zh, field: 'doc-issuer', note: 'the issuer', ...known(meta.issuer.zh, meta.issuer.en, docDone) });
  for (const s of sections) {
    const done = !s.untranslated.includes('en');
    const cite = `${s.cite.en || s.kind} (${s.cite.zh || s.id})`;
    units.push({ id: `${s.id}/title`, source: s.title.zh, section: s.id, field: 'title', note: `${cite}: title`, ...known(s.title.zh, s.title.en, done) });
    s.points.zh.forEach((p, k) => {
      units.push({ id: `${s.id}/point-${k + 1}`, source: p, section: s.id, field: 'point', index: k, note: `${cite}: key point ${k + 1}`, ...known(p, s.points.en[k], done) });
    });
    const zh = paragraphs(s.text.zh);
    const en = paragraphs(s.text.en);
    if (!zh.length) continue;
    if (done && en.length !== zh.length) {
      // A translation whose paragraphs do not pair with the Chinese: one unit for the whole text.
      units.push({ id: `${s.id}/text`, source: zh.join('\n\n'), section: s.id, field: 'text', note: `${cite}: the whole text`, ...known(s.text.zh, s.text.en.trim(), done) });
      continue;
    }
    zh.forEach((p, k) => {
      units.push({ id: `${s.id}/para-${k + 1}`, source: p, section: s.id, field: 'para', index: k, note: `${cite}: paragraph ${k + 1}`, ...known(p, en[k], done) });
    });
  }
  return { meta, sections, units };
}
