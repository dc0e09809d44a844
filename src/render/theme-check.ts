import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * The files a theme stylesheet may name: its own, by relative path inside the theme folder, or data: URLs. Not a
 * file elsewhere on the machine (a theme may come with someone else's spec, and an export would print that file
 * into the PDF), not the network (the deck must work offline). Pure: returns the first offence as a UserError.
 */
export function checkThemeCss(css: string, file: string): UserError | undefined {
  const refs = [...css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3/gi)];
  for (const m of refs) {
    const ref = (m[2] ?? m[4] ?? '').trim();
    if (!ref || /^(data:|#)/i.test(ref)) continue;
    const bare = ref.replace(/[?#].*$/, '');
    const outside = /^[a-z][a-z0-9+.-]*:/i.test(ref) || bare.startsWith('/') || bare.startsWith('\\') || path.posix.normalize(bare).startsWith('../');
    if (!outside) continue;
    const before = css.slice(0, m.index);
    const line = before.split('\n').length;
    const column = m.index! - before.lastIndexOf('\n');
    return new UserError(`the theme names a file outside its folder: ${ref}`, {
      location: { file, line, column },
      expected: 'url(…) relative to the theme folder (e.g. url(logo.svg)), or a data: URL',
      found: ref,
      hint: /^https?:/i.test(ref) ? 'copy the file into the theme folder: the deck must work offline' : 'copy the file into the theme folder and name it relatively',
    });
  }
  return undefined;
}
