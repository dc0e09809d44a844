import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../corpus/load.js';
import { tagKeys, tagKeywords } from '../corpus/taxonomy.js';
import { ID_PATTERN } from '../corpus/schema.js';
import { UserError, UserErrors } from '../errors.js';
import type { Io } from '../log.js';
import { writeFileAtomic } from '../util/fs.js';
import { ImportError, parseGovernmentDocument, type ImportedDocument } from './parse.js';
import { isHeaderLine } from './header.js';
import { readTextBounded } from './read.js';
import { toCorpusFiles, type OutlineLine } from './sections.js';

export interface ImportOptions {
  file: string;
  id: string;
  content: string;
  force?: boolean;
  dryRun?: boolean;
}

export interface ImportResult {
  dir: string;
  outline: OutlineLine[];
  written: string[];
  unchanged: boolean;
  dropped: string[];
  /** The page's header block: each label, its value and what it was used for (or nothing: dropped). */
  header: ImportedDocument['header'];
}

/** Longest document id: section ids and file names are made from it (`<id>-12-3-4.md`). */
export const MAX_ID_LENGTH = 64;
/** Largest import input: far above any policy document (the Opinions are 40 KB). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** A document id as the corpus needs it, checked before anything is read or written; a suggestion when it is not. */
export function checkDocumentId(id: string): void {
  if (ID_PATTERN.test(id) && id.length <= MAX_ID_LENGTH) return;
  const suggestion = suggestId(id);
  throw new UserError(`--id "${id.length > 80 ? `${id.slice(0, 77)}…` : id}" is not a valid document id`, {
    expected: `at most ${MAX_ID_LENGTH} lower-case letters (a-z), digits and single hyphens, e.g. "provincial-ai-plan"`,
    found: id.length > MAX_ID_LENGTH ? `${id.length} characters` : JSON.stringify(id),
    ...(suggestion ? { hint: `try --id ${suggestion}` } : {}),
  });
}

/** "Zhejiang AI Plan (2026)" → "zhejiang-ai-plan-2026", cut at a hyphen to the length limit. */
export function suggestId(id: string): string | undefined {
  let s = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (s.length > MAX_ID_LENGTH) {
    s = s.slice(0, MAX_ID_LENGTH);
    const cut = s.lastIndexOf('-');
    s = (cut >= MAX_ID_LENGTH / 2 ? s.slice(0, cut) : s).replace(/-+$/, '');
  }
  return s && ID_PATTERN.test(s) ? s : undefined;
}

/**
 * `briefing import`: read the text, parse it, and write (or show) the document's corpus folder. All or nothing: the
 * files are written to a hidden folder beside content/<id>/, loaded there with the corpus loader (and checked against
 * the rest of the corpus for clashing ids), and only then moved into place with one rename. A failure at any step
 * leaves content/ as it was.
 */
export async function importDocument(o: ImportOptions, io: Io): Promise<ImportResult> {
  checkDocumentId(o.id);
  const text = await readTextBounded(o.file, MAX_IMPORT_BYTES);
  let doc;
  try {
    doc = parseGovernmentDocument(text);
  } catch (err) {
    if (err instanceof ImportError) throw new UserError(err.message, { location: { file: o.file }, hint: err.hint });
    throw err;
  }
  // Tags are suggested from the corpus's taxonomies (their members' title keywords).
  const known = await loadCorpus(o.content).catch(() => undefined);
  const { files, outline } = toCorpusFiles(doc, o.id, known ? tagKeywords(known.documents) : []);
  const dir = path.join(o.content, o.id);
  if (doc.header.length) io.err(headerReport(doc));
  const noise = doc.dropped.filter((l) => !isHeaderLine(l) && !doc.header.some((e) => e.value === l));
  if (noise.length) io.err(`dropped ${noise.length} line(s) of page noise:\n${noise.map((l) => `  - ${l.length > 70 ? `${l.slice(0, 67)}…` : l}`).join('\n')}`);
  const base = { dir, outline, dropped: doc.dropped, header: doc.header };
  const existing = await readdir(dir).catch(() => undefined);
  let unchanged = false;
  if (existing) {
    const same = existing.length === files.length && (await Promise.all(files.map(async (f) => (await readFile(path.join(dir, f.name), 'utf8').catch(() => '')) === f.text))).every(Boolean);
    unchanged = same;
    if (!same && !o.force && !o.dryRun) {
      throw new UserError(`content/${o.id}/ already exists and differs from this import`, {
        location: { file: dir },
        hint: 'use --force to replace it (your edits in that folder will be lost), or choose another --id',
      });
    }
  }
  if (o.dryRun || unchanged) return { ...base, written: [], unchanged };

  const stage = path.join(o.content, `.import-${o.id}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const staged = path.join(stage, o.id);
  // Interrupted (Ctrl-C exits the process): the hidden staging folder goes too. content/ itself is never half-written.
  const cleanup = () => rmSync(stage, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    await mkdir(staged, { recursive: true });
    await Promise.all(files.map((f) => writeFileAtomic(path.join(staged, f.name), f.text)));
    // Files the user added to the folder (quotes.yaml, notes) are kept; an import writes only Markdown and _document.yaml.
    if (existing) {
      const keep = existing.filter((n) => !n.endsWith('.md') && n !== '_document.yaml' && !n.startsWith('.'));
      await Promise.all(keep.map((n) => cp(path.join(dir, n), path.join(staged, n), { recursive: true })));
    }
    await checkStaged(stage, o);
    if (existing) {
      // Replace: the old folder aside, the new one in, the old one removed (two renames; content/ never holds a half).
      const old = path.join(stage, `${o.id}.old`);
      await rename(dir, old);
      try {
        await rename(staged, dir);
      } catch (err) {
        await rename(old, dir);
        throw err;
      }
    } else {
      await rename(staged, dir);
    }
  } catch (err) {
    if (err instanceof UserError || err instanceof UserErrors) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`cannot write content/${o.id}/ (${e.code ?? e.message}); nothing was changed`, { location: { file: e.path ?? dir } });
  } finally {
    process.off('exit', cleanup);
    await rm(stage, { recursive: true, force: true });
  }
  return { ...base, written: files.map((f) => f.name), unchanged };
}

/**
 * Load the staged document with the corpus loader, then check that its ids clash with no other document's. Any
 * problem here is a bug of the import, reported as such, and nothing is moved into content/.
 */
async function checkStaged(stage: string, o: ImportOptions): Promise<void> {
  // The corpus first: the staged document's tags are checked against its taxonomies (a document alone declares none).
  let corpus;
  try {
    corpus = await loadCorpus(o.content);
  } catch {
    corpus = undefined; // The corpus is already broken elsewhere: the loader reports that on the next build.
  }
  let staged;
  try {
    staged = await loadCorpus(stage, { cache: false, tags: corpus ? tagKeys(corpus.documents) : 'any' });
  } catch (err) {
    const errors = err instanceof UserErrors ? err.errors : err instanceof UserError ? [err] : undefined;
    if (!errors) throw err;
    throw new UserError(`the import of ${path.basename(o.file)} would not load (nothing was written): ${errors[0]!.message}`, {
      location: { file: o.file },
      hint: 'please report this with the input file; meanwhile edit the text around the place named',
    });
  }
  if (!corpus) return; // the import is sound
  const clash = staged.sections.find((s) => {
    const other = corpus.byId.get(s.id) ?? corpus.quotesById.get(s.id);
    return other && other.doc !== o.id;
  });
  if (clash) {
    const other = corpus.byId.get(clash.id) ?? corpus.quotesById.get(clash.id)!;
    throw new UserError(`--id ${o.id} would make the section id "${clash.id}", already used by ${other.file}`, {
      hint: 'choose another --id (section ids are made from it and must be unique across the corpus)',
    });
  }
}

/** What the page's header block gave, and what of it was used. */
function headerReport(doc: ImportedDocument): string {
  const used = doc.header.filter((e) => e.use);
  const dropped = doc.header.filter((e) => !e.use);
  const line = (e: ImportedDocument['header'][number]) => `  - ${e.label.replace(/[\s\u3000]/g, '')}: ${e.value || '(empty)'}${e.use ? ` → ${e.use}` : ''}`;
  return [`header block: ${used.length} value(s) used, ${dropped.length} dropped:`, ...used.map(line), ...dropped.map(line)].join('\n');
}
