import { readFile, realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { UserError } from '../errors.js';

export interface LiveState {
  /** The message of the last failed build, or undefined when the last build worked. */
  error?: string;
}

export interface LiveServer {
  url: string;
  port: number;
  /** Tell open pages: reload (the build worked) or show this error. */
  broadcast(state: LiveState): void;
  close(): Promise<void>;
}

const LIVE_PATH = '/__briefing/';

/** Where `urlPath` points inside `root`, or undefined when it would leave it (`..`, encoded or not, or a symlink out). */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return undefined;
  const target = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const rootReal = await realpath(root);
  const real = await realpath(target).catch(() => undefined);
  if (!real) return undefined;
  const rel = path.relative(rootReal, real);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : real;
}

/**
 * Serve the build output folder, and nothing else, with a live-reload channel: HTML pages get a small script that
 * listens to /__briefing/events (server-sent events) and reloads, or shows the build error over the page.
 */
/** Extra routes (the composer): exact path → handler; a path ending in * matches everything under it. */
export type Routes = Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>>;

export async function startServer(options: { root: string; host: string; port: number; liveScript: string; state: () => LiveState; routes?: Routes }): Promise<LiveServer> {
  const clients = new Set<http.ServerResponse>();
  const statics = sirv(options.root, { dev: true, dotfiles: false, etag: true });
  const send = (res: http.ServerResponse, state: LiveState, initial: boolean) => {
    if (state.error) res.write(`event: failed\ndata: ${JSON.stringify({ message: state.error })}\n\n`);
    else res.write(`event: ${initial ? 'ok' : 'reload'}\ndata: {}\n\n`);
  };

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0]!;
    // /deck.html/ or /compose/: the page's relative links would resolve under a folder that is not there.
    if (pathname.length > 1 && pathname.endsWith('/') && !pathname.startsWith('//')) {
      res.writeHead(301, { location: pathname.replace(/\/+$/, '') + url.slice(pathname.length) }).end();
      return;
    }
    const route =
      options.routes?.[pathname] ??
      Object.entries(options.routes ?? {}).find(([k]) => k.endsWith('*') && pathname.startsWith(k.slice(0, -1)))?.[1];
    if (route) {
      try {
        await route(req, res);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, errors: [{ message: err instanceof Error ? err.message : String(err) }] }));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.startsWith(LIVE_PATH)) {
      if (url.startsWith(`${LIVE_PATH}live.js`)) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(options.liveScript);
      } else if (url.startsWith(`${LIVE_PATH}events`)) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        send(res, options.state(), true);
        clients.add(res);
        req.on('close', () => clients.delete(res));
      } else if (url.startsWith(`${LIVE_PATH}status`)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.state()));
      } else res.writeHead(404).end('not found');
      return;
    }
    if (url === '/' || url.startsWith('/?')) {
      res.writeHead(302, { location: '/deck.html' }).end();
      return;
    }
    const file = await resolveInside(options.root, url);
    if (!file && /^\/(deck|brief)\.html(\?|#|$)/.test(url)) {
      // Nothing built yet (the first build failed): a blank page that shows the error and reloads when fixed.
      const placeholder = `<!doctype html><meta charset="utf-8"><title>briefing</title><body><script src="${LIVE_PATH}live.js"></script></body>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(placeholder);
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // Composer previews are refreshed by the composer itself; the live script would report the main build instead.
    if (file.endsWith('.html') && !pathname.startsWith('/preview/')) {
      const html = await readFile(file, 'utf8').catch(() => undefined);
      if (html === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      const tag = `<script src="${LIVE_PATH}live.js"></script>`;
      const body = html.includes('</body>') ? html.replace('</body>', `${tag}\n</body>`) : html + tag;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
      return;
    }
    statics(req, res, () => {
      res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new UserError(`port ${options.port} on ${options.host} is already in use`, { hint: 'choose another with --port, or leave --port out for a free one' }));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new UserError(`cannot listen on ${options.host}: no such address on this machine`, { hint: 'use --host 127.0.0.1 (the default), or an address of this machine' }));
      else if (err.code === 'EACCES') reject(new UserError(`not allowed to listen on port ${options.port}`, { hint: 'ports below 1024 need privileges: choose another with --port' }));
      else reject(err);
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    broadcast: (state) => {
      for (const c of clients) send(c, state, false);
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
