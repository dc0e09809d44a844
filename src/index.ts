/**
 * briefing as a library: the same build, validation and corpus the CLI uses.
 *
 *   import { build } from 'briefing';
 *   await build({ spec: { title: 'x', sections: ['targets'] }, out: 'out/x' });
 *
 * Folders (content, templates, themes) default to the ones shipped in the package; the output folder to
 * `out/<spec name>/` of the package when not given (give `out`). Nothing is printed unless an `io` is passed. Mistakes
 * in the input are thrown as `UserError` / `UserErrors` (with location, expected, found, hint), failures of the
 * environment as `BriefingFailure`; `formatError` renders any of them the way the CLI prints them.
 */
import { build as runBuild, checkBuild, type BuildOptions as CoreBuildOptions, type BuildResult, type SpecInput } from './build.js';
import { buildBatch as runBatch, type BatchOptions as CoreBatchOptions, type BatchResult } from './build/batch.js';
import { listCorpus as listLines, listDocument, listQuotes } from './cli/list.js';
import { loadCorpus as load } from './corpus/load.js';
import type { Corpus } from './corpus/types.js';
import { silentIo, type Io } from './log.js';
import { DEFAULTS } from './paths.js';
import type { Briefing } from './select/types.js';
import type { ParsedSpec } from './spec/types.js';
import type { SearchOptions, SearchResult } from './search/index.js';

export { BriefingFailure, ExitCode, UserError, UserErrors, formatError, formatUserError, isUserError, type Location, type UserErrorDetails } from './errors.js';
export { parseSpec, parseSpecObject } from './spec/parse.js';
export { DEFAULTS } from './paths.js';
export type { Io } from './log.js';
export type { BuildResult, SpecInput } from './build.js';
export type { BatchResult, BatchItem } from './build/batch.js';
export type { Corpus, Section, DocumentMeta, Quote, Speaker } from './corpus/types.js';
export type { Briefing } from './select/types.js';
export type { ParsedSpec, Spec, SelectionEntry } from './spec/types.js';
export type { SpecOverrides } from './spec/overrides.js';
export type { ExportResult } from './export/index.js';
export type { SearchHit, SearchOptions, SearchResult } from './search/index.js';

/** Options of `build`: those of `briefing build`, and where messages go (default: nowhere). */
export interface BuildOptions extends Omit<CoreBuildOptions, 'browser'> {
  /** Messages: `err` gets what the CLI prints on stderr (progress, warnings); default silent. */
  io?: Io;
}

/** Build one spec: deck.html and brief.html (and the PDFs with `pdf: true`) in the output folder. */
export function build(options: BuildOptions): Promise<BuildResult> {
  const { io, ...rest } = options;
  return runBuild(rest, io ?? silentIo);
}

export interface BatchOptions extends CoreBatchOptions {
  io?: Io;
}

/**
 * Build several specs, each into its own folder (`out`, when given, is their parent folder), with one browser for
 * all their PDFs. A failing spec does not stop the others: each item says how it went; `exitCode` is the worst.
 */
export function buildBatch(specs: SpecInput[], options: BatchOptions = {}): Promise<BatchResult> {
  const { io, ...rest } = options;
  return runBatch(specs, rest, io ?? silentIo);
}

export interface ValidateOptions {
  spec: SpecInput;
  name?: string;
  content?: string;
  themes?: string;
  overrides?: CoreBuildOptions['overrides'];
}

/** Check a spec against the corpus without building: what it selects, or the UserError(s) saying all that is wrong. */
export async function validate(options: ValidateOptions): Promise<{ spec: ParsedSpec; briefing: Briefing; warnings: string[] }> {
  // Every mistake in one pass: the spec's, the overrides', the selection's, the theme's (see checkBuild).
  const { spec, briefing } = await checkBuild(options, load(options.content ?? DEFAULTS.content), options.themes ?? DEFAULTS.themes);
  return { spec, briefing, warnings: [...(spec.warnings ?? []), ...briefing.warnings] };
}

/** Read and validate the corpus (default: the package's content/). */
export function loadCorpus(content: string = DEFAULTS.content, options: { cache?: boolean } = {}): Promise<Corpus> {
  return load(content, options);
}

export interface ListOptions {
  content?: string;
  /** Language of titles; default en. */
  lang?: 'zh' | 'en';
  /** Every section of one document. */
  doc?: string;
  /** The expert quotes by speaker. */
  quotes?: boolean;
}

/** What `briefing list` prints, as lines: documents, groups and their keys, section ids (or a document's, or quotes). */
export async function listCorpus(options: ListOptions = {}): Promise<string[]> {
  const corpus = await load(options.content ?? DEFAULTS.content);
  const lang = options.lang ?? 'en';
  return options.quotes ? listQuotes(corpus, lang) : options.doc ? listDocument(corpus, options.doc, lang) : listLines(corpus, lang);
}

/**
 * What `briefing search` finds: the sections and quotes whose titles, points and text match the words (Chinese or
 * English), best first, each with its citation, the line that matched and the YAML lines that select it in a spec.
 */
export async function search(query: string, options: SearchOptions & { content?: string } = {}): Promise<SearchResult> {
  const { content, ...rest } = options;
  const [{ search: run }, corpus] = await Promise.all([import('./search/index.js'), load(content ?? DEFAULTS.content)]);
  return run(corpus, query, rest);
}
