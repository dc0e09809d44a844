/**
 * serve's and the composer's build, split in two: render in memory (what the open pages are updated from at once),
 * then write the output folder (as `briefing build` writes it: locked, claimed, atomic, with the manifest). The same
 * check, selection and render functions as `build` (src/build.ts); the tests compare the two outputs byte for byte.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkBuild, renderAll, type BuildOptions } from '../build.js';
import type { Corpus } from '../corpus/types.js';
import { warn, type Io } from '../log.js';
import { DEFAULTS } from '../paths.js';
import { OutputWriter } from '../output/index.js';
import { claimOutDir } from '../output/marker.js';
import type { AssetFile } from '../render/assets.js';
import { deckView } from '../render/view.js';
import { buildManifest } from '../select/origin.js';
import type { Briefing } from '../select/types.js';
import type { SpecCheck } from '../spec/parse.js';
import type { ParsedSpec } from '../spec/types.js';

export interface Rendered {
  spec: ParsedSpec;
  briefing: Briefing;
  /** Every file of the output (assets, then deck.html and brief.html), as renderAll gives them; no manifest. */
  files: AssetFile[];
  /** The text of each page (deck.html, brief.html). */
  pages: Map<string, string>;
}

export type RenderOptions = Pick<BuildOptions, 'spec' | 'name' | 'overrides' | 'templates' | 'themes'> & {
  corpus: Corpus;
  /** A spec text checked already (the composer's), as checkBuild takes it. */
  check?: SpecCheck;
};

/** Check, select and render, nothing written: the HTML build of `build` up to its write. Warnings go to `io`. */
export async function renderInMemory(options: RenderOptions, io?: Io): Promise<Rendered> {
  const templates = options.templates ?? DEFAULTS.templates;
  const themes = options.themes ?? DEFAULTS.themes;
  const { spec, briefing, theme } = await checkBuild(options, Promise.resolve(options.corpus), themes);
  if (io) for (const w of briefing.warnings) warn(io, w);
  const rendered = await renderAll(briefing, templates, themes, false, theme, spec.presenterFiles);
  if (io && rendered.missingGlyphs.length) warn(io, `no shipped font has a glyph for: ${rendered.missingGlyphs.join(' ')} (they may show as boxes)`);
  const pages = new Map<string, string>();
  for (const f of rendered.files) if ('content' in f && typeof f.content === 'string' && f.to.endsWith('.html') && !f.to.includes('/')) pages.set(f.to, f.content);
  return { spec, briefing, files: rendered.files, pages };
}

/** The manifest `build` writes beside the pages. */
export function manifestOf(r: Rendered): string {
  const manifest = buildManifest(r.briefing, { file: r.spec.file, ...(r.spec.sha256 ? { sha256: r.spec.sha256 } : {}) }, deckView(r.briefing).slides.map((v) => v.id));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Write a render to its output folder as `build` does: the folder checked and locked, claimed for the spec when it is
 * the default one (`claim`), every file written atomically, the manifest last. Returns the files written.
 */
export async function writeRendered(r: Rendered, outDir: string, options: { claim: boolean; folders: { content: string; templates?: string; themes?: string }; io: Io }): Promise<string[]> {
  const folders = { content: options.folders.content, templates: options.folders.templates ?? DEFAULTS.templates, themes: options.folders.themes ?? DEFAULTS.themes };
  const writer = await OutputWriter.open(path.resolve(outDir), {
    folders,
    onWait: (h) => options.io.err(`waiting: another build (process ${h.pid}, since ${h.started}) is writing ${outDir}…`),
  });
  try {
    if (writer.tookOver) options.io.err(`note: ${outDir} was locked by process ${writer.tookOver.pid}, which no longer runs: lock taken over`);
    if (options.claim) await claimOutDir(writer, r.spec);
    return await writer.write([...r.files, { to: 'manifest.json', content: manifestOf(r) }]);
  } finally {
    await writer.close();
  }
}

/**
 * What the assets of a render are (every file but the pages): their names with, for a copy, its source's size and
 * time, for a file written from memory, a hash of its bytes. Two renders with the same signature need nothing
 * loaded again but their pages.
 */
export async function assetSignature(files: readonly AssetFile[]): Promise<string> {
  const parts = await Promise.all(
    files
      .filter((f) => !(f.to.endsWith('.html') && !f.to.includes('/')))
      .map(async (f) => {
        if ('from' in f) {
          const st = await stat(f.from).catch(() => undefined);
          return `${f.to}<${f.from}:${st ? `${st.size}:${st.mtimeMs}` : 'gone'}`;
        }
        return `${f.to}=${createHash('sha1').update(f.content).digest('hex')}`;
      }),
  );
  return parts.sort().join('\n');
}
