import os from 'node:os';
import path from 'node:path';
import yargs from './yargs.js';
import { build, checkBuild } from '../build.js';
import { loadCorpus } from '../corpus/load.js';
import { ExitCode, UserError, formatError } from '../errors.js';
import type { Io } from '../log.js';
import { DEFAULTS } from '../paths.js';
import { LANGUAGES, type Language } from '../spec/schema.js';
import type { SpecOverrides } from '../spec/overrides.js';
import { interruptOutputs } from '../output/index.js';
import { translateCommand } from './translate.js';
import { searchCommand } from './search.js';
import { closest, closestChoice } from '../util/suggest.js';
import { checkBooleans, filled, flagError, numberIn, nonEmpty, portNumber, timeoutSeconds } from './flags.js';

const jobsNumber = (v: unknown) => (v === undefined ? undefined : numberIn('jobs', 1, 16, 'a number of builds from 1 to 16', { integer: true })(v));

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
import { killBrowsers } from '../export/session.js';
import { nowMs } from '../util/clock.js';

/** Options that change the spec or where its output goes, shared by build and serve. */
const SPEC_OPTIONS = {
  out: { alias: 'o', type: 'string', requiresArg: true, coerce: nonEmpty('out'), describe: 'output folder (default: out/<spec name>/)' },
  areas: { type: 'string', requiresArg: true, coerce: nonEmpty('areas'), describe: "replace the spec's \"- area:\" entries, e.g. science,global (keys: briefing list)" },
  supports: { type: 'string', requiresArg: true, coerce: nonEmpty('supports'), describe: "replace the spec's supports, e.g. compute,data" },
  // The values of the flags that replace spec fields are checked with the spec (checkOverrides), so that their mistakes
  // and the spec's come in one run.
  lang: { type: 'string', requiresArg: true, coerce: nonEmpty('lang'), describe: `language of the briefing: ${LANGUAGES.join(', ')}` },
  theme: { type: 'string', requiresArg: true, coerce: nonEmpty('theme'), describe: 'a folder under themes/, e.g. official or neutral' },
  title: { type: 'string', requiresArg: true, coerce: nonEmpty('title'), describe: "replace the spec's title (at most 800 characters, like a spec's)" },
  classification: { type: 'string', requiresArg: true, coerce: nonEmpty('classification'), describe: "replace the spec's classification mark (e.g. CONFIDENTIAL)" },
  version: { type: 'string', requiresArg: true, coerce: nonEmpty('version'), describe: "replace the spec's version (e.g. \"draft 3\")" },
} as const;

/** Where serve and compose listen. */
const SERVER_OPTIONS = {
  port: { alias: 'p', type: 'string', requiresArg: true, default: 0, coerce: portNumber, describe: 'port 0–65535 (default: a free one)' },
  host: { type: 'string', requiresArg: true, coerce: filled('host'), default: '127.0.0.1', describe: 'address to listen on (default: loopback only; another only on purpose)' },
} as const;

/**
 * A reader that goes away (`briefing list | head -1`, a closed terminal) closes the stream: writing to it then fails
 * with EPIPE, which Node would throw as an unhandled 'error' event with a stack trace. The command carries on (a
 * build's files matter more than its log) and what it would have printed there is dropped.
 */
const closedStreams = new WeakSet<NodeJS.WriteStream>();
const guarded = new WeakSet<NodeJS.WriteStream>();
function quietOnClose(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', () => closedStreams.add(stream));
}
const write = (stream: NodeJS.WriteStream, line: string) => {
  if (!closedStreams.has(stream) && !stream.destroyed) stream.write(`${line}\n`);
};

const terminalIo: Io = {
  out: (l) => write(process.stdout, l),
  err: (l) => write(process.stderr, l),
};

const csv = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : String(v).split(',').map((s) => s.trim()).filter(Boolean);

function overridesFrom(argv: Record<string, unknown>): SpecOverrides {
  return {
    ...(argv.areas !== undefined ? { areas: csv(argv.areas)! } : {}),
    ...(argv.supports !== undefined ? { supports: csv(argv.supports)! } : {}),
    ...(argv.lang ? { language: argv.lang as Language } : {}),
    ...(argv.theme ? { theme: String(argv.theme) } : {}),
    ...(argv.title ? { title: String(argv.title) } : {}),
    ...(argv.classification ? { classification: String(argv.classification) } : {}),
    ...(argv.version ? { version: String(argv.version) } : {}),
  };
}

/** The CLI as a function: arguments in, exit code out. Prints through `io`. */
export async function main(argv: string[], io: Io = terminalIo): Promise<number> {
  // Also for yargs' own --help output, which it prints with console.log.
  quietOnClose(process.stdout);
  quietOnClose(process.stderr);
  let exitCode: number = ExitCode.ok;
  const cwd = process.cwd();
  const rel = (p: string) => path.relative(cwd, p) || '.';
  // Ctrl-C during a build: remove the temp files being written, release the output folder and stop the browser, so
  // that no half-written file is left; say exactly which outputs were replaced. (`serve` stops itself on Ctrl-C.)
  const onSignal = (signal: NodeJS.Signals) => {
    const { removed, outcome } = interruptOutputs();
    killBrowsers();
    io.err(`interrupted (${signal})${removed ? `: ${removed} temporary file(s) removed` : ''}; ${outcome}`);
    process.exit(signalExitCode(signal));
  };
  const guard = argv[0] !== 'serve' && argv[0] !== 'compose';
  if (guard) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  let stoppedBy: NodeJS.Signals | undefined;
  try {
    const cli = yargs(argv);
    skipHelpCache(cli);
    await cli
      .scriptName('briefing')
      .usage('$0 <command> [options]\n\nTurn the curated policy corpus into a reveal.js deck, a one-page brief and PDFs, chosen by a YAML spec.')
      .option('content', { type: 'string', requiresArg: true, coerce: filled('content'), describe: 'corpus folder', default: rel(DEFAULTS.content), defaultDescription: 'content/' })
      .command(
        'build [spec..]',
        'build the deck and the one-page brief for a spec (default: specs/default.yaml); --pdf for PDFs; several specs: a batch',
        (y) =>
          y
            .positional('spec', { type: 'string', array: true, describe: 'the YAML spec(s); several build one after another into their own folders, with one browser', default: [rel(DEFAULTS.spec)], defaultDescription: 'specs/default.yaml' })
            .options(SPEC_OPTIONS)
            .option('jobs', { type: 'string', requiresArg: true, coerce: jobsNumber, describe: 'with several specs: builds at a time, 1–16 (default 2, 1 on one core)' })
            .option('pdf', { type: 'boolean', describe: 'also write deck.pdf and brief.pdf (default: the spec\'s "pdf:")' })
            .option('pdf-notes', { type: 'boolean', default: false, describe: 'also write handout.pdf: each slide with its speaker notes' })
            .option('pptx', { type: 'boolean', describe: 'also write deck.pptx, an editable PowerPoint file (default: the spec\'s "pptx:")' })
            .option('png', { type: 'boolean', default: false, describe: 'also write slides/01.png … (1920×1080), one image per slide' })
            .option('browser-path', { type: 'string', requiresArg: true, coerce: nonEmpty('browser-path'), describe: 'the Chrome/Chromium/Edge to print with (else BRIEFING_BROWSER, CHROME_PATH, an installed one, @sparticuz/chromium)' })
            .option('timeout', { type: 'string', requiresArg: true, default: 60, coerce: timeoutSeconds, describe: 'seconds a page may take to load or print, 1–3600' })
            .option('standalone', { type: 'boolean', default: false, describe: 'one self-contained deck.html and brief.html (CSS, JS, subset fonts inlined): e-mail it, open it offline' })
            .example('$0 build', 'the whole Opinions, into out/default/')
            .example('$0 build specs/provincial-overview.yaml --theme neutral', 'a shipped spec with another theme')
            .example('$0 build my.yaml --areas science,governance --lang en --out /tmp/brief', 'quick changes without editing YAML')
            .example('$0 build --pdf --pdf-notes', 'deck.pdf, brief.pdf and a speaker handout')
            .example('$0 build specs/board-industry-compute.yaml --pptx --png', 'an editable deck.pptx and slides/01.png …')
            .example('$0 build specs/provincial-overview.yaml --standalone', 'one file to e-mail, opens offline')
            .example('$0 build specs/*.yaml --pdf', 'a batch: each into out/<name>/, one browser, a summary at the end'),
        async (a) => {
          const t0 = nowMs();
          const specs = a.spec ?? [rel(DEFAULTS.spec)];
          if (specs.length > 1) {
            exitCode = await runBatch(specs, a, io, rel);
            return;
          }
          const result = await build(
            {
              spec: specs[0]!,
              ...(a.out ? { out: a.out } : {}),
              content: a.content,
              overrides: overridesFrom(a),
              ...(a.pdf !== undefined || a.pdfNotes ? { pdf: a.pdf ?? true } : {}),
              pdfNotes: a.pdfNotes,
              ...(a.pptx !== undefined ? { pptx: a.pptx } : {}),
              png: a.png,
              ...(a.browserPath ? { browserPath: a.browserPath } : {}),
              timeout: a.timeout,
              standalone: a.standalone,
            },
            io,
          );
          const slides = result.briefing.slides.length;
          const size = (f: string) => (a.standalone ? `, standalone ${(result.sizes[f]! / 2 ** 20).toFixed(2)} MB` : '');
          io.out(`${rel(path.join(result.outDir, 'deck.html'))}  (${count(slides, 'slide')}, ${result.briefing.language}, theme ${result.briefing.theme}${size('deck.html')})`);
          io.out(`${rel(path.join(result.outDir, 'brief.html'))}${a.standalone ? `  (${size('brief.html').slice(2)})` : ''}`);
          for (const f of result.pdf?.files ?? []) {
            const unit = f.name.endsWith('.pdf') ? 'page' : 'slide';
            io.out(`${rel(path.join(result.outDir, f.name))}${f.name === 'slides' ? '/' : ''}  (${f.pages} ${unit}${f.pages === 1 ? '' : 's'})`);
          }
          io.err(`built in ${Math.round(nowMs() - t0)} ms`);
        },
      )
      .command(
        'serve [spec]',
        'build, serve on 127.0.0.1 and rebuild on every change; open pages reload on the slide they were on',
        (y) =>
          y
            .positional('spec', { type: 'string', describe: 'the YAML spec', default: rel(DEFAULTS.spec), defaultDescription: 'specs/default.yaml' })
            .options(SERVER_OPTIONS)
            .option('open', { type: 'boolean', default: true, describe: 'open the deck in the browser (--no-open to skip)' })
            .options(SPEC_OPTIONS)
            .example('$0 serve specs/provincial-overview.yaml', 'present it; edits to the spec show at once')
            .example('$0 serve --port 8080 --no-open', 'a fixed port, no browser'),
        async (a) => {
          stoppedBy = await runServer({ spec: a.spec!, out: a.out, content: a.content, host: a.host, port: a.port, open: a.open, overrides: overridesFrom(a) }, '/deck.html', io);
        },
      )
      .command(
        'compose [spec]',
        'the composer page: tick what to present, see the deck and brief change, save the spec (serve + /compose)',
        (y) =>
          y
            .positional('spec', { type: 'string', describe: 'the spec to edit (created if missing)', default: rel(DEFAULTS.spec), defaultDescription: 'specs/default.yaml' })
            .options(SERVER_OPTIONS)
            .option('open', { type: 'boolean', default: true, describe: 'open the composer in the browser (--no-open to skip)' })
            .example('$0 compose specs/provincial-overview.yaml', 'edit a spec with clicks'),
        async (a) => {
          stoppedBy = await runServer({ spec: a.spec!, content: a.content, host: a.host, port: a.port, open: a.open }, '/compose', io);
        },
      )
      .command(
        'import <file>',
        'turn the plain text of a Chinese government document into corpus sections under content/<id>/',
        (y) =>
          y
            .positional('file', { type: 'string', demandOption: true, describe: 'the document as UTF-8 text or Markdown' })
            .option('id', { type: 'string', requiresArg: true, coerce: filled('id'), demandOption: true, describe: 'the new document id, e.g. provincial-ai-plan' })
            .option('force', { type: 'boolean', default: false, describe: 'replace an existing document with this id' })
            .option('dry-run', { type: 'boolean', default: false, describe: 'print the outline it would write, write nothing' })
            .example('$0 import plan.txt --id zhejiang-ai-plan --dry-run', 'see what it recognises')
            .example('$0 import plan.txt --id zhejiang-ai-plan', 'write content/zhejiang-ai-plan/; then "- doc: zhejiang-ai-plan" in a spec'),
        async (a) => {
          const [{ importDocument }, { table }] = await Promise.all([import('../import/index.js'), import('./columns.js')]);
          const r = await importDocument({ file: a.file, id: a.id, content: a.content, force: a.force, dryRun: a.dryRun }, io);
          for (const line of table(r.outline.map((l) => [l.id, l.cite, `${l.title}${l.tags.length ? `  [${l.tags.join(', ')}]` : ''}`]), [36, 16])) io.out(line);
          if (a.dryRun) io.err(`dry run: ${r.outline.length} sections would be written to ${rel(r.dir)}/`);
          else if (r.unchanged) io.err(`${rel(r.dir)}/ is already up to date (${r.outline.length} sections): nothing changed`);
          else io.err(`wrote ${r.written.length} files to ${rel(r.dir)}/ — English is marked untranslated; use it in a spec as "- doc: ${a.id}"`);
        },
      )
      .command(translateCommand(io))
      .command(searchCommand(io, (code) => (exitCode = code)))
      .command(
        'validate <spec>',
        'check a spec against the corpus without building',
        (y) =>
          y
            .positional('spec', { type: 'string', demandOption: true })
            .example('$0 validate specs/default.yaml', 'prints what the spec selects, or what is wrong with it'),
        async (a) => {
          // The selection's listing lays out columns by display width (string-width): loaded when it prints.
          const [{ briefing }, { describeSelection }] = await Promise.all([checkBuild({ spec: a.spec }, loadCorpus(a.content), DEFAULTS.themes), import('./selection.js')]);
          for (const w of briefing.warnings) io.err(`warning: ${w}`);
          io.out(`${a.spec}: ok — ${count(briefing.groups.filter((g) => g.kind !== 'part').length, 'part')}, ${count(briefing.slides.length, 'slide')}, language ${briefing.language}, theme ${briefing.theme}`);
          io.out('');
          for (const line of describeSelection(briefing)) io.out(line);
        },
      )
      .command(
        'list',
        'list documents, areas, supports, section ids and quotes: what you need to write a spec',
        (y) =>
          y
            .option('lang', { type: 'string', requiresArg: true, choices: ['zh', 'en'] as const, default: 'en', describe: 'language of titles' })
            .option('quotes', { type: 'boolean', default: false, describe: 'list the expert quotes by speaker' })
            .option('doc', { type: 'string', requiresArg: true, coerce: nonEmpty('doc'), describe: 'list every section of one document (e.g. an imported one)' })
            .example('$0 list --lang zh', 'titles in Chinese')
            .example('$0 list --quotes', 'quote ids by speaker'),
        async (a) => {
          // The listings lay out columns by display width (string-width): loaded by the commands that print them.
          const [corpus, { listCorpus, listDocument, listQuotes }] = await Promise.all([loadCorpus(a.content), import('./list.js')]);
          const lang = a.lang as 'zh' | 'en';
          for (const line of a.quotes ? listQuotes(corpus, lang) : a.doc ? listDocument(corpus, a.doc, lang) : listCorpus(corpus, lang)) io.out(line);
        },
      )
      .check(() => {
        // Booleans strictly true or false: yargs reads --pdf=maybe as false. Its typings do not declare getOptions().
        const { boolean } = (cli as unknown as { getOptions(): { boolean: string[] } }).getOptions();
        checkBooleans(argv, [...boolean, ...boolean.map((b) => b.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()))]);
        return true;
      }, true)
      .demandCommand(1, 'name a command: build, serve, compose, list, validate, import or translate (see --help)')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      .version(false)
      .wrap(helpWidth())
      .epilogue('Exit codes: 0 ok, 1 failure (e.g. no browser, export failed), 2 bad input (spec, corpus, flags), 130 Ctrl-C, 143 SIGTERM.')
      .exitProcess(false)
      .fail((message, err) => {
        const flag = err && flagError(err);
        if (flag) throw flag;
        // yargs' own parse errors (YError) are the user's; anything else is an error of the command itself.
        if (err && err.name !== 'YError') throw err;
        const msg = message ?? err?.message ?? 'invalid command line';
        const missing = /^Not enough arguments following: (.+)$/.exec(msg)?.[1];
        if (missing) {
          const flag = `${missing.length === 1 ? '-' : '--'}${missing}`;
          throw new UserError(`${flag}: expected a value, found nothing`, { hint: `write it as ${flag} <value>` });
        }
        // yargs knows the flags of the command being parsed; its typings do not declare getOptions().
        const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
        throw new UserError(msg, { hint: flagHint(msg, known) ?? 'see briefing --help' });
      })
      .parseAsync();
    if (stoppedBy) exitCode = signalExitCode(stoppedBy);
  } catch (err) {
    exitCode = report(err, io);
  } finally {
    if (guard) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
  return exitCode;
}

/**
 * After running a command, yargs lays out that command's whole help text and keeps it, in case the handler asks for
 * help (ours never do; a failure is a UserError, printed without help): a tenth of an HTML build's CPU time, for
 * nothing. Not done. This reaches into yargs 17's internals (its typings do not declare them): without them, nothing
 * changes.
 */
function skipHelpCache(cli: object): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (cli as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/** Help is laid out to the terminal's width; when printing to a file or a pipe, to $COLUMNS or 100 columns. */
export function helpWidth(columns = process.stdout.isTTY ? process.stdout.columns : Number(process.env.COLUMNS) || undefined): number {
  return Math.max(40, columns || 100);
}

/** The exit code for a run a signal ended: 128 + its number, as shells report it (Ctrl-C, SIGINT: 130; SIGTERM: 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? ExitCode.interrupted - 128);
}

/** `serve` and `compose`: build, serve until Ctrl-C or SIGTERM; resolves with the signal that stopped it. */
async function runServer(
  a: { spec: string; out?: string | undefined; content: string; host: string; port: number; open: boolean; overrides?: SpecOverrides },
  openPath: string,
  io: Io,
): Promise<NodeJS.Signals> {
  const { serve } = await import('../serve/index.js');
  // No output folder given: the build's default (out/<spec name>/), claimed for this spec like `briefing build` does.
  const build = { spec: a.spec, ...(a.out ? { out: path.resolve(a.out) } : {}), content: a.content, ...(a.overrides ? { overrides: a.overrides } : {}) };
  // Listen for the signals first: one that comes while the server starts still stops it cleanly.
  let stopping: NodeJS.Signals | undefined;
  let stopped!: (signal: NodeJS.Signals) => void;
  const done = new Promise<NodeJS.Signals>((resolve) => (stopped = resolve));
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while closing: stop at once.
    if (stopping) process.exit(signalExitCode(signal));
    stopping = signal;
    // An export the composer started: its browser, temporary files and output lock go too.
    killBrowsers();
    interruptOutputs();
    io.err(`stopped (${signal})`);
    stopped(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const serving = await serve({ build, host: a.host, port: a.port, open: a.open, openPath }, io);
    const signal = await done;
    await serving.close();
    return signal;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/**
 * `briefing build a.yaml b.yaml …`: a batch. Each spec builds into its own folder (`--out` is then their parent:
 * `<out>/<spec name>/`), one browser prints all the PDFs; a line per spec as it ends, a table at the end. One failing
 * spec does not stop the others; the exit code is the worst one.
 */
async function runBatch(specs: string[], a: Record<string, unknown>, io: Io, rel: (p: string) => string): Promise<number> {
  const { buildBatch, summaryTable } = await import('../build/batch.js');
  const t0 = nowMs();
  io.err(`batch: ${specs.length} specs${a.out ? ` into ${rel(String(a.out))}/<spec name>/` : ''}`);
  const result = await buildBatch(
    specs,
    {
      ...(a.out ? { out: String(a.out) } : {}),
      content: String(a.content),
      overrides: overridesFrom(a),
      ...(a.pdf !== undefined || a.pdfNotes ? { pdf: (a.pdf as boolean | undefined) ?? true } : {}),
      pdfNotes: !!a.pdfNotes,
      ...(a.pptx !== undefined ? { pptx: a.pptx as boolean } : {}),
      png: !!a.png,
      ...(a.browserPath ? { browserPath: String(a.browserPath) } : {}),
      timeout: a.timeout as number,
      standalone: !!a.standalone,
      ...(a.jobs !== undefined ? { jobs: a.jobs as number } : {}),
    },
    io,
  );
  for (const line of summaryTable(result, rel)) io.out(line);
  io.err(`batch built in ${Math.round(nowMs() - t0)} ms`);
  return result.exitCode;
}

function report(err: unknown, io: Io): number {
  const { lines, exitCode } = formatError(err);
  for (const l of lines) io.err(l);
  return exitCode;
}

/**
 * A suggestion for a mistyped flag or flag value, from yargs' message: "Unknown argument: lnag" → `did you mean
 * "--lang"?`; "Argument: lang, Given: "english", Choices: …" → `did you mean "en"?`.
 */
export function flagHint(message: string, known: string[]): string | undefined {
  const unknown = /^Unknown arguments?: ([^,\n]+)/.exec(message)?.[1]?.trim();
  if (unknown) {
    const near = closest(unknown.replace(/^-+/, ''), known.filter((k) => k.length > 1 && k !== 'version'));
    return near ? `did you mean "--${near}"?` : undefined;
  }
  const choice = /Argument: ([\w-]+), Given: "([^"]*)", Choices: (.+)/.exec(message);
  if (choice) {
    const allowed = [...choice[3]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    const near = closestChoice(choice[2]!, allowed);
    return near ? `did you mean "--${choice[1]} ${near}"?` : undefined;
  }
  return undefined;
}
