import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from './corpus/load.js';
import type { Corpus } from './corpus/types.js';
import { UserError } from './errors.js';
import { warn, type Io } from './log.js';
import { DEFAULTS } from './paths.js';
import { revealFiles, planFonts, ASSET_DIR, type AssetFile } from './render/assets.js';
import { loadTemplates } from './render/templates.js';
import { deckView } from './render/view.js';
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
}

export interface BuildResult {
  outDir: string;
  briefing: Briefing;
  spec: ParsedSpec;
  files: string[];
  timings: Record<string, number>;
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
  return { ...parsed, spec: applyOverrides(parsed.spec, overrides) };
}

export async function listThemes(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (e) => ((await readdir(path.join(dir, e.name))).includes('theme.css') ? e.name : undefined)),
  );
  return names.filter((n): n is string => !!n).sort();
}

/** Spec + corpus → Briefing, checking what needs the file system (the theme). */
export async function prepare(spec: ParsedSpec, corpus: Corpus, themesDir: string): Promise<Briefing> {
  const briefing = select(spec, corpus);
  const themes = await listThemes(themesDir);
  if (!themes.includes(briefing.theme)) {
    const loc = spec.locate(['theme']);
    throw new UserError(`unknown theme "${briefing.theme}"`, {
      location: loc,
      excerpt: spec.excerpt(loc),
      expected: `one of ${themes.join(', ')} (folders under themes/ with a theme.css)`,
      found: `"${briefing.theme}"`,
      hint: didYouMean(briefing.theme, themes),
    });
  }
  return briefing;
}

/** Render the deck's HTML and the list of assets it needs. Nothing is written. */
export async function renderDeck(briefing: Briefing, templatesDir: string, themesDir: string): Promise<{ html: string; assets: AssetFile[]; missingGlyphs: string[] }> {
  const template = await loadTemplates(path.join(templatesDir, 'deck'), 'deck');
  const view = deckView(briefing);
  const html = template({
    ...view,
    assets: ASSET_DIR,
    theme: briefing.theme,
  });
  const fonts = await planFonts([html]);
  const themeDir = path.join(themesDir, briefing.theme);
  const themeFiles = (await readdir(themeDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => {
      const from = path.join(e.parentPath, e.name);
      return { from, to: `${ASSET_DIR}/themes/${briefing.theme}/${path.relative(themeDir, from).split(path.sep).join('/')}` };
    });
  const deckAssets = ['deck.css', 'deck.js'].map((f) => ({ from: path.join(templatesDir, 'deck', 'assets', f), to: `${ASSET_DIR}/${f}` }));
  return { html, assets: [...revealFiles(), ...deckAssets, ...themeFiles, ...fonts.files], missingGlyphs: fonts.missing };
}

/** Write files into `outDir` (atomically, never outside it). Returns the paths written, relative to outDir. */
export async function writeOutput(outDir: string, files: AssetFile[]): Promise<string[]> {
  await Promise.all(
    files.map((f) => {
      const target = insideRoot(outDir, f.to);
      return 'content' in f ? writeFileAtomic(target, f.content) : copyFileAtomic(f.from, target);
    }),
  );
  return files.map((f) => f.to);
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
  const [corpus, spec] = await Promise.all([
    time('loadCorpus', () => loadCorpus(options.content ?? DEFAULTS.content)),
    time('readSpec', () => readSpec(options.spec, options.overrides)),
  ]);
  const briefing = await time('resolveSpec', () => prepare(spec, corpus, themes));
  for (const w of briefing.warnings) warn(io, w);
  const deck = await time('renderDeck', () => renderDeck(briefing, templates, themes));
  if (deck.missingGlyphs.length) warn(io, `no shipped font has a glyph for: ${deck.missingGlyphs.join(' ')}`);
  const outDir = path.resolve(options.out ?? defaultOutDir(spec));
  const files = await time('writeHtml', () => writeOutput(outDir, [...deck.assets, { to: 'deck.html', content: deck.html }]));
  return { outDir, briefing, spec, files, timings };
}
