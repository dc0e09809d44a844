import path from 'node:path';
import { revealFiles, fontPlan, planFonts, ASSET_DIR, type AssetFile, type FontPlan } from '../render/assets.js';
import { htmlCodePoints, UI_CHARACTERS } from '../render/fonts.js';
import { loadTemplates, type Template } from '../render/templates.js';
import { quoteOnce } from '../render/handout.js';
import { LABELS } from '../render/labels.js';
import { deckView } from '../render/view.js';
import { briefView } from '../render/brief-view.js';
import type { CapturedSlide } from '../export/pdf.js';
import type { Briefing } from '../select/types.js';
import { themeFiles } from './themes.js';
import { loadMarkdownMemo, saveMarkdownMemo } from '../render/markdown-memo.js';
import { pagesKey, pageText, readPages, writePages, type RenderedPages } from './page-cache.js';

export interface Rendered {
  html: string;
  assets: AssetFile[];
}

/** A page's own stylesheet and script (templates/<page>/assets/), and the script both pages use to load fonts first. */
export function pageAssets(templatesDir: string, page: 'deck' | 'brief'): AssetFile[] {
  return [
    ...[`${page}.css`, `${page}.js`].map((f) => ({ from: path.join(templatesDir, page, 'assets', f), to: `${ASSET_DIR}/${f}` })),
    { from: path.join(templatesDir, 'shared', 'load-fonts.js'), to: `${ASSET_DIR}/load-fonts.js` },
  ];
}

/**
 * Where a render gets its page templates and its font plan: loaded for each render, or (serve: src/serve/live-build.ts)
 * kept between renders. `cachePages`: the rendered pages are read from and kept in the on-disk cache
 * (build/page-cache.ts); serve renders in memory at each edit and does without.
 */
export interface RenderKit {
  template(templatesDir: string, page: 'deck' | 'brief'): Promise<Template>;
  /** The font plan for these code points (assets.ts: fontPlan). */
  planFonts(used: Set<number>): Promise<FontPlan>;
  cachePages?: boolean;
}

const FRESH: RenderKit = { template: (dir, page) => loadTemplates(path.join(dir, page), page), planFonts: fontPlan, cachePages: true };

/** The files the deck's HTML refers to (fonts aside), and the brief's. */
const deckAssets = (templatesDir: string, theme: AssetFile[]): AssetFile[] => [...revealFiles(), ...pageAssets(templatesDir, 'deck'), ...theme];
const briefAssets = (templatesDir: string, theme: AssetFile[]): AssetFile[] => [...pageAssets(templatesDir, 'brief'), ...theme];

/** The deck's HTML, with the kit's template. */
const deckHtml = async (briefing: Briefing, templatesDir: string, kit: RenderKit): Promise<string> =>
  (await kit.template(templatesDir, 'deck'))({ ...deckView(briefing), assets: ASSET_DIR, theme: briefing.theme });

/** The one-page brief's HTML, with the kit's template. */
const briefHtml = async (briefing: Briefing, templatesDir: string, kit: RenderKit): Promise<string> =>
  (await kit.template(templatesDir, 'brief'))({ ...briefView(briefing), assets: ASSET_DIR, theme: briefing.theme });

/**
 * Render the deck's HTML and the list of assets it needs (fonts aside: see renderAll). Nothing is written. `theme`:
 * the theme's files when the caller has them already.
 */
export async function renderDeck(briefing: Briefing, templatesDir: string, themesDir: string, theme = themeFiles(themesDir, briefing.theme), kit = FRESH): Promise<Rendered> {
  theme.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const html = await deckHtml(briefing, templatesDir, kit);
  return { html, assets: deckAssets(templatesDir, await theme) };
}

/** Render the one-page brief's HTML and its assets. */
export async function renderBrief(briefing: Briefing, templatesDir: string, themesDir: string, theme = themeFiles(themesDir, briefing.theme), kit = FRESH): Promise<Rendered> {
  theme.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const html = await briefHtml(briefing, templatesDir, kit);
  return { html, assets: briefAssets(templatesDir, await theme) };
}

/** The speaker handout: captured slides with their notes. */
export async function renderHandout(briefing: Briefing, templatesDir: string, slides: CapturedSlide[]): Promise<string> {
  const template = await loadTemplates(path.join(templatesDir, 'handout'), 'handout');
  const { classification, version, buildDate, brand } = briefing.meta;
  const stamp = { ...(classification ? { classification } : {}), ...(version ? { version } : {}), buildDate, ...(brand ? { brand } : {}) };
  const slideLabel = briefing.language === 'zh' ? LABELS.slide.zh : LABELS.slide.en;
  return template({ title: briefing.meta.title, stamp, htmlLang: briefing.language === 'en' ? 'en' : 'zh-Hans', assets: ASSET_DIR, slides: quoteOnce(slides, briefing.language), total: slides.length, slideLabel });
}

/**
 * Deck and brief with the assets both need, the font chunks chosen for the text of both, and the presenter's files
 * (logo, slide images: the spec's, as read). Standalone: each page one self-contained file, the presenter's images
 * inside it too, nothing else. `slides`: the deck's slide ids, in order.
 */
export async function renderAll(
  briefing: Briefing,
  templatesDir: string,
  themesDir: string,
  standalone = false,
  /** The theme's files, when the caller has them already (the build checks them with the spec: checkBuild). */
  theme: Promise<AssetFile[]> = themeFiles(themesDir, briefing.theme),
  /** The presenter's files (logo, slide images), as the spec's reader read them. */
  presenterFiles: AssetFile[] = [],
  kit: RenderKit = FRESH,
): Promise<{ files: AssetFile[]; missingGlyphs: string[]; sizes: Record<string, number>; slides: string[]; pagesKey?: string }> {
  theme.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  const pages = await renderPages(briefing, templatesDir, kit);
  const fonts = await kit.planFonts(new Set(pages.codePoints));
  const byTarget = new Map<string, AssetFile>();
  const themeAssets = await theme;
  for (const f of [...deckAssets(templatesDir, themeAssets), ...briefAssets(templatesDir, themeAssets), ...fonts.files]) byTarget.set(f.to, f);
  for (const f of presenterFiles) byTarget.set(f.to, f);
  const assets = [...byTarget.values()];
  if (standalone) {
    const { makeStandalone } = await import('../render/standalone.js');
    const [d, b] = await Promise.all([makeStandalone(pageText(pages.deck), assets), makeStandalone(pageText(pages.brief), assets)]);
    return {
      files: [{ to: 'deck.html', content: d.html }, { to: 'brief.html', content: b.html }],
      missingGlyphs: fonts.missing,
      sizes: { 'deck.html': d.bytes, 'brief.html': b.bytes },
      slides: pages.slides,
      ...(pages.key ? { pagesKey: pages.key } : {}),
    };
  }
  const files: AssetFile[] = [{ to: 'deck.html', content: pages.deck }, { to: 'brief.html', content: pages.brief }];
  return { files: [...assets, ...files], missingGlyphs: fonts.missing, sizes: { 'deck.html': Buffer.byteLength(pages.deck), 'brief.html': Buffer.byteLength(pages.brief) }, slides: pages.slides, ...(pages.key ? { pagesKey: pages.key } : {}) };
}

/**
 * Both pages rendered, or (kit.cachePages) read back from the cache when this briefing was rendered before; `key`:
 * the pages' key in the cache, when they have one.
 */
async function renderPages(briefing: Briefing, templatesDir: string, kit: RenderKit): Promise<RenderedPages & { key?: string }> {
  const keyed = kit.cachePages ? await pagesKey(briefing, templatesDir) : undefined;
  const key = keyed?.key;
  const cached = key === undefined ? undefined : await readPages(key);
  if (cached) return { ...cached, key: key! };
  // Rendered from the very sources the key was made of.
  const from: RenderKit = keyed ? { ...kit, template: (dir, page) => loadTemplates(path.join(dir, page), page, Promise.resolve(keyed.templates[page])) } : kit;
  // The corpus Markdown's HTML of earlier runs (a build that renders its pages renders mostly the same texts).
  if (keyed) await loadMarkdownMemo();
  const [deck, brief] = await Promise.all([deckHtml(briefing, templatesDir, from), briefHtml(briefing, templatesDir, from)]);
  const pages: RenderedPages = { deck, brief, slides: deckView(briefing).slides.map((v) => v.id), codePoints: [...htmlCodePoints([deck, brief], UI_CHARACTERS)] };
  if (key === undefined) return pages;
  await Promise.all([writePages(key, pages), saveMarkdownMemo()]);
  return { ...pages, key };
}

/** The handout's HTML; standalone builds write no assets/, so it carries its fonts inside, like the deck. */
export async function handoutHtml(briefing: Briefing, templatesDir: string, slides: CapturedSlide[], standalone: boolean): Promise<string> {
  const html = await renderHandout(briefing, templatesDir, slides);
  if (!standalone) return html;
  const { makeStandalone } = await import('../render/standalone.js');
  return (await makeStandalone(html, (await planFonts([html])).files)).html;
}
