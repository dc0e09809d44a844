import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { formatUserError, UserError, UserErrors } from '../errors.js';
import type { DeckUpdate } from './deck-parts.js';

export interface LiveState {
  /** The message of the last failed build, or undefined when the last build worked. */
  error?: string;
}

/** What a rebuild changed: the pages whose text changed, and any other file (then the pages reload). */
export interface LiveChanges {
  pages: string[];
  assets: string[];
  /**
   * The builds compared (`to`, the new one, against `from`): a page of build `from` that is not in `pages` is as
   * build `to` has it, and takes the updates that come from `to`.
   */
  from?: number;
  to?: number;
  /** deck.html's new slides, to be swapped in without fetching the page (see deckUpdate). */
  deck?: DeckUpdate;
}

/**
 * A file served from memory instead of the output folder: a page rendered but not written yet, or a composer
 * preview (never written). `build`: the number of the build a page comes from (the live script updates from it).
 */
export type MemoryFile = { content: string | Uint8Array; build?: number } | { from: string };

/** The content types of the files serve sends (a page, its assets, the composer's own files). */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The content type a file is sent with, by its extension. */
export function contentType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface LiveServer {
  url: string;
  port: number;
  /**
   * Tell open pages: the build worked (with what changed, when known: the pages whose bytes changed, and any other
   * file; without it they reload) or show this error.
   */
  broadcast(state: LiveState, changes?: LiveChanges): void;
  close(): Promise<void>;
}

const LIVE_PATH = '/__briefing/';

/** An answer for a request that is wrong (400, 413…): its message is for the client; nothing internal in it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Whether a request's Host header names this server: a loopback name (localhost, *.localhost, 127.0.0.1, [::1]), an
 * IP address, or the --host given (with any port). Anything else is another site's name that resolves
 * here (DNS rebinding), so a web page elsewhere could read the deck, the composer's preview or local paths in
 * errors: refused, like Vite's allowedHosts. IP addresses cannot be rebound, so --host 0.0.0.0 reached by the
 * machine's LAN address still works.
 */
export function allowedHost(header: string | undefined, listenHost: string): boolean {
  if (!header) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(header.trim());
  if (!m) return false;
  const name = m[1]!.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  // Any port: the name is what a rebinding attack controls; a forwarded port (ssh -L 9000:localhost:8080) still works.
  if (m[2] !== undefined && Number(m[2]) > 65535) return false;
  const listen = listenHost.toLowerCase().replace(/^\[|\]$/g, '');
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || isIP(name) !== 0 || name === listen;
}

/** A page with the live script, which knows the build the page comes from. */
function withLiveScript(html: string, build: number | undefined): string {
  const tag = `<script src="${LIVE_PATH}live.js"${build === undefined ? '' : ` data-build="${build}"`}></script>`;
  return html.includes('</body>') ? html.replace('</body>', `${tag}\n</body>`) : html + tag;
}

/** The header that tells the live script which build a page it fetched comes from. */
const buildHeader = (build: number | undefined): Record<string, string> => (build === undefined ? {} : { 'x-briefing-build': String(build) });

/** The memory file for a request's path, with its name, if there is one. */
function memoryFile(memory: ((rel: string) => MemoryFile | undefined) | undefined, pathname: string): [string, MemoryFile] | undefined {
  if (!memory) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(pathname).replace(/^\//, '');
  } catch {
    return undefined;
  }
  const f = memory(rel);
  return f ? [rel, f] : undefined;
}

/** Answer with a file from memory (a page gets the live script), or a copy it names (with an ETag of its stamp). */
async function sendMemory(req: http.IncomingMessage, res: http.ServerResponse, rel: string, f: MemoryFile): Promise<void> {
  const type = contentType(rel);
  if ('content' in f) {
    const page = type.startsWith('text/html') && typeof f.content === 'string';
    const body = page ? withLiveScript(f.content as string, f.build) : f.content;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(page ? buildHeader(f.build) : {}) }).end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const st = await stat(f.from).catch(() => undefined);
  if (!st) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const etag = `W/"${st.size}-${Math.round(st.mtimeMs)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
    return;
  }
  const body = await readFile(f.from);
  res.writeHead(200, { 'content-type': type, etag, 'cache-control': 'no-cache', 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
}

/** A path with a segment that starts with a dot (.git, .env, .DS_Store): never served. */
const hasDotSegment = (p: string) => p.split(/[\\/]/).some((seg) => seg.startsWith('.') && seg !== '.');

/** Where `urlPath` points inside `root`, or undefined when it would leave it (`..`, encoded or not, or a symlink out). */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..') || hasDotSegment(decoded)) return undefined;
  const target = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  // The output folder itself may be gone for a moment (deleted by hand while serving): nothing to serve then.
  const rootReal = await realpath(root).catch(() => undefined);
  if (!rootReal) return undefined;
  const real = await realpath(target).catch(() => undefined);
  if (!real) return undefined;
  const rel = path.relative(rootReal, real);
  return rel.startsWith('..') || path.isAbsolute(rel) || hasDotSegment(rel) ? undefined : real;
}

/**
 * Serve the build output folder, and nothing else, with a live-reload channel: HTML pages get a small script that
 * listens to /__briefing/events (server-sent events) and reloads, or shows the build error over the page.
 */
/** Extra routes (the composer): exact path → handler; a path ending in * matches everything under it. */
export type Routes = Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>>;

export async function startServer(options: {
  root: string;
  host: string;
  port: number;
  liveScript: string;
  state: () => LiveState;
  routes?: Routes;
  log?: (line: string) => void;
  /**
   * Files served from memory, looked up by their exact path (decoded, without the leading /) before the output
   * folder; nothing else is looked up there.
   */
  memory?: (rel: string) => MemoryFile | undefined;
  /** The number of the build whose pages are in the output folder (for the live script); default none. */
  writtenBuild?: () => number | undefined;
}): Promise<LiveServer> {
  const clients = new Set<http.ServerResponse>();
  const statics = sirv(options.root, { dev: true, dotfiles: false, etag: true });
  const send = (res: http.ServerResponse, state: LiveState, initial: boolean, changes?: LiveChanges) => {
    if (state.error) res.write(`event: failed\ndata: ${JSON.stringify({ message: state.error })}\n\n`);
    else res.write(`event: ${initial ? 'ok' : 'reload'}\ndata: ${JSON.stringify(changes ?? {})}\n\n`);
  };

  const server = http.createServer(async (req, res) => {
    const url = req.url ?? '/';
    const { port } = server.address() as AddressInfo;
    if (!allowedHost(req.headers.host, options.host)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`refused: the host name "${String(req.headers.host ?? '').slice(0, 100)}" is not this server (use http://127.0.0.1:${port}/ or the --host given)\n`);
      return;
    }
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
        // A bad request says what is wrong with it; anything else is ours: logged here, never sent (local paths).
        const known = err instanceof HttpError;
        // A user error (a broken corpus file) is a message for the user, never a stack trace.
        const users = err instanceof UserErrors ? err.errors : err instanceof UserError ? [err] : [];
        if (!known && !users.length) options.log?.(`internal error answering ${pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        const message = known ? err.message : users.length ? users.map(formatUserError).join('\n\n') : 'internal error (see the terminal running briefing)';
        if (!res.headersSent) res.writeHead(known ? err.status : 500, { 'content-type': 'application/json; charset=utf-8', ...(known && err.status === 413 ? { connection: 'close' } : {}) });
        res.end(JSON.stringify({ ok: false, errors: [{ message, hint: known ? (err.hint ?? null) : null, text: message }] }));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.startsWith(LIVE_PATH)) {
      if (url.startsWith(`${LIVE_PATH}live.js`)) {
        res.writeHead(200, { 'content-type': contentType('live.js'), 'cache-control': 'no-store' }).end(options.liveScript);
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
    const inMemory = memoryFile(options.memory, pathname);
    if (inMemory) {
      await sendMemory(req, res, inMemory[0], inMemory[1]);
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
    // Every page gets the live script; in the composer's previews it listens to nothing (the composer updates them
    // itself: the events are about the main build), it only lets the composer swap slides in.
    if (file.endsWith('.html')) {
      const html = await readFile(file, 'utf8').catch(() => undefined);
      if (html === undefined) {
        res.writeHead(404).end('not found');
        return;
      }
      const build = options.writtenBuild?.();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...buildHeader(build) }).end(withLiveScript(html, build));
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
    broadcast: (state, changes) => {
      for (const c of clients) send(c, state, false, changes);
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
