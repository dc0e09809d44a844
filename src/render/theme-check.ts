import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError, UserErrors } from '../errors.js';
import type { CssRef, CssScan } from './css-refs.js';
import { scanCssCached } from './css-scan.js';
import { isInside, realPathSoFar } from '../util/real-path.js';
import { LIMITS, ReadError, readTextBoundedSync } from '../util/read.js';
import { attempt } from '../util/attempt.js';

/**
 * What a theme may name: its own files, by a relative path that stays inside the theme folder, or data: URLs. Not a
 * file elsewhere on the machine (a theme may come with someone else's spec, and an export would print that file into
 * the PDF), not the network (the deck must work offline). This is the friendly early message; the guard that holds
 * whatever this misses is the export browser's request interception (src/export/gate.ts).
 */

/** Where a reference points once the browser has resolved it against the stylesheet's address. */
export type Target = { kind: 'data' } | { kind: 'file'; path: string } | { kind: 'refused'; why: string; web: boolean };

/** The theme folder as the output has it (assets/themes/<name>/), for telling relative names from absolute ones. */
const MIRROR = 'file:///briefing-theme/';

/**
 * Resolve `ref`, named in `cssFile`, the way a browser does (WHATWG URL: `..`, `%2e%2e`, backslashes, tabs and
 * newlines), and decide it against `themeDir` without touching the disk. Pure.
 */
export function resolveRef(ref: string, cssFile: string, themeDir: string): Target {
  let real: URL;
  let mirrored: URL;
  try {
    real = new URL(ref, pathToFileURL(cssFile));
    mirrored = new URL(ref, new URL(path.relative(themeDir, cssFile).split(path.sep).map(encodeURIComponent).join('/'), MIRROR));
  } catch {
    return { kind: 'refused', why: 'not a valid address', web: false };
  }
  if (real.protocol === 'data:') return { kind: 'data' };
  if (real.protocol !== 'file:') {
    const web = /^(https?|wss?|ftp):$/.test(real.protocol);
    return { kind: 'refused', why: web ? 'a web address (the deck must work offline)' : `a ${real.protocol} address`, web };
  }
  if (real.host !== '' || mirrored.host !== '' || !mirrored.pathname.startsWith(new URL(MIRROR).pathname)) {
    return { kind: 'refused', why: 'a file outside the theme folder', web: false };
  }
  let file: string;
  try {
    file = fileURLToPath(real);
  } catch {
    return { kind: 'refused', why: 'a file address the check cannot read', web: false };
  }
  if (!isInside(themeDir, file)) return { kind: 'refused', why: 'a file outside the theme folder', web: false };
  return { kind: 'file', path: file };
}

function excerpt(css: string, line: number, column: number): string | undefined {
  const src = css.split(/\r?\n/)[line - 1];
  if (src === undefined || src.length > 240) return undefined;
  return `${src}\n${' '.repeat(Math.max(0, column - 1))}^`;
}

const EXPECTED = 'a file inside the theme folder named relatively (e.g. url(logo.svg)), or a data: URL';

function refusal(ref: CssRef, why: string, web: boolean, css: string, file: string): UserError {
  return new UserError(web ? `the theme names a web address: ${ref.url}` : `the theme names ${why.startsWith('a file outside') ? 'a file outside its folder' : why}: ${ref.url}`, {
    location: { file, line: ref.line, column: ref.column },
    excerpt: excerpt(css, ref.line, ref.column),
    expected: EXPECTED,
    found: `${ref.url} in ${ref.context}${web ? '' : ` (${why})`}`,
    hint: web ? 'copy the file into the theme folder and name it relatively: the deck must work offline' : 'copy the file into the theme folder and name it relatively',
  });
}

/**
 * Check one stylesheet of a theme, given its scan (`scanCss(css)`), without touching the disk. Returns the mistakes
 * (syntax, web addresses, names outside the folder) and the files it names, for the caller to resolve on disk. Pure.
 */
export function checkThemeCss(css: string, file: string, themeDir: string, scan: CssScan): { errors: UserError[]; files: { ref: CssRef; path: string }[] } {
  const errors: UserError[] = scan.problems.map(
    (p) =>
      new UserError(p.message, {
        location: { file, line: p.line, column: p.column },
        excerpt: excerpt(css, p.line, p.column),
        found: p.found,
        hint: p.message.startsWith('the CSS cannot be read') ? 'fix the stylesheet: a theme that the check cannot read is not used' : 'name the file itself, relatively, inside the theme folder',
      }),
  );
  const files: { ref: CssRef; path: string }[] = [];
  for (const ref of scan.refs) {
    const target = resolveRef(ref.url, file, themeDir);
    if (target.kind === 'refused') errors.push(refusal(ref, target.why, target.web, css, file));
    else if (target.kind === 'data' && ref.isImport) errors.push(refusal(ref, 'a data: stylesheet (it could import anything)', false, css, file));
    else if (target.kind === 'file') files.push({ ref, path: target.path });
  }
  return { errors, files };
}

/**
 * Every stylesheet of a theme folder, and every file they @import (whatever its name: the browser reads it as CSS),
 * checked: syntax, web addresses, files outside the folder after resolving `..` and symlinks. Throws a UserError
 * (several: UserErrors) naming file, line and column.
 */
export async function checkThemeFolder(themeDir: string, cssFiles: string[]): Promise<void> {
  const realRoot = realpathSync.native(themeDir);
  const errors: UserError[] = [];
  const seen = new Set<string>();
  const queue = [...cssFiles];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let css: string;
    try {
      // Bounded like every input: a regular file of at most LIMITS.stylesheet (a device or a huge file is refused).
      css = readTextBoundedSync(file, { limit: LIMITS.stylesheet, what: 'theme stylesheet' });
    } catch (err) {
      if (err instanceof ReadError && err.code === 'ENOENT') continue; // a missing import loads nothing
      if (err instanceof UserError) {
        errors.push(err);
        continue;
      }
      throw err;
    }
    const checked = checkThemeCss(css, file, themeDir, await scanCssCached(css));
    errors.push(...checked.errors);
    for (const { ref, path: target } of checked.files) {
      const real = attempt(() => realPathSoFar(target));
      if (!real || !isInside(realRoot, real)) {
        errors.push(refusal(ref, `a file outside the theme folder, through a link to ${real ?? 'somewhere unreadable'}`, false, css, file));
      } else if (ref.isImport) {
        queue.push(target);
      }
    }
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length) throw new UserErrors(errors);
}
