/**
 * serve's and the composer's build, split in two: render in memory (what the open pages are updated from at once),
 * then write the output folder (as `briefing build` writes it: locked, claimed, atomic, with the manifest). The same
 * check, selection, view and template functions as `build` (src/build.ts, src/build/render.ts), put together as
 * renderAll puts them, with what does not change between renders kept: the loaded templates, each slide's HTML and
 * the font plans of the last few sets of characters. The tests compare the output with build's, byte for byte, for every shipped spec.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { checkBuild, type BuildOptions } from '../build.js';
import type { Corpus } from '../corpus/types.js';
import { warn, type Io } from '../log.js';
import { DEFAULTS } from '../paths.js';
import { OutputWriter } from '../output/index.js';
import { isPage } from '../output/writer.js';
import { claimOutDir } from '../output/marker.js';
import { fontPlan, type AssetFile, type FontPlan } from '../render/assets.js';
import { renderAll, type RenderKit } from '../build/render.js';
import { pageText } from '../build/page-cache.js';
import { attempt } from '../util/attempt.js';
import { loadTemplates, type Template } from '../render/templates.js';
import { manifestJson } from '../select/origin.js';
import type { Briefing } from '../select/types.js';
import type { ParsedSpec } from '../spec/types.js';
import { deckParts, deckUpdate, type DeckParts } from './deck-parts.js';
import type { LiveChanges } from './server.js';

export interface Rendered {
  spec: ParsedSpec;
  briefing: Briefing;
  /** Every file of the output (assets, then deck.html and brief.html), as renderAll gives them; no manifest. */
  files: AssetFile[];
  /** The text of each page (deck.html, brief.html). */
  pages: Map<string, string>;
  /** The deck's slide ids, in order. */
  slides: string[];
}

export type RenderOptions = Pick<BuildOptions, 'spec' | 'name' | 'overrides' | 'templates' | 'themes'> & { corpus: Corpus };

const KEPT_FONT_PLANS = 8;

/**
 * What renders keep between them: the templates loaded (until `forget`, when templates/ changed), each slide's HTML
 * (see eachSlide), and the font plans of the last few sets of characters.
 */
export class Renderer implements RenderKit {
  private templates = new Map<string, Promise<Template>>();
  /** The font plans of the last few sets of characters (a composer that ticks a box on and off goes back and forth). */
  private fonts = new Map<string, Promise<FontPlan>>();

  /** Templates changed: load them again next time. */
  forget(): void {
    this.templates.clear();
  }

  template(dir: string, layout: 'deck' | 'brief'): Promise<Template> {
    const key = path.join(dir, layout);
    let t = this.templates.get(key);
    if (!t) {
      t = loadTemplates(key, layout, undefined, { keepSlides: true });
      this.templates.set(key, t);
      t.catch(() => this.templates.get(key) === t && this.templates.delete(key));
    }
    return t;
  }

  /** planFonts, kept for the same characters (the plan depends on nothing else). */
  planFonts(used: Set<number>): Promise<FontPlan> {
    const key = [...used].sort((a, b) => a - b).join(',');
    let plan = this.fonts.get(key);
    if (plan) this.fonts.delete(key); // set again below: the most recent last
    else {
      plan = fontPlan(used);
      const made = plan;
      made.catch(() => this.fonts.get(key) === made && this.fonts.delete(key));
    }
    this.fonts.set(key, plan);
    for (const old of this.fonts.keys()) if (this.fonts.size > KEPT_FONT_PLANS) this.fonts.delete(old);
    return plan;
  }
}

/**
 * Check, select and render, nothing written: the HTML build of `build` up to its write (renderAll, with the templates
 * and the font plan this Renderer keeps). Warnings go to `io`.
 */
export async function renderInMemory(options: RenderOptions, io?: Io, kept: Renderer = new Renderer()): Promise<Rendered> {
  const templates = options.templates ?? DEFAULTS.templates;
  const themes = options.themes ?? DEFAULTS.themes;
  // Loaded while the spec is checked (kept: a second render finds them).
  for (const page of ['deck', 'brief'] as const) kept.template(templates, page).catch(() => undefined);
  const { spec, briefing, theme } = await checkBuild(options, Promise.resolve(options.corpus), themes);
  if (io) for (const w of briefing.warnings) warn(io, w);
  const { files, missingGlyphs, slides } = await renderAll(briefing, templates, themes, false, theme, spec.presenterFiles ?? [], kept);
  if (io && missingGlyphs.length) warn(io, `no shipped font has a glyph for: ${missingGlyphs.join(' ')} (they may show as boxes)`);
  const pages = new Map(files.flatMap((f) => (isPage(f.to) && 'content' in f ? [[f.to, pageText(f.content)] as const] : [])));
  return { spec, briefing, files, pages, slides };
}

/** The manifest `build` writes beside the pages. */
export function manifestOf(r: Rendered): string {
  return manifestJson(r.briefing, r.spec, r.slides);
}

/**
 * Write a render to its output folder as `build` does: the folder checked and locked, claimed for the spec when it is
 * the default one (`claim`), every file written atomically, the manifest last. `skip`: files the caller knows are in
 * the folder as they are (serve: what it wrote last time). Returns the files written.
 */
export async function writeRendered(
  r: Rendered,
  outDir: string,
  options: { claim: boolean; folders: { content: string; templates?: string; themes?: string }; io: Io; skip?: (f: AssetFile) => boolean },
): Promise<string[]> {
  const folders = { content: options.folders.content, templates: options.folders.templates ?? DEFAULTS.templates, themes: options.folders.themes ?? DEFAULTS.themes };
  const writer = await OutputWriter.open(path.resolve(outDir), {
    folders,
    onWait: (h) => options.io.err(`waiting: another build (process ${h.pid}, since ${h.started}) is writing ${outDir}…`),
  });
  try {
    if (writer.tookOver) options.io.err(`note: ${outDir} was locked by process ${writer.tookOver.pid}, which no longer runs: lock taken over`);
    if (options.claim) await claimOutDir(writer, r.spec);
    const skip = options.skip ?? (() => false);
    return await writer.write([...r.files.filter((f) => !skip(f)), { to: 'manifest.json', content: manifestOf(r) }]);
  } finally {
    await writer.close();
  }
}

/**
 * What the assets of a render are (every file but the pages): their names with, for a copy, its source's size and
 * time, for a file written from memory, a hash of its bytes. Two renders with the same signature need nothing
 * loaded again but their pages.
 */
export function assetSignature(files: readonly AssetFile[]): string {
  // Synchronous: some fifty small stats, each a few microseconds, where each async one was a round trip through the
  // thread pool.
  const parts = files
    .filter((f) => !isPage(f.to))
    .map((f) => {
      if ('from' in f) {
        const st = attempt(() => statSync(f.from)); // gone, or not to be read: either way not what was copied
        return `${f.to}<${f.from}:${st ? `${st.size}:${st.mtimeMs}` : 'gone'}`;
      }
      return `${f.to}=${createHash('sha1').update(f.content).digest('hex')}`;
    });
  return parts.sort().join('\n');
}

/** A render as the open pages know it: its number, its pages (the deck's cut for updates), its assets' signature. */
export interface RenderSnapshot {
  build: number;
  pages: Map<string, string>;
  deck?: DeckParts;
  assets: string;
}

/** What a render's snapshot is made of (the caller numbers it). */
export async function snapshotOf(r: Rendered): Promise<Omit<RenderSnapshot, 'build'>> {
  const [assets, deck] = [assetSignature(r.files), deckParts(r.pages.get('deck.html') ?? '')];
  return { pages: r.pages, ...(deck ? { deck } : {}), assets };
}

/**
 * What changed from one render to the next, for the open pages (serve's and the composer's): the pages whose text
 * changed, whether any other file did (then they load the pages again), and, when only pages did, the deck's new
 * slides.
 */
export function changesSince(before: RenderSnapshot, after: RenderSnapshot): LiveChanges {
  const pages = [...new Set([...before.pages.keys(), ...after.pages.keys()])].sort().filter((p) => before.pages.get(p) !== after.pages.get(p));
  const changes: LiveChanges = { pages, assets: before.assets === after.assets ? [] : ['assets'], from: before.build, to: after.build };
  const update = !changes.assets.length && pages.includes('deck.html') ? deckUpdate(before.deck, after.deck, before.build, after.build) : undefined;
  return update ? { ...changes, deck: update } : changes;
}
