import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseSectionFile, rejectControlCharacters } from './parse.js';
import { checkTaxonomies } from './check-taxonomy.js';
import { corpusSchemas } from './schema.js';
import { storedCorpusSchema, type RawDocument, type StoredCorpus } from './stored.js';
import { MAX_DEPTH, depths, parentCycles } from './tree.js';
import type { Corpus, DocumentMeta, Quote, Section, Speaker } from './types.js';
import { UserError, UserErrors, type Location } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { parseYaml } from '../util/yaml.js';
import { validateYaml } from '../util/validate.js';
import { cacheDir, cacheKey, codeFingerprint, dropCached, readCachedJson, writeCachedJson } from '../util/cache.js';
import { fileStamps } from '../util/file-stamps.js';
import { vouchFor } from '../util/signature.js';
import { LIMITS, ReadError, formatBytes, readTextBounded } from '../util/read.js';

export const DOCUMENT_FILE = '_document.yaml';
export const QUOTES_FILE = 'quotes.yaml';

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
 * `quotes.yaml`. Every problem found is collected and thrown together, each naming its file and line. Files are read
 * with the bounded reader (regular files of at most LIMITS.corpusFile, LIMITS.corpusTotal in all); a file system error
 * is a UserError naming the path.
 *
 * The parsed files of a corpus that loaded without problems are kept in the on-disk cache under a hash of their text
 * (and of this code), so the next build skips parsing them; the cross-file checks (ids, parents, the tree) run on every
 * load. The hash of a file whose stat is what it was when it was last read is taken from the cache too
 * (src/util/file-stamps.ts): a warm load of thousands of files stats them and reads none. A cached entry of the wrong shape, or one that fails those checks, is dropped and the files parsed again.
 * `cache: false` always parses.
 */
export interface LoadOptions {
  cache?: boolean;
  /**
   * Tags declared by documents outside `root` (an import staged on its own is checked against the corpus's
   * taxonomies); 'any' skips the tag check.
   */
  tags?: readonly string[] | 'any';
  /** The time the files are looked at, for the cache's stamps (src/util/file-stamps.ts); tests move it on. */
  now?: number;
}

export async function loadCorpus(root: string, options: LoadOptions = {}): Promise<Corpus> {
  const listing = await listCorpus(root);
  const files = listing.flatMap((f) => f.used.map((n) => path.join(f.dir, n)));
  if (options.cache === false || options.tags || cacheDir() === undefined) return parseCorpus(root, withTexts(listing, await readCorpusFiles(root, files)), options.tags).corpus;
  // The key from each file's hash: remembered for a file whose stat is unchanged, from its text for the others.
  const stamps = await fileStamps(root, files, options.now);
  const unknown = files.filter((f) => stamps.known(f) === undefined);
  const known = files.length - unknown.length;
  const texts = await readCorpusFiles(root, unknown, files.reduce((n, f) => n + (stamps.known(f) !== undefined ? stamps.stat(f)!.size : 0), 0));
  const hashes = new Map(files.map((f) => [f, stamps.known(f) ?? stamps.read(f, texts.get(f)!)]));
  const key = await corpusKey(root, listing, hashes);
  const stored = await readCachedJson('corpus', key, storedCorpusSchema);
  if (stored) {
    try {
      // Where a section says `parent:` is looked up only for an error, and an error here means the entry is dropped.
      const corpus = assemble(root, stored.docs, (s) => ({ file: s.file }));
      await stamps.save();
      return vouchForCorpus(corpus, key);
    } catch {
      await dropCached('corpus', key); // an entry these files could not have given: parse them again
    }
  }
  // Parsed from the texts as read now, every one of them; the key too, so that it names exactly what was parsed.
  // Only the files read again can hash differently from what the key was made of: the others keep their hash.
  const fresh = new Map(hashes);
  if (known) {
    for (const [f, t] of await readCorpusFiles(root, files.filter((f) => !texts.has(f)), 0)) {
      texts.set(f, t);
      fresh.set(f, stamps.read(f, t));
    }
  }
  const folders = withTexts(listing, texts);
  const { corpus, docs } = parseCorpus(root, folders, options.tags);
  const parsedKey = known ? await corpusKey(root, listing, fresh) : key;
  await writeCachedJson('corpus', parsedKey, { root, docs } satisfies StoredCorpus, storedCorpusSchema);
  await stamps.save();
  return vouchForCorpus(corpus, parsedKey);
}

/**
 * The corpus's sections, quotes, documents and speakers named by the key of what they were parsed from and their id
 * (unique: assemble checks it), for the signature of a briefing (the rendered-pages cache, src/build/page-cache.ts):
 * a briefing that holds thousands of sections is then signed without walking their text. They are frozen from here
 * on.
 */
function vouchForCorpus(corpus: Corpus, key: string): Corpus {
  const name = (what: string, id: string) => `corpus ${key} ${what} ${id}`;
  for (const s of corpus.sections) vouchFor(s, name('section', s.id));
  for (const q of corpus.quotes) vouchFor(q, name('quote', q.id));
  for (const d of corpus.documents) vouchFor(d, name('document', d.id));
  for (const [id, sp] of corpus.speakers) vouchFor(sp, name('speaker', id));
  return corpus;
}

/** Files read at once, at most: a corpus of thousands of files must not run out of file handles. */
const CONCURRENT_READS = 16;

interface Listing {
  dir: string;
  names: string[];
  /** The names of the files the corpus uses. */
  used: string[];
}

/** The document folders of `root` and the names in each, sorted (read synchronously: a readdir takes microseconds so). */
async function listCorpus(root: string): Promise<Listing[]> {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`the content folder cannot be read${code === 'ENOENT' ? ' (it does not exist)' : code === 'ENOTDIR' ? ' (it is not a folder)' : code ? ` (${code})` : ''}`, {
      location: { file: root },
      hint: 'run briefing from the project folder, or pass --content <dir>',
    });
  }
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(root, e.name)).sort();
  const folders: Listing[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      throw new UserError(`a document folder cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`, { location: { file: dir } });
    }
    folders.push({ dir, names, used: names.filter((n) => n.endsWith('.md') || n === DOCUMENT_FILE || n === QUOTES_FILE) });
  }
  return folders;
}

const withTexts = (listing: Listing[], texts: Map<string, string>): FolderFiles[] =>
  listing.map(({ dir, names, used }) => ({ dir, names, text: new Map(used.map((n) => [n, texts.get(path.join(dir, n))!])) }));

/**
 * The texts of `jobs` (absolute paths), read with the bounded reader, at most LIMITS.corpusTotal in all together with
 * `counted` bytes of files not read here. Every file that cannot be read is reported, in the order of `jobs`.
 */
async function readCorpusFiles(root: string, jobs: readonly string[], counted = 0): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const failed: { at: number; error: UserError }[] = [];
  let total = counted;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && total <= LIMITS.corpusTotal) {
      const at = next++;
      const file = jobs[at]!;
      try {
        const text = await readTextBounded(file, { limit: LIMITS.corpusFile, what: 'corpus file' });
        total += Buffer.byteLength(text);
        texts.set(file, text);
      } catch (err) {
        if (!(err instanceof ReadError)) throw err;
        failed.push({ at, error: err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, jobs.length) }, worker));
  if (total > LIMITS.corpusTotal) {
    throw new ReadError('the corpus is too large', 'EFBIG', { location: { file: root }, expected: `at most ${formatBytes(LIMITS.corpusTotal)} of files in all`, found: 'more' });
  }
  if (failed.length) {
    const errors = failed.sort((a, b) => a.at - b.at).map((f) => f.error);
    throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
  }
  return texts;
}

/** The key of a corpus entry: this code, the folders and their names, and the hash of each file's text. */
async function corpusKey(root: string, listing: Listing[], hashes: Map<string, string>): Promise<string> {
  const parts = [await codeFingerprint(), root];
  for (const f of listing) {
    parts.push(f.dir, f.names.join('\n'));
    for (const name of f.used) parts.push(name, hashes.get(path.join(f.dir, name))!);
  }
  return cacheKey(parts);
}

/**
 * Parse and check the files read from `content/`. Pure: text in, the Corpus and each document's parsed files (for the
 * cache) out, or UserErrors. Problems in single files and across files are reported together.
 */
export function parseCorpus(root: string, folders: FolderFiles[], tags?: LoadOptions['tags']): { corpus: Corpus; docs: RawDocument[] } {
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
  const corpus = collect(() => assemble(root, docs, parentLocator(folders)));
  // Tags and group members against the taxonomies the documents declare (placed at their lines in the files).
  const files = new Map(folders.flatMap((f) => [...f.text].map(([name, t]) => [path.join(f.dir, name), t] as const)));
  if (corpus) errors.push(...checkTaxonomies(corpus.documents, corpus.sections, corpus.quotes, (file) => files.get(file), tags));
  if (errors.length || !corpus) throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
  return { corpus, docs };
}

/** Where a section file says `parent:` (its line and column), from the text that was read. */
function parentLocator(folders: FolderFiles[]): (s: Section) => Location {
  const texts = new Map(folders.flatMap((f) => [...f.text].map(([n, t]) => [path.join(f.dir, n), t] as const)));
  return (s) => {
    const text = texts.get(s.file);
    const m = text ? /^parent:[ \t]*/m.exec(text) : null;
    if (!text || !m) return { file: s.file };
    return { file: s.file, line: text.slice(0, m.index).split('\n').length, column: m[0].length + 1 };
  };
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
  const yaml = (name: string, file: string) => {
    const source = text.get(name)!;
    rejectControlCharacters(source, file);
    return parseYaml(source, file);
  };
  const metaValue = collect(() => validateYaml(corpusSchemas().documentSchema, yaml(DOCUMENT_FILE, docFile), 'document file'));
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
    const q = collect(() => validateYaml(corpusSchemas().quotesSchema, yaml(QUOTES_FILE, file), 'quotes file'));
    if (q) {
      speakers = q.speakers;
      quotes = q.quotes.map((x) => ({ ...x, doc: meta.id, tags: x.tags as Quote['tags'], file }));
    }
  }
  return { meta, sections, speakers, quotes };
}

/** Cross-file checks: unique ids, parents and speakers that exist, parents that form a tree. */
function assemble(root: string, input: readonly RawDocument[], locateParent: (s: Section) => Location): Corpus {
  const errors: UserError[] = [];
  const docs = [...input];
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
  errors.push(...treeErrors(sections, byId, locateParent));
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

/**
 * Parents that go round in a circle (a section that is its own parent, a → b → a, an area under one of its items),
 * one error per circle at the first member's `parent:` line; and a tree deeper than MAX_DEPTH.
 */
function treeErrors(sections: Section[], byId: Map<string, Section>, locateParent: (s: Section) => Location): UserError[] {
  const errors: UserError[] = [];
  for (const cycle of parentCycles(sections, byId)) {
    const first = byId.get(cycle[0]!)!;
    const self = cycle.length === 2;
    errors.push(
      new UserError(self ? `section "${first.id}" is its own parent` : `the sections' parents go round in a circle: ${cycle.join(' → ')}`, {
        location: locateParent(first),
        expected: 'parents that lead up to a section without one (the corpus is a tree)',
        found: self ? `parent: ${first.id}` : cycle.slice(0, -1).map((id) => `${id} has parent ${byId.get(id)!.parent}`).join('; '),
        hint: self ? 'name the section it belongs to (an item\'s area), or remove "parent:"' : `one of ${cycle.slice(0, -1).map((id) => path.basename(byId.get(id)!.file)).join(', ')} names the wrong parent`,
      }),
    );
  }
  const depth = depths(sections, byId);
  for (const s of sections) {
    if (depth.get(s.id) === MAX_DEPTH + 1) {
      errors.push(new UserError(`section "${s.id}" is nested too deep`, { location: locateParent(s), expected: `at most ${MAX_DEPTH} levels of parents`, found: `more than ${MAX_DEPTH}` }));
    }
  }
  return errors;
}

const childIndex = new WeakMap<Corpus, Map<string, Section[]>>();

/** Children of a section, in order (a new list each time; the index behind it is made once per corpus). */
export function childrenOf(corpus: Corpus, id: string): Section[] {
  let index = childIndex.get(corpus);
  if (!index) {
    index = new Map();
    for (const s of corpus.sections) {
      if (s.parent === undefined) continue;
      const list = index.get(s.parent);
      if (list) list.push(s);
      else index.set(s.parent, [s]);
    }
    childIndex.set(corpus, index);
  }
  return [...(index.get(id) ?? [])];
}
