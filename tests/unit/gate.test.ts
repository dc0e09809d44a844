/** The export browser's default-deny rule, without a browser: which URLs a page of an output folder may load. */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileGate } from '../../src/export/gate.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let tmp: string;
let out: string;
beforeAll(async () => {
  tmp = await tempDir('gate');
  out = path.join(tmp, 'out');
  await mkdir(path.join(out, 'assets'), { recursive: true });
  await mkdir(path.join(tmp, 'elsewhere'));
  await writeFile(path.join(out, 'deck.html'), '');
  await writeFile(path.join(out, 'assets', 'a.css'), '');
  await writeFile(path.join(tmp, 'secret.png'), '');
  await writeFile(path.join(tmp, 'elsewhere', 'x.png'), '');
  await symlink(path.join(tmp, 'secret.png'), path.join(out, 'link.png'));
  await symlink(path.join(tmp, 'elsewhere'), path.join(out, 'linked-dir'));
  await symlink(path.join(out, 'assets', 'a.css'), path.join(out, 'inner-link.css'));
});

const href = (p: string) => pathToFileURL(p).href;

describe('fileGate', () => {
  it('lets data: URLs, about:blank and the folder’s own files through, links that stay inside too', async () => {
    const gate = fileGate(out);
    for (const url of ['data:image/png;base64,AAAA', 'about:blank', href(path.join(out, 'deck.html')), `${href(path.join(out, 'assets', 'a.css'))}?v=2#x`, href(path.join(out, 'inner-link.css')), href(path.join(out, 'assets', 'not-there.woff2'))]) {
      expect(await gate.allows(url), url).toBe(true);
    }
  });

  it('refuses everything else: files outside, links out of the folder, encoded tricks, hosts and other schemes', async () => {
    const gate = fileGate(out);
    const refused = [
      href(path.join(tmp, 'secret.png')),
      `${href(out)}/../secret.png`,
      `${href(out)}/assets/%2e%2e/%2E%2E/secret.png`,
      `${href(out)}/assets%2f..%2f..%2fsecret.png`,
      href(path.join(out, 'link.png')),
      href(path.join(out, 'linked-dir', 'x.png')),
      href(path.join(out, 'linked-dir', 'missing.png')),
      `${href(out)}-sibling/x.png`,
      'file://host/share/x.png',
      'http://127.0.0.1:8080/deck.html',
      'https://example.com/x.png',
      'blob:null/1234',
      'chrome://settings',
      'about:srcdoc',
      'javascript:alert(1)',
    ];
    for (const url of refused) expect(await gate.allows(url), url).toBe(false);
  });

  it('decides a path once: the second request is answered at once, without the file system', async () => {
    const gate = fileGate(out);
    const url = href(path.join(out, 'deck.html'));
    expect(gate.allows(url)).toBeInstanceOf(Promise);
    expect(await gate.allows(url)).toBe(true);
    expect(gate.allows(url)).toBe(true);
    expect(gate.allows(`${url}?again`)).toBe(true);
  });
});
