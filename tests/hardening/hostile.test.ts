/** Hostile text: spec fields and corpus Markdown never run as code, checked in a real browser. */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { markdownToHtml, markdownInline } from '../../src/render/markdown.js';
import { deckReady, launchBrowser, watchedPage } from '../helpers/browser.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const PAYLOAD = `<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)"><svg onload="alert(3)">`;

describe('corpus Markdown', () => {
  it('shows raw HTML as text and neutralises script links', () => {
    const html = markdownToHtml(`Text ${PAYLOAD}\n\n<div onclick="alert(4)">x</div>\n\n[click](javascript:alert(5)) ![i](javascript:alert(6))`);
    expect(html).not.toMatch(/<script|<img src=x|<svg|<div onclick/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
    expect(markdownInline('**bold** <b onmouseover=alert(1)>x</b>')).toBe('<strong>bold</strong> &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;');
  });
});

describe('spec text in a real browser', () => {
  it('title, subtitle, presenter and audience with HTML and script are shown as text; nothing runs, no dialog opens', async () => {
    const dir = await tempDir('xss');
    const content = path.join(dir, 'content');
    await cp(DEFAULTS.content, content, { recursive: true });
    // Hostile corpus Markdown too: a section whose English text carries the payload.
    const file = path.join(content, 'ai-plus-opinions', 'implementation.md');
    const { readFile } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace('::: en\n', `::: en\n${PAYLOAD}\n\n`));
    const spec = path.join(dir, 'xss.yaml');
    const q = JSON.stringify(PAYLOAD);
    await writeFile(spec, `title: ${q}\nsubtitle: ${q}\npresenter: ${q}\naudience: ${q}\nlanguage: en\nsections:\n  - implementation\n  - targets\n`);
    const out = path.join(dir, 'out');
    const err: string[] = [];
    expect(await main(['build', spec, '--content', content, '--out', out], { out: () => {}, err: (l) => err.push(l) }), err.join('\n')).toBe(0);

    const browser = await launchBrowser();
    try {
      for (const page of ['deck.html', 'brief.html']) {
        const { page: p, log } = await watchedPage(browser);
        const dialogs: string[] = [];
        p.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await p.goto(`file://${out}/${page}`);
        if (page === 'deck.html') await deckReady(p);
        else await p.waitForFunction(() => document.documentElement.dataset.briefReady === 'true', { polling: 100 });
        // Show the notes' slide too, so any payload in it would have had its chance.
        if (page === 'deck.html') await p.evaluate(() => (window as any).Reveal.slide(2));
        await new Promise((r) => setTimeout(r, 300));
        expect(dialogs, page).toEqual([]);
        expect(await p.evaluate(() => (window as any).__pwned), page).toBeUndefined();
        expect(await p.evaluate(() => document.querySelector('h1')?.textContent), page).toBe(PAYLOAD);
        expect(log.requests.filter((u) => u.endsWith('/x')), page).toEqual([]);
        await p.close();
      }
    } finally {
      await browser.close();
    }
  }, 90_000);
});

describe('paths a spec names', () => {
  it('refuses a theme that is a link to a folder outside themes/', async () => {
    const { mkdir, symlink } = await import('node:fs/promises');
    const { prepare } = await import('../../src/build.js');
    const { parseSpec } = await import('../../src/spec/parse.js');
    const { realCorpus } = await import('../helpers/corpus.js');
    const { userError } = await import('../helpers/errors.js');
    const dir = await tempDir('theme');
    const outside = path.join(dir, 'outside');
    const themes = path.join(dir, 'themes');
    await mkdir(outside);
    await mkdir(themes);
    await writeFile(path.join(outside, 'theme.css'), ':root{}');
    await symlink(outside, path.join(themes, 'evil'));
    await cp(path.join(DEFAULTS.themes, 'neutral'), path.join(themes, 'neutral'), { recursive: true });
    const corpus = await realCorpus();
    const spec = parseSpec('title: T\ntheme: evil\nsections: [targets]\n', 'spec.yaml');
    const e = await prepare(spec, corpus, themes).then(
      () => undefined,
      (err: unknown) => userError(() => { throw err; }),
    );
    expect(e?.message).toBe('theme "evil" points outside the themes folder');
    expect(e?.details.location).toMatchObject({ file: 'spec.yaml', line: 2 });
    await expect(prepare(parseSpec('title: T\ntheme: neutral\nsections: [targets]\n', 'spec.yaml'), corpus, themes)).resolves.toBeTruthy();
  });
});
