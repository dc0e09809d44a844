import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from './corpus/load.js';
import type { Corpus } from './corpus/types.js';
import { UserError } from './errors.js';
import { rethrowWrite } from './util/write-errors.js';
import { warn, type Io } from './log.js';
import { DEFAULTS } from './paths.js';
import { revealFiles, planFonts, ASSET_DIR, type AssetFile } from './render/assets.js';
import { loadTemplates } from './render/templates.js';
import { checkThemeCss } from './render/theme-check.js';
import { deckView } from './render/view.js';
import { briefView } from './render/brief-view.js';
import { deckOutline } from './render/outline.js';
import type { CapturedSlide } from './export/pdf.js';
import type { ExportResult } from './export/index.js';
import type { BrowserSession, SessionOptions } from './export/session.js';
import { select } from './select/select.js';
import type { Briefing } from './select/types.js';
import { applyOverrides, type SpecOverrides } from './spec/overrides.js';
import { parseSpec } from './spec/parse.js';
import type { ParsedSpec } from './spec/types.js';
import { didYouMean } from './util/suggest.js';
import { copyFileAtomic, insideRoot, writeFileAtomic } from './util/fs.js';

export interface BuildOptions {
  spec: string;
  /** The output folder; default `out/<spec name>/`. */
  out?: string;
  content?: string;
  templates?: string;
  themes?: string;
  overrides?: SpecOverrides;
  /** Write deck.pdf and brief.pdf (default: the spec's `pdf:`). */
  pdf?: boolean;
  /** Also write handout.pdf, each slide with its speaker notes. */
  pdfNotes?: boolean;
  browserPath?: string;
  /** Seconds a page may take to load or print. */
  timeout?: number;
  /** One self-contained deck.html and brief.html: CSS, JS and subset fonts inlined. */
  standalone?: boolean;
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

/** Read and validate a spec file, with command-line overrides applied. */
export async function readSpec(file: string, overrides: SpecOverrides = {}): Promise<ParsedSpec> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let hint: string | undefined;
    if (code === 'ENOENT') {
      const dir = path.dirname(file);
      const names = await readdir(dir).catch(() => [] as string[]);
      hint = didYouMean(path.basename(file), names) ?? `the shipped specs are in ${path.relative(process.cwd(), DEFAULTS.specs) || 'specs'}/`;
    }
    throw new UserError(code === 'ENOENT' ? 'spec file not found' : `spec file cannot be read (${code})`, { location: { file }, hint });
  }
  const parsed = parseSpec(bytes, file);
  const fromFlags = (['theme', 'language', 'title'] as const).filter((k) => overrides[k] !== undefined);
  return { ...parsed, spec: applyOverrides(parsed.spec, overrides), fromFlags };
}

export async function listThemes(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = await Promise.all(
    entries
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map(async (e) => ((await readdir(path.join(dir, e.name)).catch(() => [] as string[])).includes('theme.css') ? e.name : undefined)),
  );
  return names.filter((n): n is string => !!n).sort();
}

/** Spec + corpus → Briefing, checking what needs the file system (the theme). */
export async function prepare(spec: ParsedSpec, corpus: Corpus, themesDir: string): Promise<Briefing> {
  const briefing = select(spec, corpus);
  const themes = await listThemes(themesDir);
  if (themes.includes(briefing.theme)) {
    // A theme folder that is a link to somewhere outside themes/ is refused: a spec may come from someone else.
    const [root, dir] = await Promise.all([realpath(themesDir), realpath(path.join(themesDir, briefing.theme))]);
    const rel = path.relative(root, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      const loc = spec.locate(['theme']);
      throw new UserError(`theme "${briefing.theme}" points outside the themes folder`, { location: loc, excerpt: spec.excerpt(loc), found: dir, hint: 'a theme must be a real folder under themes/' });
    }
  } else {
    const flag = spec.fromFlags?.includes('theme');
    const loc = flag ? { file: spec.file } : spec.locate(['theme']);
    throw new UserError(`unknown theme "${briefing.theme}"${flag ? ' (from --theme)' : ''}`, {
      location: loc,
      excerpt: flag ? undefined : spec.excerpt(loc),
      expected: `one of ${themes.join(', ')} (folders under themes/ with a theme.css)`,
      found: `"${briefing.theme}"`,
      hint: didYouMean(briefing.theme, themes),
    });
  }
  return briefing;
}

export interface Rendered {
  html: string;
  assets: AssetFile[];
}

/** A page's own stylesheet and script (templates/<page>/assets/), and the script both pages use to load fonts first. */
function pageAssets(templatesDir: string, page: 'deck' | 'brief'): AssetFile[] {
  return [
    ...[`${page}.css`, `${page}.js`].map((f) => ({ from: path.join(templatesDir, page, 'assets', f), to: `${ASSET_DIR}/${f}` })),
    { from: path.join(templatesDir, 'shared', 'load-fonts.js'), to: `${ASSET_DIR}/load-fonts.js` },
  ];
}

/**
 * Render the deck's HTML and the list of assets it needs (fonts aside: see renderAll). Nothing is written. `theme`:
 * the theme's files when the caller has them already (renderAll reads them once for both pages).
 */
export async function renderDeck(briefing: Briefing, templatesDir: string, themesDir: string, theme = themeFiles(themesDir, briefing.theme)): Promise<Rendered> {
  theme.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const template = await loadTemplates(path.join(templatesDir, 'deck'), 'deck');
  const html = template({ ...deckView(briefing), assets: ASSET_DIR, theme: briefing.theme });
  return { html, assets: [...revealFiles(), ...pageAssets(templatesDir, 'deck'), ...(await theme)] };
}

/** Render the one-page brief's HTML and its assets. */
export async function renderBrief(briefing: Briefing, templatesDir: string, themesDir: string, theme = themeFiles(themesDir, briefing.theme)): Promise<Rendered> {
  theme.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const template = await loadTemplates(path.join(templatesDir, 'brief'), 'brief');
  const html = template({ ...briefView(briefing), assets: ASSET_DIR, theme: briefing.theme });
  return { html, assets: [...pageAssets(templatesDir, 'brief'), ...(await theme)] };
}

/** The speaker handout: captured slides with their notes. */
export async function renderHandout(briefing: Briefing, templatesDir: string, slides: CapturedSlide[]): Promise<string> {
  const template = await loadTemplates(path.join(templatesDir, 'handout'), 'handout');
  return template({ title: briefing.meta.title, htmlLang: briefing.language === 'en' ? 'en' : 'zh-Hans', assets: ASSET_DIR, slides, total: slides.length });
}

/**
 * Deck and brief with the assets both need, the font chunks chosen for the text of both. Standalone: each page one
 * self-contained file, nothing else.
 */
export async function renderAll(
  briefing: Briefing,
  templatesDir: string,
  themesDir: string,
  standalone = false,
): Promise<{ files: AssetFile[]; missingGlyphs: string[]; sizes: Record<string, number> }> {
  const theme = themeFiles(themesDir, briefing.theme);
  const [deck, brief] = await Promise.all([renderDeck(briefing, templatesDir, themesDir, theme), renderBrief(briefing, templatesDir, themesDir, theme)]);
  const fonts = await planFonts([deck.html, brief.html]);
  const byTarget = new Map<string, AssetFile>();
  for (const f of [...deck.assets, ...brief.assets, ...fonts.files]) byTarget.set(f.to, f);
  const assets = [...byTarget.values()];
  if (standalone) {
    const { makeStandalone } = await import('./render/standalone.js');
    const [d, b] = await Promise.all([makeStandalone(deck.html, assets), makeStandalone(brief.html, assets)]);
    return {
      files: [{ to: 'deck.html', content: d.html }, { to: 'brief.html', content: b.html }],
      missingGlyphs: fonts.missing,
      sizes: { 'deck.html': d.bytes, 'brief.html': b.bytes },
    };
  }
  const pages: AssetFile[] = [{ to: 'deck.html', content: deck.html }, { to: 'brief.html', content: brief.html }];
  return { files: [...assets, ...pages], missingGlyphs: fonts.missing, sizes: { 'deck.html': Buffer.byteLength(deck.html), 'brief.html': Buffer.byteLength(brief.html) } };
}

async function themeFiles(themesDir: string, theme: string): Promise<AssetFile[]> {
  const themeDir = path.join(themesDir, theme);
  const files = (await readdir(themeDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  // A theme names only its own files: never another file of the machine, never the network.
  for (const css of files.filter((f) => f.endsWith('.css'))) {
    const problem = checkThemeCss(await readFile(css, 'utf8'), css);
    if (problem) throw problem;
  }
  return files.map((from) => ({ from, to: `${ASSET_DIR}/themes/${theme}/${path.relative(themeDir, from).split(path.sep).join('/')}` }));
}

/** Write files into `outDir` (atomically, never outside it). Returns the paths written, relative to outDir. */
export async function writeOutput(outDir: string, files: AssetFile[]): Promise<string[]> {
  const write = (list: AssetFile[]) =>
    Promise.all(
      list.map((f) => {
        const target = insideRoot(outDir, f.to);
        return 'content' in f ? writeFileAtomic(target, f.content) : copyFileAtomic(f.from, target);
      }),
    );
  // Assets first, pages last: a build that fails half-way never leaves new pages that name assets it did not write.
  const isPage = (f: AssetFile) => f.to.endsWith('.html') && !f.to.includes('/');
  await write(files.filter((f) => !isPage(f)));
  await write(files.filter(isPage));
  return files.map((f) => f.to);
}

const MARKER = '.briefing.json';

/**
 * Two specs with the same file name (say, two `board.yaml` in different folders) would both build into out/board/.
 * The default output folder remembers which spec it belongs to; another spec gets an error instead of mixing outputs.
 */
async function claimOutDir(outDir: string, spec: ParsedSpec): Promise<void> {
  const mine = path.resolve(spec.file);
  const marker = path.join(outDir, MARKER);
  const previous = await readFile(marker, 'utf8').then((t) => (JSON.parse(t) as { spec?: string }).spec, () => undefined);
  // An owner that no longer exists (the project was moved or renamed, the spec deleted) leaves the folder free.
  const ownerExists = previous ? await stat(previous).then(() => true, () => false) : false;
  if (previous && previous !== mine && ownerExists) {
    throw new UserError(`the output folder ${outDir} belongs to another spec (${previous})`, {
      location: { file: spec.file },
      hint: 'two specs with the same file name share out/<name>/: rename one, or pass --out <folder>',
    });
  }
  if (!previous || previous !== mine) await writeOutput(outDir, [{ to: MARKER, content: `${JSON.stringify({ spec: mine }, null, 2)}\n` }]).catch((err: unknown) => rethrowWrite(err, outDir));
}

export function defaultOutDir(spec: ParsedSpec): string {
  return path.join(DEFAULTS.out, spec.name);
}

/** The whole HTML build: load corpus, read spec, select, render, write. */
export async function build(options: BuildOptions, io: Io): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = performance.now() - t0;
    }
  };
  const templates = options.templates ?? DEFAULTS.templates;
  const themes = options.themes ?? DEFAULTS.themes;
  // A browser takes most of a second to start: when PDFs are asked for on the command line, start it now, beside the
  // HTML build. (When only the spec asks for them, it starts once the spec has been read.)
  const sessionOptions = { ...(options.browserPath ? { browserPath: options.browserPath } : {}), ...(options.timeout ? { timeout: options.timeout * 1000 } : {}) };
  let started = options.pdf ? startBrowser(sessionOptions) : undefined;
  try {
    const [corpus, spec] = await Promise.all([
      time('loadCorpus', () => loadCorpus(options.content ?? DEFAULTS.content)),
      time('readSpec', () => readSpec(options.spec, options.overrides)),
    ]);
    const briefing = await time('resolveSpec', () => prepare(spec, corpus, themes));
    for (const w of briefing.warnings) warn(io, w);
    // Subsetting the fonts for standalone files takes seconds: say what is going on.
    if (options.standalone) io.err('html: standalone: inlining styles, scripts and images, subsetting the fonts to the text…');
    const rendered = await time('renderHtml', () => renderAll(briefing, templates, themes, options.standalone));
    if (rendered.missingGlyphs.length) warn(io, `no shipped font has a glyph for: ${rendered.missingGlyphs.join(' ')} (they may show as boxes)`);
    const outDir = path.resolve(options.out ?? defaultOutDir(spec));
    if (!options.out) await claimOutDir(outDir, spec);
    const files = await time('writeHtml', () => writeOutput(outDir, rendered.files).catch((err: unknown) => rethrowWrite(err, outDir)));
    const result: BuildResult = { outDir, briefing, spec, files, timings, sizes: rendered.sizes };
    if (options.pdf ?? spec.spec.pdf) {
      const { exportPdfs } = await import('./export/index.js');
      io.err(`html: ${path.join(outDir, 'deck.html')} and brief.html written`);
      result.pdf = await time('pdf', () =>
        exportPdfs(
          {
            outDir,
            meta: {
              title: briefing.meta.title,
              ...(briefing.meta.presenter ? { author: briefing.meta.presenter } : {}),
              subject: briefing.documents
                .filter((d) => d.kind === 'policy')
                .map((d) => `${briefing.language === 'zh' ? d.title.zh : d.title.en}${d.number ? ` (${d.number})` : ''}`)
                .join('; '),
              keywords: briefing.groups.flatMap((g) => (g.kind === 'quotes' ? [] : [g.section.id])),
            },
            slideCount: briefing.slides.length,
            deckOutline: deckOutline(briefing),
            specFile: spec.file,
            notes: options.pdfNotes ?? false,
            renderHandout: async (slides) => {
              const html = await renderHandout(briefing, templates, slides);
              if (!options.standalone) return html;
              // A standalone build writes no assets/: the handout carries its fonts inside, like the deck.
              const { makeStandalone } = await import('./render/standalone.js');
              return (await makeStandalone(html, (await planFonts([html])).files)).html;
            },
            session: sessionOptions,
            started: (started ??= startBrowser(sessionOptions)),
          },
          io,
        ),
      );
    }
    return result;
  } finally {
    // If the build failed before the export took the browser over, do not leave it running.
    if (started) void started.then((s) => s.close(), () => undefined);
  }
}

function startBrowser(options: SessionOptions): Promise<BrowserSession> {
  const p = import('./export/session.js').then(({ BrowserSession }) => BrowserSession.start(options));
  p.catch(() => undefined); // reported when the export awaits it
  return p;
}

