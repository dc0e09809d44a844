/**
 * Default-deny in the export browser: whatever a page or its CSS asks for, only data: URLs and files whose real path
 * is inside the output folder load. Checked in the PDFs themselves: an image outside must not be printed.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { UserError } from '../../src/errors.js';
import { exportPdfs } from '../../src/export/index.js';
import { printA4 } from '../../src/export/pdf.js';
import { BrowserSession } from '../../src/export/session.js';
import { silentIo } from '../../src/log.js';
import { OutputWriter } from '../../src/output/index.js';
import { DEFAULTS } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

/** Sizes of the images a PDF holds, as "WxH" (poppler's pdfimages). */
const imageSizes = (pdf: string): string[] =>
  execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c[2] === 'image')
    .map((c) => `${c[3]}x${c[4]}`);

const SECRET = '37x23';
const OWN = '41x29';

let tmp: string;
let session: BrowserSession;
let blocked: string[];
beforeAll(async () => {
  tmp = await tempDir('guard');
  blocked = [];
  session = await BrowserSession.start({ onBlocked: (u) => blocked.push(u) });
  // Two PNGs of sizes that nothing else in a deck or brief has: the secret one (outside) and the folder's own.
  const shot = async (w: number, h: number, colour: string) => {
    const page = await session.browser.newPage();
    await page.setViewport({ width: w, height: h });
    await page.setContent(`<body style="margin:0;background:${colour}">`);
    const png = await page.screenshot({ type: 'png' });
    await page.close();
    return png;
  };
  await mkdir(path.join(tmp, 'private'));
  await writeFile(path.join(tmp, 'secret.png'), await shot(37, 23, 'red'));
  await writeFile(path.join(tmp, 'private', 'secret.png'), await shot(37, 23, 'red'));
  await writeFile(path.join(tmp, 'own.png'), await shot(41, 29, 'blue'));
  await writeFile(path.join(tmp, 'evil.css'), '.evil { width: 37px; height: 23px; background: url(secret.png); }');
}, 60_000);
afterAll(async () => {
  await session?.close();
});

describe('a page the export opens', () => {
  it('loads the folder’s own files and nothing else: no outside file however it is named, no link out, no network', async () => {
    const out = path.join(tmp, 'out');
    await mkdir(out);
    await cp(path.join(tmp, 'own.png'), path.join(out, 'own.png'));
    await symlink(path.join(tmp, 'secret.png'), path.join(out, 'link.png'));
    await symlink(path.join(tmp, 'private'), path.join(out, 'dir-link'));
    const secret = path.join(tmp, 'secret.png');
    await writeFile(
      path.join(out, 'style.css'),
      [
        '@import "../evil.css";',
        `.a { width: 37px; height: 23px; background: url(%2e%2e/secret.png); }`,
        `.b { width: 37px; height: 23px; background: image-set("${pathToFileURL(secret).href}" 1x); }`,
        '.c { width: 41px; height: 29px; background: url(own.png); }',
      ].join('\n'),
    );
    await writeFile(
      path.join(out, 'page.html'),
      `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="style.css"></head><body>
<img src="own.png"><img src="../secret.png"><img src="${pathToFileURL(secret).href}"><img src="link.png"><img src="dir-link/secret.png">
<img src="http://example.com/x.png"><img src="https://127.0.0.1:9/x.png"><div class="a"></div><div class="b"></div><div class="c"></div><div class="evil"></div>
<script>window.addEventListener('load', () => { document.documentElement.dataset.pageReady = 'true'; });</script>
</body></html>`,
    );
    blocked.length = 0;
    // The session's first page: one of those it opened ahead, as soon as it was up (SessionOptions.spare), before any
    // folder was known. Its rule is this folder's all the same. (The exports below take the other, then new ones.)
    expect(session.spareCount).toBe(2);
    const pdf = await printA4(session, out, 'page.html', { title: 'guard' });
    expect(session.spareCount).toBe(1);
    const file = path.join(tmp, 'page.pdf');
    await writeFile(file, pdf.bytes);
    const sizes = imageSizes(file);
    expect(sizes).toContain(OWN); // the folder's own image is printed: the test can see images
    expect(sizes).not.toContain(SECRET);
    const seen = blocked.map((u) => u.replace(pathToFileURL(tmp).href, 'TMP'));
    for (const u of ['TMP/secret.png', 'TMP/out/link.png', 'TMP/out/dir-link/secret.png', 'TMP/evil.css', 'http://example.com/x.png', 'https://127.0.0.1:9/x.png']) {
      expect(seen, u).toContain(u);
    }
    expect(seen.filter((u) => u.includes('own.png') || u.includes('style.css') || u.includes('page.html'))).toEqual([]);
  }, 60_000);
});

describe('deck.pdf and brief.pdf', () => {
  it('a theme that names an image outside both folders is refused before the build; nothing is written', async () => {
    const themes = path.join(tmp, 'themes');
    await cp(DEFAULTS.themes, themes, { recursive: true });
    await mkdir(path.join(themes, 'leaky'));
    await writeFile(path.join(themes, 'leaky', 'theme.css'), ':root { --accent: #333; }\n.reveal .slides section, .brief .page {\n  background: image-set("../../secret.png" 1x);\n}\n');
    const spec = path.join(tmp, 'leaky.yaml');
    await writeFile(spec, 'title: Leaky\ntheme: leaky\nlanguage: en\nsections: [targets]\n');
    const err = await build({ spec, themes, out: path.join(tmp, 'leaky-out'), pdf: true }, silentIo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toBe('the theme names a file outside its folder: ../../secret.png');
    expect((err as UserError).details.location).toEqual({ file: path.join(themes, 'leaky', 'theme.css'), line: 3, column: 25 });
    await expect(readFile(path.join(tmp, 'leaky-out', 'deck.pdf'))).rejects.toThrow();
  }, 60_000);

  it('a theme changed in the output folder after the check still cannot print an outside image: the browser refuses it', async () => {
    const out = path.join(tmp, 'tampered');
    const spec = path.join(tmp, 'plain.yaml');
    await writeFile(spec, 'title: Plain\ntheme: neutral\nlanguage: en\nsections: [targets]\n');
    const r = await build({ spec, out, pdf: false }, silentIo);
    // What the old regular expression let through, written straight into the output's copy of the theme.
    const themeDir = path.join(out, 'assets', 'themes', 'neutral');
    await cp(path.join(tmp, 'own.png'), path.join(themeDir, 'own.png'));
    const up = '../'.repeat(4); // assets/themes/neutral/ → out/ → tmp/
    await writeFile(
      path.join(themeDir, 'theme.css'),
      `${await readFile(path.join(DEFAULTS.themes, 'neutral', 'theme.css'), 'utf8')}
.reveal .slides section::before, .brief .content::before { content: ""; display: block; width: 41px; height: 29px; background: url(own.png); }
.reveal .slides section::after, .brief .content::after { content: ""; display: block; width: 37px; height: 23px; background: image-set("${up}secret.png" 1x); }
.reveal .slides section h2, .brief h1 { background: u\\72l(%2e%2e/${up}secret.png); }
`,
    );
    const messages: string[] = [];
    const writer = await OutputWriter.open(out);
    const result = await exportPdfs(
      {
        outDir: out,
        writer,
        meta: { title: 'Plain' },
        slideCount: r.briefing.slides.length,
        deckOutline: [],
        specFile: spec,
        notes: false,
        renderHandout: async () => '',
        session: {},
      },
      { out: () => {}, err: (l) => messages.push(l) },
    ).finally(() => writer.close());
    for (const name of ['deck.pdf', 'brief.pdf']) {
      const sizes = imageSizes(path.join(out, name));
      expect(sizes, name).toContain(OWN);
      expect(sizes, name).not.toContain(SECRET);
    }
    const secretUrl = pathToFileURL(path.join(tmp, 'secret.png')).href;
    expect(result.blocked).toContain(secretUrl);
    // Said as a warning that names the address.
    expect(messages.filter((m) => m.startsWith('warning: pdf: refused to load') && m.includes(secretUrl))).toHaveLength(1);
  }, 120_000);
});

describe('the Content-Security-Policy of the generated pages', () => {
  const policyOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];

  it('deck and brief forbid every other host, and still work from the folder: fonts load, slides fit, nothing is refused', async () => {
    const out = path.join(tmp, 'csp');
    const spec = path.join(tmp, 'csp.yaml');
    await writeFile(spec, 'title: Policy\nlanguage: bilingual\nsections: [targets, implementation]\n');
    await build({ spec, out, pdf: false }, silentIo);
    for (const name of ['deck.html', 'brief.html']) {
      const policy = policyOf(await readFile(path.join(out, name), 'utf8'));
      expect(policy, name).toMatch(/^default-src 'none'; /);
      expect(policy, name).not.toMatch(/https?:|\*|ws:/);
    }
    for (const [name, flag] of [['deck.html', 'deckReady'], ['brief.html', 'briefReady']] as const) {
      const page = await session.browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => errors.push(String(e)));
      try {
        await page.goto(pathToFileURL(path.join(out, name)).href, { waitUntil: 'load' });
        await page.waitForFunction((f: string) => document.documentElement.dataset[f] === 'true', { timeout: 30_000, polling: 100 }, flag);
        const state = await page.evaluate(async () => {
          await document.fonts.ready;
          const fonts = [document.fonts.check('1em "Noto Sans"', 'A'), document.fonts.check('1em "Noto Sans SC"', '中')];
          // A remote image and a remote fetch, as an injected script would try them: the policy refuses both.
          const violations: string[] = [];
          document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
          const img = document.createElement('img');
          const settled = new Promise((resolve) => img.addEventListener('error', resolve));
          img.src = 'https://example.com/pixel.png';
          document.body.append(img);
          const fetched = await fetch('https://example.com/x').then(() => 'fetched', () => 'refused');
          await settled;
          await new Promise((resolve) => setTimeout(resolve, 100)); // violation events are queued as tasks
          return { fonts, violations: violations.sort(), fetched, overflowing: document.documentElement.dataset.overflowing ?? '' };
        });
        expect(state.fonts, name).toEqual([true, true]);
        expect(state.violations, name).toEqual(['connect-src https://example.com/x', 'img-src https://example.com/pixel.png']);
        expect(state.fetched, name).toBe('refused');
        expect(state.overflowing, name).toBe('');
        // Only the two refusals made on purpose above.
        expect(errors.filter((e) => !e.includes('example.com')), name).toEqual([]);
      } finally {
        await page.close();
      }
    }
  }, 90_000);

  it('a standalone page has its own policy: inline code and data: only, not even a file beside it', async () => {
    const { makeStandalone, STANDALONE_CSP } = await import('../../src/render/standalone.js');
    const html = '<!doctype html><html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head><body></body></html>';
    const r = await makeStandalone(html, []);
    expect(policyOf(r.html)).toBe(STANDALONE_CSP);
    expect(STANDALONE_CSP).not.toMatch(/'self'[^;]*;(?<!frame-src 'self';)/);
    expect(STANDALONE_CSP.split('; ').filter((d) => d.includes("'self'"))).toEqual(["frame-src 'self'"]);
  });
});
