import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../corpus/load.js';
import { parseSectionFile } from '../corpus/parse.js';
import { corpusSchemas } from '../corpus/schema.js';
import { UserError, UserErrors } from '../errors.js';
import { readTextBounded } from '../import/read.js';
import { writeFileAtomic } from '../util/fs.js';
import { didYouMean } from '../util/suggest.js';
import { validateYaml } from '../util/validate.js';
import { parseYaml } from '../util/yaml.js';
import { applyDocumentEnglish, applySectionEnglish, type SectionEnglish } from './apply.js';
import { documentUnits, type Unit } from './units.js';
import { readXliff, toXliff, type ReadUnit } from './xliff.js';

/** Largest XLIFF file read: a whole document with every unit translated is far below it. */
export const MAX_XLIFF_BYTES = 32 * 1024 * 1024;

export interface ExportResult {
  xliff: string;
  units: number;
  translated: number;
}

async function corpusWith(content: string, doc: string, at?: { file: string; line: number }) {
  const corpus = await loadCorpus(content);
  if (!corpus.documents.some((d) => d.id === doc)) {
    throw new UserError(`no document "${doc}" in the corpus`, {
      ...(at ? { location: at } : { location: { file: content } }),
      ...(at ? { expected: 'the id of a document under content/ in <file original="…">' } : {}),
      hint: didYouMean(doc, corpus.documents.map((d) => d.id)) ?? 'see `briefing list`',
    });
  }
  return corpus;
}

/** `briefing translate export --doc <id>`: the document's units as XLIFF 1.2. */
export async function exportXliff(o: { doc: string; content: string }): Promise<ExportResult> {
  const corpus = await corpusWith(o.content, o.doc);
  const { units } = documentUnits(corpus, o.doc);
  return { xliff: toXliff(o.doc, units), units: units.length, translated: units.filter((u) => u.target !== undefined).length };
}

export interface ImportReport {
  doc: string;
  /** Units whose English was written. */
  applied: number;
  /** Units whose English was already the same. */
  unchanged: number;
  /** Units with no English in the file (or the Chinese copied as a placeholder). */
  untranslated: number;
  /** Units not applied, with the line and why: the corpus changed since the export, or inline markup. */
  skipped: { id: string; line: number; reason: string }[];
  /** Sections (and the document) whose "untranslated" mark was cleared. */
  completed: string[];
  written: string[];
}

/** `briefing translate import <file.xlf>`: the English of a translated XLIFF written into the document's files. */
export async function importXliff(o: { file: string; content: string }): Promise<ImportReport> {
  const xml = await readTextBounded(o.file, MAX_XLIFF_BYTES);
  const read = readXliff(xml, o.file);
  if (!read.doc) throw new UserError('the <file> element names no document', { location: { file: o.file, line: read.line }, expected: '<file original="<document id>">' });
  const corpus = await corpusWith(o.content, read.doc, { file: o.file, line: read.line });
  const { meta, sections, units } = documentUnits(corpus, read.doc);
  const byId = new Map(units.map((u) => [u.id, u]));

  // Ids the document does not have: the file is for another version or another document; nothing is applied.
  const unknown = read.units.filter((u) => !byId.has(u.id));
  if (unknown.length) {
    throw new UserErrors(
      unknown.slice(0, 20).map((u) =>
        new UserError(`unknown unit id "${u.id}" for document ${read.doc}`, {
          location: { file: o.file, line: u.line },
          hint: didYouMean(u.id, byId.keys()) ?? 'export the document again (`briefing translate export`) and translate that file',
        }),
      ),
    );
  }
  const seen = new Map<string, number>();
  for (const u of read.units) {
    if (seen.has(u.id)) throw new UserError(`unit "${u.id}" appears twice`, { location: { file: o.file, line: u.line }, hint: `first on line ${seen.get(u.id)}` });
    seen.set(u.id, u.line);
  }

  const report: ImportReport = { doc: read.doc, applied: 0, unchanged: 0, untranslated: 0, skipped: [], completed: [], written: [] };
  const accepted = new Map<string, string>();
  for (const r of read.units) {
    const unit = byId.get(r.id)!;
    if (r.problem) {
      report.skipped.push({ id: r.id, line: r.line, reason: r.problem });
      continue;
    }
    if (r.source.trim() !== unit.source.trim()) {
      report.skipped.push({ id: r.id, line: r.line, reason: 'the Chinese in the corpus changed since the export' });
      continue;
    }
    if (!hasEnglish(r)) {
      report.untranslated += 1;
      continue;
    }
    if (unit.target !== undefined && unit.target.trim() === r.target!.trim()) {
      report.unchanged += 1;
      continue;
    }
    accepted.set(r.id, r.target!);
  }
  const english = (u: Unit) => accepted.has(u.id) || u.target !== undefined;

  // New file texts, all checked with the corpus parser before any is written.
  const writes: { file: string; text: string }[] = [];
  for (const s of sections) {
    const mine = units.filter((u) => u.section === s.id);
    const changes = mine.filter((u) => accepted.has(u.id));
    const complete = s.untranslated.includes('en') && mine.every(english);
    if (!changes.length && !complete) continue;
    const en: SectionEnglish = { points: new Map(), paras: new Map(), complete };
    for (const u of changes) {
      const t = accepted.get(u.id)!;
      if (u.field === 'title') en.title = t;
      else if (u.field === 'point') en.points.set(u.index!, t);
      else if (u.field === 'para') en.paras.set(u.index!, t);
      else if (u.field === 'text') en.text = t;
    }
    const source = await readFile(s.file, 'utf8');
    const text = applySectionEnglish(source, en);
    parseSectionFile(text, s.file, s.doc);
    writes.push({ file: s.file, text });
    report.applied += changes.length;
    if (complete) report.completed.push(s.id);
  }
  const docUnits = units.filter((u) => !u.section);
  const docChanges = docUnits.filter((u) => accepted.has(u.id));
  const docComplete = (meta.untranslated ?? []).includes('en') && docUnits.every(english);
  if (docChanges.length || docComplete) {
    const pick = (field: Unit['field']) => {
      const u = docChanges.find((x) => x.field === field);
      return u ? accepted.get(u.id) : undefined;
    };
    const source = await readFile(meta.file, 'utf8');
    const title = pick('doc-title');
    const short = pick('doc-short');
    const issuer = pick('doc-issuer');
    const text = applyDocumentEnglish(source, { ...(title ? { title } : {}), ...(short ? { short } : {}), ...(issuer ? { issuer } : {}), complete: docComplete });
    validateYaml(corpusSchemas().documentSchema, parseYaml(text, meta.file), 'document file');
    writes.push({ file: meta.file, text });
    report.applied += docChanges.length;
    if (docComplete) report.completed.push(read.doc);
  }
  for (const w of writes) await writeFileAtomic(w.file, w.text);
  report.written = writes.map((w) => path.relative(o.content, w.file));
  return report;
}

/** A target with English in it: not empty, not the Chinese copied over as a placeholder. */
function hasEnglish(r: ReadUnit): boolean {
  if (r.target === undefined || !r.target.trim()) return false;
  if (r.state === 'new' || r.state === 'needs-translation') return r.target.trim() !== r.source.trim() && !/[\u4e00-\u9fff]/.test(r.target);
  return r.target.trim() !== r.source.trim() || !/[\u4e00-\u9fff]/.test(r.source);
}
