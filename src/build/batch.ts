/**
 * Several specs in one run: each into its own folder, one browser for all their PDFs (started when the first spec
 * needs it), a few builds at a time. A failing spec does not stop the others; the result says how each went.
 */
import os from 'node:os';
import path from 'node:path';
import { build, startBrowser, type BuildOptions, type BuildResult, type SpecInput } from '../build.js';
import { ExitCode, formatError, UserError } from '../errors.js';
import type { BrowserSession } from '../export/session.js';
import type { Io } from '../log.js';
import { outFolderName } from '../output/index.js';
import { nowMs } from '../util/clock.js';

export interface BatchOptions extends Omit<BuildOptions, 'spec' | 'name' | 'out' | 'browser'> {
  /** A parent folder: each spec builds into `<out>/<spec name>/`. Default: each its own default, `out/<spec name>/`. */
  out?: string;
  /** Builds at a time (default: 2, or 1 on a one-core machine). */
  jobs?: number;
}

export interface BatchItem {
  /** The spec as given (its path), or `spec <n>` for an object. */
  label: string;
  exitCode: number;
  ms: number;
  result?: BuildResult;
  /** The error, formatted as the CLI prints it. */
  error?: string[];
}

export interface BatchResult {
  items: BatchItem[];
  /** The worst exit code of the items (0 when all built). */
  exitCode: number;
  /** Browsers started for the batch: 0 without PDFs, else 1. */
  browserStarts: number;
}

/** The default number of builds at a time: on 2 cores, two builds overlap one's file and browser waits with the other's work. */
export const defaultJobs = () => Math.max(1, Math.min(2, os.availableParallelism()));

const nameOf = (spec: SpecInput, i: number) => (typeof spec === 'string' ? outFolderName(path.basename(spec).replace(/\.(ya?ml)$/i, '')) : `spec-${i + 1}`);
const labelOf = (spec: SpecInput, i: number) => (typeof spec === 'string' ? spec : `spec ${i + 1}`);

export async function buildBatch(specs: SpecInput[], options: BatchOptions, io: Io): Promise<BatchResult> {
  const { out, jobs, ...common } = options;
  const names = specs.map(nameOf);
  if (out !== undefined) {
    // With a parent folder, two specs of the same name would write one folder: refuse before building anything.
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      const first = seen.get(n);
      if (first !== undefined) {
        throw new UserError(`two specs would build into ${path.join(out, n)}: ${labelOf(specs[first]!, first)} and ${labelOf(specs[i]!, i)}`, {
          hint: 'rename one of them, or build them in separate runs with their own --out',
        });
      }
      seen.set(n, i);
    });
  }
  let browser: Promise<BrowserSession> | undefined;
  let browserStarts = 0;
  const shared = () => {
    if (!browser) {
      browserStarts++;
      browser = startBrowser({ ...(options.browserPath ? { browserPath: options.browserPath } : {}), ...(options.timeout ? { timeout: options.timeout * 1000 } : {}) });
    }
    return browser;
  };
  const items: BatchItem[] = new Array(specs.length);
  let next = 0;
  let done = 0;
  const one = async (i: number) => {
    const label = labelOf(specs[i]!, i);
    // Lines of builds running side by side: each says which spec it is about.
    const tagged: Io = { out: (l) => io.out(l), err: (l) => io.err(`[${names[i]}] ${l}`) };
    const t0 = nowMs();
    try {
      const result = await build({ ...common, spec: specs[i]!, name: names[i]!, ...(out !== undefined ? { out: path.join(out, names[i]!) } : {}), browser: shared }, tagged);
      items[i] = { label, exitCode: ExitCode.ok, ms: nowMs() - t0, result };
    } catch (err) {
      const { lines, exitCode } = formatError(err);
      items[i] = { label, exitCode, ms: nowMs() - t0, error: lines };
    }
    done++;
    const it = items[i]!;
    const exported = exportedNames(it.result);
    io.err(`[${done}/${specs.length}] ${label}: ${it.result ? `ok, ${it.result.briefing.slides.length} slides${exported.length ? `, ${exported.join(' ')}` : ''}` : `failed (exit ${it.exitCode})`}, ${Math.round(it.ms)} ms`);
    if (it.error) for (const l of it.error) io.err(`  ${l.replace(/\n/g, '\n  ')}`);
  };
  const worker = async () => {
    while (next < specs.length) await one(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(specs.length, Math.max(1, jobs ?? defaultJobs())) }, worker));
  } finally {
    if (browser) await browser.then((b) => b.close(), () => undefined);
  }
  return { items, exitCode: Math.max(ExitCode.ok, ...items.map((it) => it.exitCode)), browserStarts };
}

/** The files the browser made for a build: deck.pdf, brief.pdf, deck.pptx, slides/ … */
const ORDER = ['deck.pdf', 'brief.pdf', 'handout.pdf', 'deck.pptx', 'slides'];
const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
/** In a fixed order: the exports finish in any order. */
const exportedNames = (r: BuildResult | undefined): string[] =>
  (r?.pdf?.files ?? [])
    .map((f) => f.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((n) => (n === 'slides' ? 'slides/' : n));

/** The batch's summary as table rows: spec, result, slides, files, time. */
export function summaryTable(result: BatchResult, rel: (p: string) => string = (p) => p): string[] {
  const rows = result.items.map((it) => [
    it.label,
    it.result ? 'ok' : `error (${it.exitCode})`,
    it.result ? String(it.result.briefing.slides.length) : '-',
    it.result ? rel(it.result.outDir) : (it.error?.[0]?.replace(/^error: /, '').split('\n')[0] ?? ''),
    it.result ? ['deck.html', 'brief.html', ...exportedNames(it.result)].join(' ') : '',
    `${(it.ms / 1000).toFixed(1)} s`,
  ]);
  const head = ['spec', 'result', 'slides', 'folder', 'files', 'time'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ').trimEnd();
  const ok = result.items.filter((it) => it.result).length;
  return [line(head), ...rows.map(line), `${ok} of ${result.items.length} built${result.browserStarts ? `, ${result.browserStarts} browser` : ''}`];
}
