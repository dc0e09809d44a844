import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ID_PATTERN } from '../corpus/schema.js';
import { UserError } from '../errors.js';
import type { Io } from '../log.js';
import { writeFileAtomic } from '../util/fs.js';
import { ImportError, parseGovernmentDocument } from './parse.js';
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
}

/** `briefing import`: read the text, parse it, and write (or show) the document's corpus folder. */
export async function importDocument(o: ImportOptions, io: Io): Promise<ImportResult> {
  if (!ID_PATTERN.test(o.id)) {
    throw new UserError(`--id "${o.id}" is not a valid document id`, { expected: 'lower-case letters, digits and single hyphens, e.g. "provincial-ai-plan"' });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(o.file);
  } catch (err) {
    throw new UserError(`cannot read ${o.file} (${(err as NodeJS.ErrnoException).code})`, { location: { file: o.file } });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError('the file is not UTF-8 text', { location: { file: o.file }, hint: 'save it as UTF-8 plain text (.txt) or Markdown' });
  }
  let doc;
  try {
    doc = parseGovernmentDocument(text);
  } catch (err) {
    if (err instanceof ImportError) throw new UserError(err.message, { location: { file: o.file }, hint: err.hint });
    throw err;
  }
  const { files, outline } = toCorpusFiles(doc, o.id);
  const dir = path.join(o.content, o.id);
  if (doc.dropped.length) io.err(`dropped ${doc.dropped.length} line(s) of page noise:\n${doc.dropped.map((l) => `  - ${l.length > 70 ? `${l.slice(0, 67)}…` : l}`).join('\n')}`);
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
  if (o.dryRun || unchanged) return { dir, outline, written: [], unchanged, dropped: doc.dropped };
  if (existing && o.force) {
    // Remove only what an import writes (Markdown sections and _document.yaml) that this import does not write again.
    const keep = new Set(files.map((f) => f.name));
    await Promise.all(existing.filter((n) => (n.endsWith('.md') || n === '_document.yaml') && !keep.has(n)).map((n) => rm(path.join(dir, n))));
  }
  await mkdir(dir, { recursive: true });
  await Promise.all(files.map((f) => writeFileAtomic(path.join(dir, f.name), f.text)));
  return { dir, outline, written: files.map((f) => f.name), unchanged, dropped: doc.dropped };
}
