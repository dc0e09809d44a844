/**
 * The build: spec + corpus → deck.html, brief.html (+ PDFs) in an output folder. Thin orchestration over modules with
 * one job each: reading a spec (build/spec.ts), themes and their check (build/themes.ts), rendering
 * (build/render.ts), writing outputs (output/), the PDF export (build/pdf.ts → export/).
 */
import path from 'node:path';
import { loadCorpus } from './corpus/load.js';
import type { Corpus } from './corpus/types.js';
import { silentIo, warn, type Io } from './log.js';
import { DEFAULTS } from './paths.js';
import type { ExportResult } from './export/index.js';
import type { BrowserSession, SessionOptions } from './export/session.js';
import { OutputWriter, defaultOutDir as defaultOutDirFor } from './output/index.js';
import { claimOutDir } from './output/marker.js';
import { select } from './select/select.js';
import { manifestJson, specIdentity } from './select/origin.js';
import type { Briefing } from './select/types.js';
import type { SpecOverrides } from './spec/overrides.js';
import type { ParsedSpec } from './spec/types.js';
import { exportBriefing, loadExport } from './build/pdf.js';
import { renderAll } from './build/render.js';
import { manifestText } from './build/page-cache.js';
import { checkSpecFile, completeCheck } from './build/spec.js';
import { checkSpecObject, type SpecCheck } from './spec/parse.js';
import { checkTheme, themeFiles } from './build/themes.js';
import { ERROR_CODES, throwErrors, userErrorsOf, type UserError } from './errors.js';
import type { AssetFile } from './render/assets.js';
import { nowMs } from './util/clock.js';

export { readSpec } from './build/spec.js';
export { listThemes } from './build/themes.js';
export { renderAll, renderBrief, renderDeck, renderHandout, type Rendered } from './build/render.js';

/** A spec: the path of a YAML file, an object with the keys of a spec file, or a spec already parsed. */
export type SpecInput = string | ParsedSpec | Record<string, unknown>;

export interface BuildOptions {
  spec: SpecInput;
  /** For a spec given as an object: its name (the default output folder is `out/<name>/`); default "spec". */
  name?: string;
  /** The output folder; default `out/<spec name>/`. */
  out?: string;
  content?: string;
  /** The corpus of `content`, already loaded (serve keeps it between builds); default: loaded now. */
  corpus?: Corpus;
  templates?: string;
  themes?: string;
  overrides?: SpecOverrides;
  /** Write deck.pdf and brief.pdf (default: the spec's `pdf:`). */
  pdf?: boolean;
  /** Also write handout.pdf, each slide with its speaker notes. */
  pdfNotes?: boolean;
  /** Write deck.pptx (default: the spec's `pptx:`). */
  pptx?: boolean;
  /** Write slides/01.png … at 1920×1080. */
  png?: boolean;
  browserPath?: string;
  /** Seconds a page may take to load or print. */
  timeout?: number;
  /** One self-contained deck.html and brief.html: CSS, JS and subset fonts inlined. */
  standalone?: boolean;
  /** Seconds to wait while another build writes the same output folder (default 120); then the build fails. */
  lockWait?: number;
  /**
   * A browser shared by several builds (a batch), asked for when PDFs are made (the same one each time), left
   * running: the caller closes it. Without
   * one, a build that makes PDFs starts its own browser and closes it.
   */
  browser?: () => Promise<BrowserSession>;
}

export interface BuildResult {
  outDir: string;
  briefing: Briefing;
  spec: ParsedSpec;
  files: string[];
  timings: Record<string, number>;
  /** Bytes of deck.html and brief.html. */
  sizes: Record<string, number>;
  pdf?: ExportResult;
}

/** Spec + corpus → Briefing, checking what needs the file system (the theme); selection and theme mistakes together. */
export async function prepare(spec: ParsedSpec, corpus: Corpus, themesDir: string): Promise<Briefing> {
  const checked = await checkSelection(spec, corpus, themesDir, []);
  throwErrors(checked.errors, spec.file);
  return checked.briefing!;
}

/** What a build has checked before it renders: the spec, what it selects, the theme's files. */
export interface Checked {
  spec: ParsedSpec;
  briefing: Briefing;
  /** The theme's files, checked (its stylesheets name nothing outside the theme folder, nothing on the web). */
  theme: Promise<AssetFile[]>;
}

/**
 * Everything a build checks before it renders, in one pass: the spec (its YAML, keys, values and entries), the
 * overrides, the presenter's files, the selection against the corpus, the theme's name and its stylesheets. Every
 * mistake found is reported together, sorted by file and line (a YAML syntax error stops the spec's checks).
 */
export async function checkBuild(options: SpecSource, corpus: Promise<Corpus>, themesDir: string, time: Timer = (_n, fn) => fn()): Promise<Checked> {
  corpus.catch(() => undefined); // awaited below
  const check = await time('readSpec', () => specCheck(options));
  const file = check.parsed?.file ?? (typeof options.spec === 'string' ? options.spec : undefined);
  const errors = [...check.errors];
  let loaded: Corpus | undefined;
  try {
    loaded = await corpus;
  } catch (err) {
    // A broken corpus file: the corpus's mistakes come with the spec's (the selection cannot be checked).
    const found = userErrorsOf(err);
    if (!found) throw err;
    errors.push(...found);
  }
  return time('resolveSpec', async () => {
    let result: Partial<Checked> = {};
    if (check.parsed && loaded) {
      const selection = await checkSelection(check.parsed, loaded, themesDir, errors);
      errors.push(...selection.errors);
      result = { spec: check.parsed, ...selection };
    }
    throwErrors(errors, file);
    return result as Checked;
  });
}

type Timer = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/**
 * The selection and the theme of a spec checked together. With `earlier` mistakes (the spec's own), a spec whose
 * wrong entries were left out may select nothing: "nothing is selected" is then a consequence, not a mistake.
 */
async function checkSelection(spec: ParsedSpec, corpus: Corpus, themesDir: string, earlier: readonly UserError[]): Promise<{ briefing?: Briefing; theme?: Promise<AssetFile[]>; errors: UserError[] }> {
  const errors: UserError[] = [];
  const collect = (err: unknown) => {
    const found = userErrorsOf(err);
    if (!found) throw err;
    errors.push(...found.filter((e) => !(earlier.length && e.details.code === ERROR_CODES.nothingSelected)));
  };
  // The theme's name, then its stylesheets, read while the selection is made.
  const name = spec.spec.theme;
  const theme = checkTheme(name, spec, themesDir).then(() => themeFiles(themesDir, name));
  theme.catch(() => undefined); // awaited below
  let briefing: Briefing | undefined;
  try {
    briefing = select(spec, corpus, { buildDate: buildDate() });
  } catch (err) {
    collect(err);
  }
  let themeOk = true;
  await theme.catch((err: unknown) => {
    themeOk = false;
    collect(err);
  });
  return { ...(briefing ? { briefing } : {}), ...(themeOk ? { theme } : {}), errors };
}

/** The spec of a build checked: read from its file, or validated from the object given, with the overrides applied. */
/**
 * Where a check's spec comes from: a file, an object, or (`check`) a spec text the caller has checked already, e.g.
 * the composer's text in memory, parsed as the file it will become.
 */
type SpecSource = Pick<BuildOptions, 'spec' | 'name' | 'overrides'> & { check?: SpecCheck };

function specCheck(options: SpecSource): Promise<SpecCheck> {
  const { spec, overrides } = options;
  if (options.check) return completeCheck(options.check, overrides);
  if (typeof spec === 'string') return checkSpecFile(spec, overrides);
  // A spec in memory names its presenter files (logo, own slides) relative to its `file`: for an object, the
  // current folder.
  return Promise.resolve().then(() => completeCheck(isParsedSpec(spec) ? { parsed: spec, errors: [] } : checkSpecObject(spec, options.name), overrides));
}

/** Today's date (UTC), or the date of SOURCE_DATE_EPOCH for reproducible builds. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}

export function defaultOutDir(spec: ParsedSpec): string {
  return defaultOutDirFor(spec.name);
}

/** The whole build: load corpus, read spec, select, render, write; then the PDFs when asked for. */
export async function build(options: BuildOptions, io: Io = silentIo): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = nowMs();
    try {
      return await fn();
    } finally {
      timings[name] = nowMs() - t0;
    }
  };
  const content = options.content ?? DEFAULTS.content;
  const templates = options.templates ?? DEFAULTS.templates;
  const themes = options.themes ?? DEFAULTS.themes;
  // A browser takes most of a second to start: when PDFs are asked for on the command line, start it now, beside the
  // HTML build. (When only the spec asks for them, it starts once the spec has been read.)
  const sessionOptions = { ...(options.browserPath ? { browserPath: options.browserPath } : {}), ...(options.timeout ? { timeout: options.timeout * 1000 } : {}) };
  const shared = options.browser;
  const browser = () => (shared ? shared() : startBrowser(sessionOptions));
  let started = options.pdf || options.pptx || options.png ? browser() : undefined;
  let writer: OutputWriter | undefined;
  try {
    const { spec, briefing, theme } = await checkBuild(options, time('loadCorpus', async () => options.corpus ?? loadCorpus(content)), themes, time);
    for (const w of briefing.warnings) warn(io, w);
    // Subsetting the fonts for standalone files takes seconds: say what is going on.
    if (options.standalone) io.err('html: standalone: inlining styles, scripts and images, subsetting the fonts to the text…');
    const rendered = await time('renderHtml', () => renderAll(briefing, templates, themes, options.standalone, theme, spec.presenterFiles));
    if (rendered.missingGlyphs.length) warn(io, `no shipped font has a glyph for: ${rendered.missingGlyphs.join(' ')} (they may show as boxes)`);
    const outDir = path.resolve(options.out ?? defaultOutDir(spec));
    // One build per folder: the lock is held from the first file written to the last PDF.
    writer = await OutputWriter.open(outDir, {
      folders: { content, templates, themes },
      ...(options.lockWait !== undefined ? { waitMs: options.lockWait * 1000 } : {}),
      onWait: (h) => io.err(`waiting: another build (process ${h.pid}, since ${h.started}) is writing ${outDir}…`),
    });
    if (writer.tookOver) io.err(`note: ${outDir} was locked by process ${writer.tookOver.pid}, which no longer runs: lock taken over`);
    if (!options.out) await claimOutDir(writer, spec);
    const out = writer;
    const manifest = await manifestText(rendered.pagesKey, specIdentity(spec), () => manifestJson(briefing, spec, rendered.slides));
    const files = await time('writeHtml', () => out.write([...rendered.files, { to: 'manifest.json', content: manifest }]));
    const result: BuildResult = { outDir, briefing, spec, files, timings, sizes: rendered.sizes };
    const wantPdf = options.pdf ?? spec.spec.pdf;
    const wantPptx = options.pptx ?? spec.spec.pptx;
    if (wantPdf || wantPptx || options.png) {
      io.err(`html: ${path.join(outDir, 'deck.html')} and brief.html written`);
      const job = {
        briefing,
        spec,
        writer,
        templates,
        notes: options.pdfNotes ?? false,
        pdf: wantPdf,
        pptx: wantPptx,
        png: options.png ?? false,
        standalone: options.standalone ?? false,
        session: sessionOptions,
        started: (started ??= browser()),
        shared: !!shared,
      };
      try {
        result.pdf = await time('pdf', () => exportBriefing(job, io));
      } catch (err) {
        // The HTML of this build is in place, the PDFs not (or not all): say exactly which is which.
        io.err(`outputs: ${out.outcome()}`);
        throw err;
      }
    }
    return result;
  } finally {
    await writer?.close();
    // If the build failed before the export took the browser over, do not leave it running.
    if (started && !shared) void started.then((s) => s.close(), () => undefined);
  }
}

const isParsedSpec = (s: ParsedSpec | Record<string, unknown>): s is ParsedSpec => typeof s.locate === 'function' && typeof s.spec === 'object' && s.spec !== null;

/** Start a browser for PDFs: one for a whole run (or a batch of builds, passed to each as `browser`). */
export function startBrowser(options: SessionOptions): Promise<BrowserSession> {
  const p = import('./export/session.js').then(({ BrowserSession }) => BrowserSession.start(options));
  p.catch(() => undefined); // reported when the export awaits it
  // The rest of the export (pdf-lib) loads meanwhile: the browser takes longer to start than Node to load it.
  void loadExport();
  return p;
}
