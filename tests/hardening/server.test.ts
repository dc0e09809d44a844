/**
 * The server as a hostile web page or client would meet it: Host headers of other sites (DNS rebinding), dotfiles,
 * bodies that are not JSON, of the wrong shape or too large; and a spec folder deleted and made again.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Serving } from '../../src/serve/index.js';
import { allowedHost } from '../../src/serve/server.js';
import { DEFAULTS } from '../../src/paths.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

let serving: Serving;
let dir: string;
let specFile: string;
let out: string;
let original: string;
let port: number;
const log: string[] = [];

beforeAll(async () => {
  dir = await tempDir('server');
  specFile = path.join(dir, 'specs', 'talk.yaml');
  out = path.join(dir, 'out');
  await mkdir(path.dirname(specFile));
  await cp(path.join(DEFAULTS.specs, 'governance-safety.yaml'), specFile);
  original = await readFile(specFile, 'utf8');
  serving = await serve({ build: { spec: specFile, out }, host: '127.0.0.1', port: 0, open: false, debounce: 50 }, { out: (l) => log.push(l), err: (l) => log.push(l) });
  port = serving.server.port;
}, 60_000);
afterAll(async () => {
  await serving?.close();
});

/** A request with any Host header (fetch does not let a caller set it). */
function request(pathname: string, options: { host?: string; method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (route: string, body: string | Buffer) => request(`/__briefing/compose/${route}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('Host header', () => {
  const routes = ['/deck.html', '/brief.html', '/assets/deck.css', '/preview/deck.html', '/compose', '/compose/compose.js', '/__briefing/status', '/__briefing/live.js', '/__briefing/compose/corpus', '/__briefing/compose/state', '/'];

  it('another site\'s name that resolves here gets 403 on every route', async () => {
    for (const host of ['evil.com', `evil.com:${port}`, `127.0.0.1.evil.com:${port}`, `localhost.evil.com:${port}`]) {
      for (const route of routes) {
        const r = await request(route, { host });
        expect(r.status, `${host} ${route}`).toBe(403);
        expect(r.body).not.toContain(dir);
      }
    }
    // The live-reload channel too (it carries build errors with local paths).
    expect((await request('/__briefing/events', { host: 'evil.com' })).status).toBe(403);
  });

  it('loopback names with the server\'s port are served', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const r = await request('/deck.html', { host });
      expect(r.status, host).toBe(200);
      expect(r.body).toContain('<section');
    }
    expect((await request('/__briefing/status')).status).toBe(200);
    // A forwarded port (ssh -L 9000:localhost:<port>) arrives with the port the browser used.
    expect((await request('/deck.html', { host: 'localhost:9000' })).status).toBe(200);
  });

  it('allowedHost: loopback names, IP addresses and the --host given, with any port', () => {
    expect(allowedHost('localhost:8080', '127.0.0.1')).toBe(true);
    expect(allowedHost('app.localhost:8080', '127.0.0.1')).toBe(true);
    expect(allowedHost('192.168.1.20:8080', '0.0.0.0')).toBe(true);
    expect(allowedHost('[fe80::1]:8080', '::')).toBe(true);
    expect(allowedHost('mybox.lan:8080', 'mybox.lan')).toBe(true);
    expect(allowedHost('mybox.lan:8080', '0.0.0.0')).toBe(false);
    expect(allowedHost('localhost', '127.0.0.1')).toBe(true);
    expect(allowedHost('localhost:99999', '127.0.0.1')).toBe(false);
    expect(allowedHost('evil.com:8080', '127.0.0.1')).toBe(false);
    expect(allowedHost(undefined, '127.0.0.1')).toBe(false);
    expect(allowedHost('a:b:c', '127.0.0.1')).toBe(false);
  });
});

describe('dotfiles', () => {
  it('no path with a segment starting with "." is served, encoded or not', async () => {
    await writeFile(path.join(out, '.secret'), 'secret');
    await writeFile(path.join(out, 'assets', '.env'), 'TOKEN=1');
    await mkdir(path.join(out, '.git'), { recursive: true });
    await writeFile(path.join(out, '.git', 'config'), '[core]');
    for (const p of ['/.secret', '/%2esecret', '/assets/.env', '/assets/%2Eenv', '/.git/config', '/.git/', '/assets/./.env']) {
      const r = await request(p);
      expect([404, 301], p).toContain(r.status);
      expect(r.body, p).not.toMatch(/secret|TOKEN|\[core\]/);
    }
  });
});

describe('composer API bodies', () => {
  it('malformed JSON: 400 saying so, no internal error text', async () => {
    for (const body of ['{', 'not json', '{"title": "x",}', '']) {
      const r = await api('preview', body);
      expect(r.status, body).toBe(400);
      const j = JSON.parse(r.body) as { ok: boolean; errors: { message: string }[] };
      expect(j.ok).toBe(false);
      expect(j.errors[0]!.message).toBe('the request is not valid JSON');
      expect(r.body).not.toMatch(/Unexpected|SyntaxError|at .*\.(ts|js)|\/work\//);
    }
  });

  it('wrong shapes: 400 naming the field', async () => {
    for (const [route, body, field] of [
      ['preview', '[]', 'the body'],
      ['preview', 'null', 'the body'],
      ['preview', '{"title":"x","language":"en","theme":"official","entries":"all"}', 'entries'],
      ['save', '{"title":"x","language":"en","theme":"official","entries":[{"kind":"area","area":3}]}', 'entries.0.area'],
      ['pdf', '{"title":"x","language":"fr","theme":"official","entries":[]}', 'language'],
      ['download', '{"title":{"a":1},"language":"en","theme":"official","entries":[]}', 'title'],
    ] as const) {
      const r = await api(route, body);
      expect(r.status, body).toBe(400);
      expect(r.body).toContain(`the request is not a composer state: ${field}`);
      expect(r.body).not.toMatch(/at .*\.(ts|js):\d+|\/work\//);
    }
    expect(log.join('\n')).not.toContain('internal error');
  });

  it('a body over 1 MB: 413', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(10 * 2 ** 20), language: 'en', theme: 'official', entries: [] });
    const r = await api('preview', big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].message).toContain('request too large');
  });

  it('a malformed font name is 404, not an internal error', async () => {
    const r = await request('/compose/font/%E0%A4%A');
    expect(r.status).toBe(404);
    expect(log.join('\n')).not.toContain('internal error');
  });

  it('a valid state still previews', async () => {
    const r = await api('preview', JSON.stringify({ title: 'T', language: 'en', theme: 'official', entries: [{ kind: 'area', area: 'governance' }] }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
  }, 60_000);

  it('the preview, served from memory: its own files only; nothing outside them, encoded or not', async () => {
    const r = await api('preview', JSON.stringify({ title: 'T', language: 'en', theme: 'official', entries: [{ kind: 'area', area: 'governance' }] }));
    expect(JSON.parse(r.body).ok).toBe(true);
    const deck = await request('/preview/deck.html');
    expect(deck.status).toBe(200);
    expect(deck.body).toContain('id="governance"');
    expect(deck.body).toMatch(/<script src="\/__briefing\/live\.js" data-build="\d+"><\/script>/);
    expect((await request('/preview/assets/deck.css')).status).toBe(200);
    expect((await request('/preview/assets/deck.css')).headers['content-type']).toMatch(/^text\/css/);
    for (const p of ['/preview/../package.json', '/preview/%2e%2e/%2e%2e/package.json', '/preview/assets/..%2f..%2f..%2fpackage.json', '/preview/manifest.json', '/preview/.briefing.json', '/preview/nothing.html', '/preview/assets/deck.css/x']) {
      expect((await request(p)).status, p).toBe(404);
    }
    expect((await request('/preview/deck.html', { host: `evil.com:${port}` })).status).toBe(403);
    // Nothing was written for it.
    await expect(readFile(path.join(out, 'preview', 'deck.html'))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe('the spec folder', () => {
  it('deleted and made again: the new spec is picked up', async () => {
    await serving.idle();
    const gone = serving.rebuilt();
    await rm(path.dirname(specFile), { recursive: true, force: true });
    expect((await gone).error).toMatch(/not found|cannot be read|no such/i);
    // Give the watcher a moment to notice the folder is gone before it comes back (an editor or git checkout).
    await new Promise((r) => setTimeout(r, 300));
    await serving.idle();
    const back = serving.rebuilt();
    await mkdir(path.dirname(specFile));
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Folder came back'));
    expect((await back).error).toBeUndefined();
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toContain('Folder came back');
    // And it keeps watching it.
    await serving.idle();
    const again = serving.rebuilt();
    await writeFile(specFile, original.replace(/^title: .*$/m, 'title: Still watched'));
    expect((await again).error).toBeUndefined();
    expect(await readFile(path.join(out, 'deck.html'), 'utf8')).toContain('Still watched');
  }, 60_000);
});
