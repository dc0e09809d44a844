import { sha256Hex } from '../util/hash.js';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { build, checkBuild, listThemes, readSpec } from '../build.js';
import { corpusTree, specYaml, stateFromSpec, type ComposerState } from '../compose/state.js';
import { composerStateSchema } from '../compose/schema.js';
import { loadCorpus } from '../corpus/load.js';
import { queryWords, search } from '../search/index.js';
import { MAX_PRINTED_ERRORS, formatUserError, isUserError, moreLine, UserError, userErrorsOf } from '../errors.js';
import { checkYaml, pathName } from '../util/validate.js';
import type { PositionedYaml } from '../util/yaml.js';
import { silentIo } from '../log.js';
import { DEFAULTS } from '../paths.js';
import { writeFileAtomic } from '../util/fs.js';
import { checkSpec } from '../spec/parse.js';
import { loadFontChunks } from '../render/assets.js';
import { fontFaceCss } from '../render/fonts.js';
import { contentType, HttpError, type LiveChanges, type MemoryFile, type Routes } from './server.js';
import { changesSince, Renderer, renderInMemory, snapshotOf, type Rendered, type RenderSnapshot } from './live-build.js';
import type { Corpus } from '../corpus/types.js';
import { z } from 'zod';
import { nowMs } from '../util/clock.js';
import { LIMITS, readBoundedSync } from '../util/read.js';
import { attempt } from '../util/attempt.js';

export interface ComposeContext {
  /** The spec being composed: loaded at start, written by "save". */
  specFile: string;
  /** The address the server listens on: with a loopback one, only loopback host names are served to the API. */
  host: string;
  /** The served output folder; PDF exports go to its preview/ subfolder (previews are served from memory there). */
  out: string;
  content: string;
  /** The corpus of `content` as serve keeps it (loaded once, again when content/ changes); default: loaded each time. */
  corpus?: () => Promise<Corpus>;
  /** What renders keep, shared with serve (which tells it when templates/ changed); default: the composer's own. */
  renderer?: Renderer;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
};

/** The largest request body the composer API reads: a whole-corpus selection is about 20 KB. */
export const MAX_BODY = 1 << 20;

/**
 * The composer state a request carries: 413 over MAX_BODY (the rest is read and dropped, so the answer reaches the
 * client), 400 for text that is not JSON or JSON that is not a composer state.
 */
async function readState(req: http.IncomingMessage): Promise<ComposerState> {
  return stateOrThrow(await readJson(req));
}

/** A request body as a composer state, or a 400 naming every mistake in it (at most MAX_PRINTED_ERRORS, then "… and N more"). */
export function stateOrThrow(value: unknown): ComposerState {
  const r = checkState(value);
  if (!r.state) {
    // Each mistake named by its place in the body (entries.0.area), saying what is allowed there.
    const lines = capped(r.errors).map((e) => {
      if (!(e instanceof UserError)) return e.message;
      const at = e.details.location?.path?.replace(/\[(\d+)\]/g, '.$1') ?? 'the body';
      return `${at}: ${e.details.expected ? `expected ${e.details.expected}, found ${e.details.found ?? 'nothing'}` : e.message}`;
    });
    throw new HttpError(400, `the request is not a composer state: ${lines.join('; ')}`, 'send { title, language, theme, entries: [...] }');
  }
  return r.state;
}

/** A request body checked as a composer state: the state, or every mistake in it (named by its path in the body). */
export function checkState(value: unknown): { state?: ComposerState; errors: UserError[] } {
  const doc: PositionedYaml = { value, file: 'request', locate: (p) => ({ file: 'request', ...(p.length ? { path: pathName(p) } : {}) }), excerpt: () => undefined };
  const r = checkYaml(composerStateSchema, doc, 'composer state');
  return r.value ? { state: r.value as ComposerState, errors: [] } : { errors: r.errors };
}

/** At most MAX_PRINTED_ERRORS of a list, then "… and N more": an answer as long as the CLI's. */
function capped<T>(list: T[]): (T | { message: string; hint: null; text: string })[] {
  if (list.length <= MAX_PRINTED_ERRORS) return list;
  const more = moreLine(list.length);
  return [...list.slice(0, MAX_PRINTED_ERRORS), { message: more, hint: null, text: more }];
}

/** A request's JSON body: 413 over MAX_BODY, 400 for text that is not JSON. */
async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Far beyond the limit: stop reading (the client gets a reset rather than an answer it would not read).
    if (size > 64 * MAX_BODY) req.destroy();
    else if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY || declared > MAX_BODY) throw new HttpError(413, `request too large: at most ${MAX_BODY / 1024} KiB`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request is not valid JSON', 'send the composer state as JSON');
  }
  return value;
}

/** The search box's request: the words typed. */
const searchSchema = z.object({ q: z.string().max(1000) });

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Why a request to the composer's API must be refused, if it must: only the composer page itself may use it. Another
 * web site open in the same browser could otherwise overwrite the spec or start exports (cross-site requests), or
 * read the corpus through a host name that resolves to 127.0.0.1 (DNS rebinding).
 */
export function refuseApi(req: http.IncomingMessage, listenHost: string, mutating: boolean): string | undefined {
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (LOOPBACK.has(listenHost) && !LOOPBACK.has(hostname)) return `host "${hostname}" is not this machine`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return `a request from another site (${origin})`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request`;
  if (mutating) {
    if (req.method !== 'POST') return `${req.method ?? 'a'} request where POST is needed`;
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return 'a request that is not JSON';
  }
  return undefined;
}

/** A build's mistakes as the composer page shows them: at most MAX_PRINTED_ERRORS, then "… and N more". */
export const errorsOf = (err: unknown) => {
  const list = userErrorsOf(err);
  if (!list) throw err;
  return capped(list.map((e) => ({ message: e.message, hint: e.details.hint ?? null, text: formatUserError(e) })));
};

const STATIC: Record<string, string> = { '/compose': 'compose.html', '/compose/compose.js': 'compose.js', '/compose/compose.css': 'compose.css', '/compose/labels.js': 'labels.js' };

/**
 * The last preview: its snapshot (number, pages, the deck cut for updates, assets) and the files it wrote from memory,
 * served under /preview/ (its copied files are served from the composer's `copies`).
 */
interface Preview extends RenderSnapshot {
  files: Map<string, MemoryFile>;
}

/** The composer's routes (see composer). */
export function composeRoutes(ctx: ComposeContext): Routes {
  return composer(ctx).routes;
}

/**
 * The composer: its routes (its page, the corpus tree, the current spec as state, preview, save, downloads), and the
 * files of the last preview, which are never written: /preview/<file> is served from memory. Everything goes through
 * the same spec parser, selection and render as the CLI: the preview is the build of the spec text that "save"
 * writes, up to the write (see live-build.ts).
 */
export function composer(ctx: ComposeContext): { routes: Routes; memory: (rel: string) => MemoryFile | undefined } {
  const previewDir = path.join(ctx.out, 'preview');
  const renderer = ctx.renderer ?? new Renderer();
  let preview: Preview | undefined;
  /**
   * The files copied from packages and themes by any preview so far (font chunks, reveal.js…), by name: a page of an
   * earlier preview still loading (its fonts.css names chunks the new one does not need) gets them, not a 404. A name
   * stands for one source file, so what it serves is what that page asked for.
   */
  const copies = new Map<string, MemoryFile>();
  let builds = 0;
  const corpusOf = () => (ctx.corpus ? ctx.corpus() : loadCorpus(ctx.content));
  // Read as every spec is (a regular file within the limit, a FIFO never waited for); anything else is no file, and
  // "save" then writes a new one (such a spec could not be built anyway: its check refuses it the same way).
  const existingText = () => attempt(() => readBoundedSync(ctx.specFile, { limit: LIMITS.spec, what: 'spec' }).toString('utf8'));

  // One export at a time (PDFs and the standalone download write folders); previews and saves write nothing.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  /**
   * The spec text parsed as the spec file it will become. With mistakes, the selection and the theme of what could
   * be read are checked too, so every mistake is shown at once (as `briefing validate` would), sorted by line.
   */
  const checkedSpec = async (yaml: string) => {
    const check = checkSpec(yaml, ctx.specFile);
    if (!check.errors.length && check.parsed) return check.parsed;
    // With mistakes, the build's own check of the rest (it throws them all, with the spec's).
    await checkBuild({ spec: ctx.specFile, check }, Promise.resolve(corpusOf()), DEFAULTS.themes);
    throw new Error('a spec with no mistakes and nothing read'); // not reached: no parsed spec means a YAML error
  };

  /**
   * The spec text that "save" writes, parsed as the spec file it will become (so errors name that file and the line
   * in the text shown).
   */
  const specOfState = async (state: ComposerState) => {
    const yaml = specYaml(state, existingText());
    return { yaml, spec: { ...(await checkedSpec(yaml)), sha256: sha256Hex(yaml) } };
  };
  /** The spec text of a state rendered in memory: what a build of it would write, nothing written. */
  const renderState = async (state: ComposerState) => {
    const { yaml, spec } = await specOfState(state);
    return { yaml, rendered: await renderInMemory({ spec, corpus: await corpusOf() }, undefined, renderer) };
  };
  /** A real build of the state's spec text to `out` (PDFs only when asked for: a spec's "pdf: true" is not). */
  const buildState = (state: ComposerState, extra: { pdf?: boolean; standalone?: boolean; out?: string }) =>
    exclusive(async () => {
      const { yaml, spec } = await specOfState(state);
      const r = await build({ spec, out: extra.out ?? previewDir, content: ctx.content, pdf: extra.pdf ?? false, ...(extra.standalone ? { standalone: true } : {}), corpus: await corpusOf() }, silentIo);
      return { yaml, result: r };
    });
  /**
   * A render becomes the preview served under /preview/; what changed since the last one, for the page: the pages
   * whose text changed, whether any other file did (then it loads the pages again), and the deck's new slides.
   */
  const publish = async (r: Rendered): Promise<{ build: number; changes?: LiveChanges }> => {
    const parts = await snapshotOf(r);
    const before = preview;
    const build = ++builds;
    const files = new Map<string, MemoryFile>();
    // Files written from memory are this preview's; copied files are served by name from `copies` (any preview's).
    for (const f of r.files) {
      if ('from' in f) copies.set(f.to, { from: f.from });
      else files.set(f.to, { content: f.content, ...(r.pages.has(f.to) ? { build } : {}) });
    }
    preview = { ...parts, build, files };
    return before ? { build, changes: changesSince(before, preview) } : { build };
  };

  const routes: Routes = {
    '/__briefing/compose/corpus': async (_req, res) => {
      const corpus = await corpusOf();
      json(res, 200, { ...corpusTree(corpus), themes: await listThemes(DEFAULTS.themes), spec: path.basename(ctx.specFile) });
    },
    // The tree's search box: the same search as `briefing search`, every hit (the page keeps the tree's order).
    '/__briefing/compose/search': async (req, res) => {
      const body = searchSchema.safeParse(await readJson(req));
      if (!body.success) throw new HttpError(400, 'the request is not a search: send { q: "words" }');
      const q = body.data.q;
      if (!queryWords(q).length) {
        json(res, 200, { ok: true, query: q, words: [], hits: [], total: 0, partial: false });
        return;
      }
      const r = search(await corpusOf(), q);
      json(res, 200, { ok: true, query: q, lang: r.lang, words: r.words, total: r.total, partial: r.partial, hits: r.hits.map((h) => ({ kind: h.kind, id: h.id, line: h.line })) });
    },
    '/__briefing/compose/state': async (_req, res) => {
      try {
        const [parsed, corpus] = await Promise.all([readSpec(ctx.specFile), corpusOf()]);
        json(res, 200, { ok: true, state: stateFromSpec(parsed.spec, corpus) });
      } catch (err) {
        json(res, 200, { ok: false, errors: errorsOf(err) });
      }
    },
    '/__briefing/compose/preview': async (req, res) => {
      const state = await readState(req);
      if (!state.entries?.length) {
        json(res, 200, { ok: false, errors: [{ message: 'nothing is selected', hint: 'tick at least one section', text: 'nothing is selected: tick at least one section' }] });
        return;
      }
      try {
        const t0 = nowMs();
        const { yaml, rendered } = await renderState(state);
        const { build, changes } = await publish(rendered);
        json(res, 200, { ok: true, build, slides: rendered.briefing.slides.length, ms: Math.round(nowMs() - t0), yaml, deck: '/preview/deck.html', brief: '/preview/brief.html', warnings: rendered.briefing.warnings, ...(changes ? { changes } : {}) });
      } catch (err) {
        json(res, 200, { ok: false, errors: errorsOf(err) });
      }
    },
    '/__briefing/compose/save': async (req, res) => {
      const state = await readState(req);
      try {
        // The same validation as the CLI: never save a spec that does not build; what is saved is what was built.
        const { yaml } = await renderState(state);
        await writeFileAtomic(ctx.specFile, yaml);
        json(res, 200, { ok: true, path: ctx.specFile, yaml });
      } catch (err) {
        json(res, 200, { ok: false, errors: errorsOf(err) });
      }
    },
    '/__briefing/compose/download': async (req, res) => {
      const state = await readState(req);
      try {
        const out = path.join(ctx.out, 'preview-standalone');
        await buildState(state, { standalone: true, out });
        const html = await readFile(path.join(out, 'deck.html'));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': 'attachment; filename="deck.html"' }).end(html);
      } catch (err) {
        json(res, 400, { ok: false, errors: errorsOf(err) });
      }
    },
    '/__briefing/compose/pdf': async (req, res) => {
      const state = await readState(req);
      try {
        await buildState(state, { pdf: true });
        json(res, 200, { ok: true, deck: '/preview/deck.pdf', brief: '/preview/brief.pdf' });
      } catch (err) {
        if (isUserError(err)) json(res, 200, { ok: false, errors: errorsOf(err) });
        else json(res, 200, { ok: false, errors: [{ message: err instanceof Error ? err.message : String(err), hint: (err as { hint?: string }).hint ?? null }] });
      }
    },
  };
  // The composer lists the whole corpus: it loads the shipped fonts whole (chunked: the browser fetches what it needs).
  routes['/compose/fonts.css'] = async (_req, res) => {
    const chunks = await loadFontChunks();
    const css = fontFaceCss(chunks.map((c) => ({ ...c, file: path.basename(c.file) })), '/compose/font/');
    res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css);
  };
  routes['/compose/font/*'] = async (req, res) => {
    let name: string;
    try {
      name = decodeURIComponent((req.url ?? '').split('?')[0]!.slice('/compose/font/'.length));
    } catch {
      name = '';
    }
    const chunk = (await loadFontChunks()).find((c) => path.basename(c.file) === name);
    if (!chunk) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'font/woff2', 'cache-control': 'max-age=3600' }).end(await readFile(chunk.file));
  };
  for (const [url, file] of Object.entries(STATIC)) {
    routes[url] = async (_req, res) => {
      const body = await readFile(path.join(DEFAULTS.templates, 'compose', file));
      res.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store' }).end(body);
    };
  }
  // The API answers only the composer page: see refuseApi.
  for (const [url, handler] of Object.entries(routes)) {
    if (!url.startsWith('/__briefing/compose/')) continue;
    const mutating = !url.endsWith('/corpus') && !url.endsWith('/state');
    routes[url] = async (req, res) => {
      const why = refuseApi(req, ctx.host, mutating);
      if (why) {
        json(res, 403, { ok: false, errors: [{ message: `refused: ${why}`, hint: 'the composer API answers only the composer page on this machine', text: `refused: ${why}` }] });
        return;
      }
      await handler(req, res);
    };
  }
  const memory = (rel: string): MemoryFile | undefined => {
    if (!rel.startsWith('preview/')) return undefined;
    const name = rel.slice('preview/'.length);
    return preview?.files.get(name) ?? copies.get(name);
  };
  return { routes, memory };
}
