import { spawn } from 'node:child_process';
import { lstat, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions } from '../build.js';
import { loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { formatError } from '../errors.js';
import type { Io } from '../log.js';
import type { AssetFile } from '../render/assets.js';
import { DEFAULTS } from '../paths.js';
import { checkOutFolder, defaultOutDir } from '../output/index.js';
import { startServer, type LiveChanges, type LiveServer, type LiveState } from './server.js';
import { composer } from './compose.js';
import { watchFile } from './watch-file.js';
import { isPage } from '../output/writer.js';
import { pageText } from '../build/page-cache.js';
import { changesSince, Renderer, renderInMemory, snapshotOf, writeRendered, type RenderSnapshot } from './live-build.js';
import { importPackage } from '../util/import-package.js';
import { nowMs } from '../util/clock.js';

export interface ServeOptions {
  /** What to build: a spec file (watched); `out` default `out/<spec name>/`, claimed for the spec as `build` does. */
  build: BuildOptions & { spec: string };
  host: string;
  port: number;
  open: boolean;
  /** The page to open: /deck.html, or /compose for the composer. */
  openPath?: string;
  /** Milliseconds to wait after a change before rebuilding (a save is often a burst of events); default 1. */
  debounce?: number;
  /**
   * Milliseconds after the last change when the changed files are looked at again (a write still going on when the
   * build read them is built again) and a failed build is reported; default 60.
   */
  settle?: number;
}

export interface Serving {
  server: LiveServer;
  /** Resolves when the next rebuild that a change triggered is told to the pages and written (for tests). */
  rebuilt(): Promise<LiveState>;
  /**
   * Resolves once serve is quiet: no build running or due, and the files the last build read have settled (for tests
   * and benchmarks, so that the next change they make is not met by a rebuild of an earlier one). It knows only the
   * changes the watchers have reported: an event the file system delivers later still starts a build.
   */
  idle(): Promise<void>;
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
 * The files of a render that are in the output folder with the size they should have: a regular file (not a link)
 * as long as its source (a copy) or its bytes (written from memory). One lstat each, all at once.
 */
async function unchangedFiles(out: string, files: readonly AssetFile[]): Promise<Set<string>> {
  const checks = await Promise.all(
    files.map(async (f) => {
      const [target, size] = await Promise.all([
        lstat(path.join(out, f.to)).catch(() => undefined),
        'from' in f ? stat(f.from).then((s) => s.size, () => -1) : Buffer.byteLength(f.content),
      ]);
      return target?.isFile() && target.size === size ? f.to : undefined;
    }),
  );
  return new Set(checks.filter((t): t is string => t !== undefined));
}

/** A file as it is now (inode, size, time), or "gone": a write still going on changes it. */
const stamp = (file: string) =>
  stat(file).then(
    (st) => `${st.ino}:${st.size}:${st.mtimeMs}`,
    () => 'gone',
  );

/**
 * Build, serve the output folder on the loopback interface, rebuild when the spec, content/, templates/ or themes/
 * change, and tell open pages what changed: a deck whose slides alone changed swaps them in place, on the slide it
 * shows; anything else reloads (on the slide it shows: the live script asks reveal.js where it is, see
 * templates/serve/live.js). A failed build keeps the server and the last good output, and shows the error in the
 * page and here.
 *
 * Fast by keeping things: the corpus is loaded once and again only when content/ changes, a change is built at once
 * (no waiting for writes to settle), in memory, and when only pages changed the open pages are told before the output
 * is written, the deck's new slides with the news (the pages are served from memory until written). A write still
 * going on is caught afterwards: `settle` ms after the last change the changed files are looked at again, and built again if
 * they moved on since the build read them; a failed build is reported only then (a half-written file is not an
 * error to show).
 */
export async function serve(options: ServeOptions, io: Io): Promise<Serving> {
  let state: LiveState = {};
  const content = path.resolve(options.build.content ?? DEFAULTS.content);
  // The corpus, kept between builds: loaded again when a file under content/ changes (or the last load failed).
  let corpus: Promise<Corpus> | undefined;
  const keptCorpus = (): Promise<Corpus> => {
    const loading = (corpus ??= loadCorpus(content));
    loading.catch(() => {
      if (corpus === loading) corpus = undefined;
    });
    return loading;
  };
  // What renders keep (the templates, loaded again when templates/ changes; each slide's HTML; the last few font
  // plans), for serve and composer.
  const renderer = new Renderer();
  const templatesDir = path.resolve(options.build.templates ?? DEFAULTS.templates);
  // The builds, numbered: the last one rendered (its pages, cut for updates, and what its other files are), the one
  // in the output folder, and the pages of one rendered but not written yet (served from memory meanwhile).
  let builds = 0;
  let last: RenderSnapshot | undefined;
  let written: number | undefined;
  let unwritten: { build: number; pages: Map<string, string> } | undefined;
  // What the last write put in the output folder (the folder's inode, the assets' signature, the pages): the next
  // write, with the same assets into the same folder, writes only the pages that changed. (The same signature means
  // the same copied sources and the same bytes of every other file: see assetSignature.)
  let disk: { ino: number; assets: string; pages: Map<string, string> } | undefined;
  const folderInode = () => stat(out).then((st) => st.ino, () => undefined);
  /**
   * Render in memory, tell the open pages at once when only pages changed (the deck's new slides go with the news),
   * then write the output folder; anything else (an asset changed, the first build) is told once written.
   */
  const runBuild = async (early: (changes: LiveChanges) => void): Promise<{ state: LiveState; changes?: LiveChanges; told?: boolean }> => {
    const t0 = nowMs();
    try {
      const r = await renderInMemory({ ...options.build, corpus: await keptCorpus() }, { out: () => {}, err: (l) => io.err(l) }, renderer);
      const build = ++builds;
      const now: RenderSnapshot = { ...(await snapshotOf(r)), build };
      const { assets } = now;
      const before = last;
      last = now;
      const changes = before ? changesSince(before, now) : undefined;
      unwritten = { build, pages: r.pages };
      const told = !!changes && !changes.assets.length;
      if (told) early(changes!);
      try {
        const kept = disk && disk.assets === assets && disk.ino === (await folderInode()) ? disk : undefined;
        disk = undefined;
        // Only a file still in the folder as it was written (one deleted or changed by hand is written again).
        const present = kept ? await unchangedFiles(out, r.files) : new Set<string>();
        const skip = (f: AssetFile) => !!kept && present.has(f.to) && (!isPage(f.to) || kept.pages.get(f.to) === ('content' in f ? pageText(f.content) : undefined));
        await writeRendered(r, out, { claim: !options.build.out, folders: { content, ...(options.build.templates ? { templates: options.build.templates } : {}), ...(options.build.themes ? { themes: options.build.themes } : {}) }, io, skip });
        written = build;
        const ino = await folderInode();
        if (ino !== undefined) disk = { ino, assets, pages: r.pages };
      } finally {
        if (unwritten?.build === build) unwritten = undefined;
      }
      io.err(`rebuilt ${r.briefing.slides.length} slides in ${Math.round(nowMs() - t0)} ms`);
      return { state: {}, ...(changes ? { changes } : {}), told };
    } catch (err) {
      io.err(`build failed:\n${formatError(err).lines.join('\n')}`);
      return { state: { error: describe(err) } };
    }
  };
  // The folder the build writes (the same default as `briefing build`, and, like it, claimed for this spec by the
  // build: two specs never share one). Refused before anything is made (or watched) there when it is one of the
  // project's own folders.
  const out = path.resolve(options.build.out ?? defaultOutDir(options.build.spec));
  await checkOutFolder(out, { content: options.build.content, templates: options.build.templates, themes: options.build.themes });
  await mkdir(out, { recursive: true });
  const liveScript = await readFile(path.join(DEFAULTS.templates, 'serve', 'live.js'), 'utf8');
  const composing = composer({ specFile: path.resolve(options.build.spec), host: options.host, out, content, corpus: () => keptCorpus(), renderer });
  // The pages of a build not written yet, and the composer's previews, are served from memory.
  const memory = (rel: string) => {
    const page = unwritten?.pages.get(rel);
    return page !== undefined ? { content: page, build: unwritten!.build } : composing.memory(rel);
  };
  // Listen first: a port in use is reported at once, not after a build.
  const server = await startServer({ root: out, host: options.host, port: options.port, liveScript, state: () => state, routes: composing.routes, log: (l) => io.err(l), memory, writtenBuild: () => written });
  state = (await runBuild(() => undefined)).state;
  server.broadcast(state);
  io.out(`serving ${server.url}/deck.html  (brief: ${server.url}/brief.html, composer: ${server.url}/compose)`);
  io.err('watching the spec, content/, templates/ and themes/ — Ctrl-C to stop');
  if (options.open) openBrowser(`${server.url}${options.openPath ?? '/deck.html'}`);

  const { watch } = await importPackage<typeof import('chokidar')>('chokidar');
  const watched = [content, options.build.templates ?? DEFAULTS.templates, options.build.themes ?? DEFAULTS.themes];
  const watchOptions = { ignoreInitial: true };
  const watcher = watch(watched, watchOptions);
  const debounce = options.debounce ?? 1;
  const settle = options.settle ?? 60;
  let timer: NodeJS.Timeout | undefined;
  let settleTimer: NodeJS.Timeout | undefined;
  let lastChange = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let waiters: ((s: LiveState) => void)[] = [];
  /** Files changed since the last build started; and the files the last build read, as they were when it started. */
  let pending = new Set<string>();
  let read = new Map<string, string>();
  let unreported: LiveState | undefined;
  // No change seen since the last settle check that found every file as its build read it (see idle()); and a count
  // of the changes seen, so that a settle check knows whether one came while it looked.
  let settled = true;
  let changeCount = 0;
  let idlers: (() => void)[] = [];

  const tell = (s: LiveState, changes?: LiveChanges, told = false) => {
    state = s;
    if (!told) server.broadcast(s, changes);
    const w = waiters;
    waiters = [];
    for (const fn of w) fn(s);
  };
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const files = [...pending];
        pending = new Set();
        const stamps = await Promise.all(files.map(stamp));
        for (const [i, f] of files.entries()) read.set(f, stamps[i]!);
        const r = await runBuild((changes) => {
          if (!closed) server.broadcast({}, changes);
        });
        if (closed) return;
        // Success is told at once (before the write, when only pages changed); a failure once the files it read have
        // settled (see below).
        if (r.state.error) unreported = r.state;
        else {
          unreported = undefined;
          tell(r.state, r.changes, r.told);
        }
      } while (again);
      scheduleSettle();
    })();
    await running;
    running = undefined;
  };
  // Settled: the files the last build read are as it read them, or they are built again.
  const scheduleSettle = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => void checkSettled(), Math.max(0, lastChange + settle - Date.now()));
  };
  const checkSettled = async () => {
    if (running || closed) return;
    const seen = changeCount;
    const files = [...read.keys()];
    const now = await Promise.all(files.map(stamp));
    const moved = files.filter((f, i) => now[i] !== read.get(f));
    // A change while the files were looked at has its own build (and settle check) coming.
    if (running || closed || changeCount !== seen) return;
    if (moved.length) {
      for (const f of moved) changed(f, true);
      return;
    }
    read = new Map();
    if (unreported) {
      const s = unreported;
      unreported = undefined;
      tell(s);
    }
    settled = true;
    const w = idlers;
    idlers = [];
    for (const fn of w) fn();
  };
  const changed = (file: string, quiet = false) => {
    if (closed) return; // an event the watchers had on their way while they closed
    const abs = path.resolve(file);
    if (!quiet) io.err(`changed: ${path.relative(process.cwd(), abs)}`);
    if (abs === content || abs.startsWith(content + path.sep)) corpus = undefined;
    if (abs === templatesDir || abs.startsWith(templatesDir + path.sep)) renderer.forget();
    pending.add(abs);
    settled = false;
    changeCount++;
    lastChange = Date.now();
    clearTimeout(timer);
    clearTimeout(settleTimer);
    timer = setTimeout(() => void rebuild(), debounce);
  };
  watcher.on('all', (_event, file) => changed(file));
  // The spec is watched through its folder, which may itself be deleted and made again: see watchFile.
  const specWatch = watchFile(options.build.spec, watchOptions, (f) => changed(f));
  await Promise.all([new Promise<void>((resolve) => watcher.once('ready', () => resolve())), specWatch.ready]);

  return {
    server,
    rebuilt: () => new Promise((resolve) => waiters.push(resolve)),
    idle: () => (settled || closed ? Promise.resolve() : new Promise((resolve) => idlers.push(resolve))),
    close: async () => {
      closed = true;
      for (const fn of idlers.splice(0)) fn();
      clearTimeout(timer);
      clearTimeout(settleTimer);
      await Promise.all([watcher.close(), specWatch.close()]);
      await running;
      await server.close();
    },
  };
}
