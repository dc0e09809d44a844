import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { ASSET_DIR, type AssetFile } from '../render/assets.js';
import { checkThemeFolder } from '../render/theme-check.js';
import type { ParsedSpec } from '../spec/types.js';
import { didYouMean } from '../util/suggest.js';
import { attempt } from '../util/attempt.js';

/** A folder's entries, or none when it cannot be listed. */
const entriesOf = (dir: string): Dirent[] => attempt(() => readdirSync(dir, { withFileTypes: true })) ?? [];

/**
 * The themes: folders under `dir` with a theme.css. Synchronous, as the checks below: a handful of small calls, each a
 * few microseconds, where each async one was a round trip through the thread pool.
 */
export async function listThemes(dir: string): Promise<string[]> {
  return entriesOf(dir)
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && entriesOf(path.join(dir, e.name)).some((f) => f.name === 'theme.css'))
    .map((e) => e.name)
    .sort();
}

/** The spec's theme must be one of the themes, and a real folder under themes/. */
export async function checkTheme(theme: string, spec: ParsedSpec, themesDir: string): Promise<void> {
  const themes = await listThemes(themesDir);
  if (themes.includes(theme)) {
    // A theme folder that is a link to somewhere outside themes/ is refused: a spec may come from someone else.
    const [root, dir] = [realpathSync.native(themesDir), realpathSync.native(path.join(themesDir, theme))];
    const rel = path.relative(root, dir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      const loc = spec.locate(['theme']);
      throw new UserError(`theme "${theme}" points outside the themes folder`, { location: loc, excerpt: spec.excerpt(loc), found: dir, hint: 'a theme must be a real folder under themes/' });
    }
    return;
  }
  const flag = spec.fromFlags?.includes('theme');
  const loc = flag ? { file: spec.file } : spec.locate(['theme']);
  throw new UserError(`unknown theme "${theme}"${flag ? ' (from --theme)' : ''}`, {
    location: loc,
    excerpt: flag ? undefined : spec.excerpt(loc),
    expected: `one of ${themes.join(', ')} (folders under themes/ with a theme.css)`,
    found: `"${theme}"`,
    hint: didYouMean(theme, themes),
  });
}

/** The theme's files as assets, each CSS file checked first (the theme check). */
export async function themeFiles(themesDir: string, theme: string): Promise<AssetFile[]> {
  const themeDir = path.join(themesDir, theme);
  const files = readdirSync(themeDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  // A theme names only its own files: never another file of the machine, never the network. Its theme.css is
  // checked even when it is not a regular file (a FIFO or a device there is refused, not left out in silence).
  await checkThemeFolder(themeDir, [...new Set([path.join(themeDir, 'theme.css'), ...files.filter((f) => f.endsWith('.css'))])]);
  return files.map((from) => ({ from, to: `${ASSET_DIR}/themes/${theme}/${path.relative(themeDir, from).split(path.sep).join('/')}` }));
}
