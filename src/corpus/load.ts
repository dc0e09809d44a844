import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSectionFile } from './parse.js';
import { documentSchema, quotesSchema } from './schema.js';
import type { Corpus, DocumentMeta, Quote, Section, Speaker } from './types.js';
import { UserError, UserErrors } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { parseYaml } from '../util/yaml.js';
import { validateYaml } from '../util/validate.js';
import { cacheKey, codeFingerprint, readCached, writeCached } from '../util/cache.js';

export const DOCUMENT_FILE = '_document.yaml';
export const QUOTES_FILE = 'quotes.yaml';

interface RawDocument {
  meta: DocumentMeta;
  sections: Section[];
  speakers: Speaker[];
  quotes: Quote[];
}

/** The files of one document folder, as read from disk. */
interface FolderFiles {
  dir: string;
  /** Every entry name of the folder, sorted. */
  names: string[];
  /** The text of the files the corpus uses (section Markdown, the document and quotes files). */
  text: Map<string, string>;
}

/**
 * Read `content/`: one folder per document, holding `_document.yaml`, one Markdown file per section and an optional
 * `quotes.yaml`. Every problem found is collected and thrown together, each naming its file and line.
 *
 * A corpus that loaded without problems is kept in the on-disk cache under a hash of its files' text (and of this
 * code), so the next build skips parsing it; `cache: false` always parses.
 */
export async function loadCorpus(root: string, options: { cache?: boolean } = {}): Promise<Corpus> {
  const folders = await readCorpusFiles(root);
  const key = options.cache === false ? undefined : await corpusKey(root, folders);
  if (key) {
    const cached = await readCached('corpus', key);
    if (cached) {
      try {
        const stored = JSON.parse(cached) as StoredCorpus;
        if (stored && Array.isArray(stored.sections) && Array.isArray(stored.documents) && Array.isArray(stored.quotes) && Array.isArray(stored.speakers)) return reviveCorpus(stored);
      } catch {
        /* a damaged entry: parse again and overwrite it */
      }
    }
  }
  const corpus = parseCorpus(root, folders);
  if (key) await writeCached('corpus', key, JSON.stringify(storeCorpus(corpus)));
  return corpus;
}

async function readCorpusFiles(root: string): Promise<FolderFiles[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw new UserError('the content folder cannot be read', { location: { file: root }, hint: 'run briefing from the project folder, or pass --content <dir>' });
  }
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(root, e.name)).sort();
  return Promise.all(
    dirs.map(async (dir) => {
      const names = (await readdir(dir)).sort();
      const used = names.filter((n) => n.endsWith('.md') || n === DOCUMENT_FILE || n === QUOTES_FILE);
      const text = new Map(await Promise.all(used.map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));
      return { dir, names, text };
    }),
  );
}

async function corpusKey(root: string, folders: FolderFiles[]): Promise<string> {
  const parts = [await codeFingerprint(), root];
  for (const f of folders) {
    parts.push(f.dir, f.names.join('\n'));
    for (const [name, text] of f.text) parts.push(name, text);
  }
  return cacheKey(parts);
}

/** Parse and check the files read from `content/`. Pure: text in, Corpus (or UserErrors) out. */
export function parseCorpus(root: string, folders: FolderFiles[]): Corpus {
  const errors: UserError[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof UserErrors) errors.push(...err.errors);
      else if (err instanceof UserError) errors.push(err);
      else throw err;
      return undefined;
    }
  };
  const docs = folders.map((f) => parseDocumentFolder(f, collect)).filter((d): d is RawDocument => d !== undefined);
  const corpus = collect(() => assemble(root, docs));
  if (errors.length || !corpus) throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
  return corpus;
}

type Collect = <T>(fn: () => T) => T | undefined;

function parseDocumentFolder({ dir, names, text }: FolderFiles, collect: Collect): RawDocument | undefined {
  const docFile = path.join(dir, DOCUMENT_FILE);
  if (!names.includes(DOCUMENT_FILE)) {
    collect(() => {
      throw new UserError(`a document folder needs a ${DOCUMENT_FILE}`, { location: { file: dir }, hint: 'see "The corpus format" in README.md' });
    });
    return undefined;
  }
  const metaValue = collect(() => validateYaml(documentSchema, parseYaml(text.get(DOCUMENT_FILE)!, docFile), 'document file'));
  if (!metaValue) return undefined;
  const meta: DocumentMeta = { ...metaValue, file: docFile } as DocumentMeta;
  const sections = names
    .filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md')
    .map((n) => collect(() => parseSectionFile(text.get(n)!, path.join(dir, n), meta.id)))
    .filter((s): s is Section => s !== undefined);
  let speakers: Speaker[] = [];
  let quotes: Quote[] = [];
  if (text.has(QUOTES_FILE)) {
    const file = path.join(dir, QUOTES_FILE);
    const q = collect(() => validateYaml(quotesSchema, parseYaml(text.get(QUOTES_FILE)!, file), 'quotes file'));
    if (q) {
      speakers = q.speakers;
      quotes = q.quotes.map((x) => ({ ...x, doc: meta.id, tags: x.tags as Quote['tags'], file }));
    }
  }
  return { meta, sections, speakers, quotes };
}

/** The corpus as plain JSON (its maps are rebuilt from the lists when read back). */
interface StoredCorpus {
  root: string;
  documents: DocumentMeta[];
  sections: Section[];
  speakers: Speaker[];
  quotes: Quote[];
}

function storeCorpus(c: Corpus): StoredCorpus {
  return { root: c.root, documents: c.documents, sections: c.sections, speakers: [...c.speakers.values()], quotes: c.quotes };
}

function reviveCorpus(s: StoredCorpus): Corpus {
  return {
    root: s.root,
    documents: s.documents,
    sections: s.sections,
    byId: new Map(s.sections.map((x) => [x.id, x])),
    speakers: new Map(s.speakers.map((x) => [x.id, x])),
    quotes: s.quotes,
    quotesById: new Map(s.quotes.map((x) => [x.id, x])),
  };
}

/** Cross-file checks: unique ids, parents and speakers that exist. */
function assemble(root: string, docs: RawDocument[]): Corpus {
  const errors: UserError[] = [];
  docs.sort((a, b) => a.meta.order - b.meta.order || a.meta.id.localeCompare(b.meta.id));
  const seenDocs = new Map<string, string>();
  for (const d of docs) {
    const prev = seenDocs.get(d.meta.id);
    if (prev) errors.push(new UserError(`duplicate document id "${d.meta.id}"`, { location: { file: d.meta.file }, hint: `also used by ${prev}` }));
    seenDocs.set(d.meta.id, d.meta.file);
  }
  for (const d of docs) {
    for (const target of d.meta.about ?? []) {
      if (!seenDocs.has(target)) errors.push(new UserError(`"about" names unknown document "${target}"`, { location: { file: d.meta.file }, hint: didYouMean(target, seenDocs.keys()) }));
    }
  }
  const sections = docs.flatMap((d) => [...d.sections].sort((a, b) => a.order - b.order));
  const byId = new Map<string, Section>();
  for (const s of sections) {
    const prev = byId.get(s.id);
    if (prev) {
      errors.push(new UserError(`duplicate section id "${s.id}"`, { location: { file: s.file }, hint: `the id is already used by ${prev.file}; ids must be unique across the corpus` }));
    } else byId.set(s.id, s);
  }
  for (const s of sections) {
    if (s.parent && !byId.has(s.parent)) {
      errors.push(new UserError(`unknown parent "${s.parent}"`, { location: { file: s.file }, hint: didYouMean(s.parent, byId.keys()) }));
    }
  }
  const speakers = new Map<string, Speaker>();
  for (const sp of docs.flatMap((d) => d.speakers)) speakers.set(sp.id, sp);
  const quotes = docs.flatMap((d) => d.quotes);
  const quotesById = new Map<string, Quote>();
  for (const q of quotes) {
    if (quotesById.has(q.id) || byId.has(q.id)) errors.push(new UserError(`duplicate id "${q.id}" for a quote`, { location: { file: q.file }, hint: 'quote ids must differ from each other and from section ids' }));
    quotesById.set(q.id, q);
    for (const sp of q.speakers) {
      if (!speakers.has(sp)) errors.push(new UserError(`quote "${q.id}" names unknown speaker "${sp}"`, { location: { file: q.file }, hint: didYouMean(sp, speakers.keys()) }));
    }
    if (q.section && !byId.has(q.section)) {
      errors.push(new UserError(`quote "${q.id}" names unknown section "${q.section}"`, { location: { file: q.file }, hint: didYouMean(q.section, byId.keys()) }));
    }
  }
  if (errors.length) throw new UserErrors(errors);
  return { root, documents: docs.map((d) => d.meta), sections, byId, speakers, quotes, quotesById };
}

/** Children of a section, in order. */
export function childrenOf(corpus: Corpus, id: string): Section[] {
  return corpus.sections.filter((s) => s.parent === id);
}
