/** The theme check: every URL a theme's CSS names, read as a browser reads it, must be a file inside the theme folder. */
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError, UserErrors } from '../../src/errors.js';
import { scanCss } from '../../src/render/css-refs.js';
import { checkThemeCss, checkThemeFolder } from '../../src/render/theme-check.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const THEME = path.join(path.sep, 'project', 'themes', 'leaky');
const CSS = path.join(THEME, 'theme.css');
const check = (css: string) => checkThemeCss(css, CSS, THEME, scanCss(css));
const where = (css: string) => check(css).errors.map((e) => `${e.details.location?.line}:${e.details.location?.column} ${e.message}`);

describe('reading the URLs out of CSS', () => {
  it('finds every URL-bearing construct, escapes decoded, with the line and column of the original text', () => {
    const css = [
      '@import/**/"a.css";', // 1: comment instead of a space
      '@import"b.css";', // 2: no space
      '@import url(c.css) screen;', // 3
      '.a { background: u\\72l(%2e%2e/x.png); }', // 4: an escaped url(
      '.b { background: \\75 rl(y.png), URL( "z.png" ); }', // 5
      '.c { background: image-set("s1.png" 1x, url(s2.png) 2x, "s3.png" type("image/png")); }', // 6
      '.d { background: -webkit-image-set("w.png" 1x), cross-fade(url(c1.png), url(c2.png)), image("i.png"); }', // 7
      '@font-face { font-family: X; src: url(f.woff2) format("woff2"), local("Arial"); }', // 8
      ':root { --logo: url(v.png); --shade: image-set("v2.png" 1x); }', // 9
      '@media print { .e { & .f { background: url(\\2e\\2e/n.png); } } }', // 10
      '@\\69mport "esc.css";', // 11
    ].join('\n');
    const scan = scanCss(css);
    expect(scan.problems).toEqual([]);
    expect(scan.refs.map((r) => `${r.line}:${r.column} ${r.context}${r.isImport ? ' import' : ''} ${r.url}`)).toEqual([
      '1:12 @import import a.css',
      '2:8 @import import b.css',
      '3:9 url() import c.css',
      '4:18 url() %2e%2e/x.png',
      '5:18 url() y.png',
      '5:33 url() z.png',
      '6:28 image-set() s1.png',
      '6:41 url() s2.png',
      '6:57 image-set() s3.png',
      '7:36 image-set() w.png',
      '7:60 url() c1.png',
      '7:73 url() c2.png',
      '7:93 image() i.png',
      '8:35 url() f.woff2',
      '9:17 url() v.png',
      '9:48 image-set() v2.png',
      '10:40 url() ../n.png',
      '11:11 @import import esc.css',
    ]);
  });

  it('reports CSS it cannot read, with the position', () => {
    expect(where('.a { color: red; }\n.b { background: url(x.png) }\n.c { color: (; }\n')).toEqual([expect.stringMatching(/^3:\d+ the CSS cannot be read/)]);
  });

  it('refuses var() and the like where a URL goes: the file they name cannot be checked', () => {
    expect(where(':root { --p: "../../secret.png"; }\n.a { background: image-set(var(--p) 1x); }')).toEqual(['2:28 var() inside image-set(): the file it names cannot be checked']);
  });
});

describe('the theme check (text only)', () => {
  it('refuses each bypass the regular expression let through, at its line and column', () => {
    expect(where('.a {\n  background: image-set("../../secret.png" 1x);\n}')).toEqual(['2:25 the theme names a file outside its folder: ../../secret.png']);
    expect(where('@import"../x.css";')).toEqual(['1:8 the theme names a file outside its folder: ../x.css']);
    expect(where('@import/**/"../x.css";')).toEqual(['1:12 the theme names a file outside its folder: ../x.css']);
    expect(where('.a { background: url(%2e%2e/%2E%2e/secret.png) }')).toEqual(['1:18 the theme names a file outside its folder: %2e%2e/%2E%2e/secret.png']);
    expect(where('.a { background: u\\72l(../secret.png) }')).toEqual(['1:18 the theme names a file outside its folder: ../secret.png']);
  });

  it('refuses a web address in image-set(), and anywhere else', () => {
    expect(where('.a { background: image-set("https://example.com/a.png" 1x); }')).toEqual(['1:28 the theme names a web address: https://example.com/a.png']);
    expect(where('.a { background: url(//example.com/a.png) }')).toEqual(['1:18 the theme names a file outside its folder: //example.com/a.png']);
    expect(where('@import url("http://example.com/a.css");')).toEqual(['1:9 the theme names a web address: http://example.com/a.css']);
    expect(where(':root { --logo: "https://example.com/a.png"; }')).toEqual(['1:17 the theme names a web address']);
  });

  it('refuses absolute paths, file: URLs, backslashes and other schemes', () => {
    for (const ref of ['/etc/hostname', 'file:///etc/hostname', 'file://host/share/x', '..\\\\secret.png', 'sub/..\\\\..\\\\secret.png', 'blob:x', 'javascript:x', 'chrome://settings']) {
      expect(check(`.a { background: url("${ref}") }`).errors.length, ref).toBe(1);
    }
  });

  it('refuses a data: URL in @import (a data: stylesheet could import anything)', () => {
    expect(where('@import url("data:text/css,@import url(/etc/x.css)");')).toEqual([expect.stringMatching(/^1:9 the theme names a data: stylesheet/)]);
  });

  it('accepts its own files, relative, with queries and fragments, and data: URLs', () => {
    const css = [
      '.a { background: url(logo.svg?v=2), url("img/a.png#x"), url(sub/../logo.svg), url(./b.png); }',
      '.b { background: image-set("a.png" 1x, "a@2x.png" 2x), url(data:image/svg+xml;utf8,<svg/>); filter: url(#f); }',
      '@font-face { font-family: T; src: url("fonts/t.woff2") format("woff2"); }',
      '.c { content: "→ / \\"x\\""; font-family: "Noto Sans"; }',
    ].join('\n');
    const r = check(css);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => path.relative(THEME, f.path))).toEqual(['logo.svg', path.join('img', 'a.png'), 'logo.svg', 'b.png', 'a.png', 'a@2x.png', 'theme.css', path.join('fonts', 't.woff2')]);
  });
});

describe('the theme check on disk', () => {
  let root: string;
  let theme: string;
  beforeAll(async () => {
    root = await tempDir('theme-check');
    theme = path.join(root, 'themes', 'leaky');
    await mkdir(path.join(theme, 'img'), { recursive: true });
    await mkdir(path.join(root, 'private'));
    await writeFile(path.join(root, 'private', 'secret.png'), 'secret');
    await writeFile(path.join(theme, 'img', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await symlink(path.join(root, 'private', 'secret.png'), path.join(theme, 'img', 'link.png'));
    await symlink(path.join(root, 'private'), path.join(theme, 'dir-link'));
  });
  const run = async (files: Record<string, string>) => {
    for (const [name, css] of Object.entries(files)) await writeFile(path.join(theme, name), css);
    return checkThemeFolder(
      theme,
      Object.keys(files)
        .filter((n) => n.endsWith('.css'))
        .map((n) => path.join(theme, n)),
    ).then(
      () => [],
      (e: unknown) => (e instanceof UserErrors ? e.errors : [e as UserError]).map((u) => `${path.basename(u.details.location!.file)}:${u.details.location?.line}:${u.details.location?.column} ${u.message}`),
    );
  };

  it('reads stylesheets with a bound: an imported stylesheet over 4 MiB is refused, naming it', async () => {
    const big = path.join(theme, 'big.css');
    await writeFile(big, '');
    await truncate(big, 5 * 2 ** 20); // sparse: fast to make
    const errors = await run({ 'theme.css': '@import "big.css";\n.a { color: red; }' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^big\.css:undefined:undefined .*too large/);
  });

  it('refuses a name inside the folder that is a link to a file or folder outside', async () => {
    expect(await run({ 'theme.css': '.a { background: url(img/link.png); }\n.b { background: url(dir-link/secret.png); }\n.c { background: url(img/logo.svg); }' })).toEqual([
      'theme.css:1:18 the theme names a file outside its folder: img/link.png',
      'theme.css:2:18 the theme names a file outside its folder: dir-link/secret.png',
    ]);
  });

  it('checks what a stylesheet imports, whatever the file is called', async () => {
    expect(await run({ 'theme.css': '@import "parts.txt";\n.a { color: red }', 'parts.txt': '\n.b { background: url(../../private/secret.png) }' })).toEqual([
      'parts.txt:2:18 the theme names a file outside its folder: ../../private/secret.png',
    ]);
  });

  it('accepts a theme that names only its own files', async () => {
    expect(await run({ 'theme.css': '@import "more.css";\n.a { background: url(img/logo.svg) }', 'more.css': '.b { background: url("img/logo.svg") }' })).toEqual([]);
  });
});

describe('property: however a path outside is written, it is refused; a path inside is accepted', () => {
  const seg = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
  const file = fc.tuple(seg, fc.constantFrom('.png', '.svg', '.css', '.woff2', '')).map(([a, b]) => a + b);
  const outside = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 4 }), file).map(([n, f]) => '../'.repeat(n) + f),
    fc.tuple(seg, fc.integer({ min: 2, max: 4 }), file).map(([s, n, f]) => `${s}/${'../'.repeat(n)}${f}`),
    fc.tuple(fc.integer({ min: 1, max: 3 }), file).map(([n, f]) => `${'..\\'.repeat(n)}${f}`),
    fc.tuple(seg, file).map(([s, f]) => `/${s}/${f}`),
    fc.tuple(seg, file).map(([s, f]) => `file:///${s}/${f}`),
    fc.tuple(seg, file).map(([s, f]) => `file://${s}/${f}`),
    fc.tuple(fc.constantFrom('http', 'https', 'HTTPS', 'ftp', 'ws'), seg, file).map(([p, h, f]) => `${p}://${h}.example/${f}`),
    fc.tuple(seg, file).map(([h, f]) => `//${h}.example/${f}`),
  );
  const inside = fc.tuple(fc.array(seg, { maxLength: 3 }), file, fc.constantFrom('', '?v=2', '#x'), fc.boolean()).map(([dirs, f, q, dot]) => `${dot ? './' : ''}${[...dirs, f].join('/')}${q}`);

  /** Write a URL's characters with random CSS escapes, and percent-escapes where the URL parser reads them the same. */
  const encoded = (url: string) =>
    fc.array(fc.integer({ min: 0, max: 5 }), { minLength: url.length, maxLength: url.length }).map((choices) => {
      const pathStart = /^[a-z]+:\/\/[^/]*|^\/\/[^/]*/i.exec(url)?.[0].length ?? 0;
      return [...url]
        .map((ch, i) => {
          const c = choices[i]!;
          if (ch === '\\') return c % 2 ? '\\\\' : '\\5c ';
          if (c === 1) return `\\${ch.codePointAt(0)!.toString(16)} `;
          if (c === 2 && /[g-z]/i.test(ch)) return `\\${ch}`; // not a hex digit: \a would be a newline
          if (c === 3 && i >= pathStart && ch !== '/' && ch !== '?' && ch !== '#') return `%${ch.codePointAt(0)!.toString(16).padStart(2, '0')}`;
          return ch;
        })
        .join('');
    });

  const comment = fc.constantFrom('', ' ', '/**/', ' /* x */ ', '\n');
  const urlFn = fc.constantFrom('url', 'URL', 'u\\72l', '\\75 rl', 'u\\rl');
  /** A URL (already CSS-escaped) in one of the constructs that load it; `q` is its quoted form. */
  const construct = fc.tuple(fc.integer({ min: 0, max: 11 }), comment, urlFn).map(([k, c, fn]) => (raw: string) => {
    const q = `"${raw.replace(/"/g, '\\"')}"`;
    return [
      `.a{background:${fn}(${raw})}`,
      `.a{background:${c}${fn}(${q})${c}}`,
      `.a{background:image-set(${c}${q}${c}1x${c},${c}"ok.png" 2x)}`,
      `.a{background:-webkit-image-set(${fn}(${raw}) 1x)}`,
      `.a{background:image-set(${c}${fn}(${q})${c}2x)}`,
      `@import${c}${q}${c};`,
      `@import${c || " "}${fn}(${raw})${c}screen;`,
      `@\\69mport ${q};`,
      `@font-face{font-family:X;src:${fn}(${raw})${c}format("woff2")}`,
      `.a{background:cross-fade(${fn}(ok.png),${c}${fn}(${raw}))}`,
      `.a{background:image(${c}${q}${c})}`,
      `:root{--x:${c}${fn}(${raw})}`,
    ][k]!;
  });
  const around = fc.constantFrom(['', ''], [':root{--a:#fff}\n', ''], ['/* theme */\n', '\n.z{color:red}'], ['@media print{', '}']);

  it('a path outside the folder or a web address, in any encoding and construct, is refused', () => {
    fc.assert(
      fc.property(outside.chain((u) => encoded(u).map((e) => [u, e] as const)), construct, around, ([url, raw], wrap, [pre, post]) => {
        const css = `${pre}${wrap(raw)}${post}`;
        expect(check(css).errors.length, `${url} as ${css}`).toBeGreaterThan(0);
      }),
      { numRuns: 600 },
    );
  });

  it('a path inside the folder, in any encoding and construct, is accepted', () => {
    fc.assert(
      fc.property(inside.chain((u) => encoded(u).map((e) => [u, e] as const)), construct, around, ([url, raw], wrap, [pre, post]) => {
        const css = `${pre}${wrap(raw)}${post}`;
        const r = check(css);
        expect(r.errors.map((e) => e.message), `${url} as ${css}`).toEqual([]);
        for (const f of r.files) expect(path.relative(THEME, f.path).startsWith('..'), f.path).toBe(false);
      }),
      { numRuns: 600 },
    );
  });
});
