import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from '../build.js';
import { formatError } from '../errors.js';
import type { Io } from '../log.js';
import { DEFAULTS } from '../paths.js';
import { checkOutFolder, defaultOutDir } from '../output/index.js';
import { startServer, type LiveServer, type LiveState } from './server.js';
import { composeRoutes } from './compose.js';
import { watchFile } from './watch-file.js';

export interface ServeOptions {
  /** What to build: a spec file (watched); `out` default `out/<spec name>/`, claimed for the spec as `build` does. */
  build: BuildOptions & { spec: string };
  host: string;
  port: number;
  open: boolean;
  /** The page to open: /deck.html, or /compose for the composer. */
  openPath?: string;
  /** Milliseconds to wait after a change before rebuilding (changes often come in bursts). */
  debounce?: number;
}

export interface Serving {
  server: LiveServer;
  /** Resolves after the next rebuild that a change triggered (for tests). */
  rebuilt(): Promise<LiveState>;
  close(): Promise<void>;
}

/** A failed build as the page's overlay and the terminal show it (formatted where the CLI formats it). */
function describe(err: unknown): string {
  const { lines, internal } = formatError(err);
  // A bug's stack stays in the terminal; the page gets its message.
  if (internal) return err instanceof Error ? err.message : String(err);
  return lines.map((l) => l.replace(/^error: /, '')).join('\n\n');
}

/** Open a URL in the user's browser; quietly does nothing when there is none (CI, SSH). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    spawn(cmd, args as string[], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch {
    /* no opener: the URL is printed anyway */
  }
}

/**
 * Build, serve the output folder on the loopback interface, rebuild when the spec, content/, templates/ or themes/
 * change, and tell open pages to reload (they come back on the slide they show: the live script asks reveal.js
 * where it is, see templates/serve/live.js). A failed build keeps the server and the last good output, and shows the error in the page and here.
 */
export async function serve(options: ServeOptions, io: Io): Promise<Serving> {
  let state: LiveState = {};
  const runBuild = async (): Promise<LiveState> => {
    const t0 = performance.now();
    try {
      // Serving is about the HTML: a spec's "pdf: true" is for `briefing build`, not for every rebuild.
      const r = await build({ ...options.build, pdf: false }, { out: () => {}, err: (l) => io.err(l) });
      io.err(`rebuilt ${r.briefing.slides.length} slides in ${Math.round(performance.now() - t0)} ms`);
      return {};
    } catch (err) {
      io.err(`build failed:\n${formatError(err).lines.join('\n')}`);
      return { error: describe(err) };
    }
  };
  // The folder the build writes (the same default as `briefing build`, and, like it, claimed for this spec by the
  // build: two specs never share one). Refused before anything is made (or watched) there when it is one of the
  // project's own folders.
  const out = path.resolve(options.build.out ?? defaultOutDir(options.build.spec));
  await checkOutFolder(out, { content: options.build.content, templates: options.build.templates, themes: options.build.themes });
  await mkdir(out, { recursive: true });
  const liveScript = await readFile(path.join(DEFAULTS.templates, 'serve', 'live.js'), 'utf8');
  const routes = composeRoutes({ specFile: path.resolve(options.build.spec), host: options.host, out, content: options.build.content ?? DEFAULTS.content });
  // Listen first: a port in use is reported at once, not after a build.
  const server = await startServer({ root: out, host: options.host, port: options.port, liveScript, state: () => state, routes, log: (l) => io.err(l) });
  state = await runBuild();
  server.broadcast(state);
  io.out(`serving ${server.url}/deck.html  (brief: ${server.url}/brief.html, composer: ${server.url}/compose)`);
  io.err('watching the spec, content/, templates/ and themes/ — Ctrl-C to stop');
  if (options.open) openBrowser(`${server.url}${options.openPath ?? '/deck.html'}`);

  const { watch } = await import('chokidar');
  const watched = [options.build.content ?? DEFAULTS.content, options.build.templates ?? DEFAULTS.templates, options.build.themes ?? DEFAULTS.themes];
  const settle = { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 } };
  const watcher = watch(watched, settle);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let waiters: ((s: LiveState) => void)[] = [];
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        state = await runBuild();
        server.broadcast(state);
      } while (again);
      const w = waiters;
      waiters = [];
      for (const fn of w) fn(state);
    })();
    await running;
    running = undefined;
  };
  const changed = (file: string) => {
    io.err(`changed: ${path.relative(process.cwd(), file)}`);
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), options.debounce ?? 120);
  };
  watcher.on('all', (_event, file) => changed(file));
  // The spec is watched through its folder, which may itself be deleted and made again: see watchFile.
  const specWatch = watchFile(options.build.spec, settle, changed);
  await Promise.all([new Promise<void>((resolve) => watcher.once('ready', () => resolve())), specWatch.ready]);

  return {
    server,
    rebuilt: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {
      clearTimeout(timer);
      await Promise.all([watcher.close(), specWatch.close()]);
      await server.close();
    },
  };
}
