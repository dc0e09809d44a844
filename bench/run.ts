/**
 * npm run bench: how long each stage takes, for the default spec and for synthetic corpora 10× and 100× the size.
 * Prints figures; asserts nothing (goals are in the README's "Performance" section).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../src/build.js';
import { DEFAULTS, PROJECT_ROOT } from '../src/paths.js';
import { silentIo } from '../src/log.js';
import { serveFigures } from './serve.js';
import { synthetic } from './synthetic.js';

const ms = (n: number) => `${Math.round(n)} ms`.padStart(9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (label: string, ...cols: string[]) => console.log(`${label.padEnd(34)}${cols.join('  ')}`);

/** The whole CLI as a new process, as a user runs it (needs `npm run build` first: it runs dist/). */
function processTime(argsOf: string[] | ((run: number) => string[]), runs: number, env: Record<string, string> = {}): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const args = typeof argsOf === 'function' ? argsOf(i) : argsOf;
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'briefing.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`briefing ${args.join(' ')} failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Peak resident memory of the whole CLI as a new process, in MiB (median of `runs`): the child reports its own
 * process.resourceUsage().maxRSS as it exits, so no /usr/bin/time is needed.
 */
function peakRss(args: string[], runs: number): number {
  const report = "process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS+'\\n'))";
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(report)}`, path.join(PROJECT_ROOT, 'bin', 'briefing.js'), ...args], { encoding: 'utf8' });
    const kib = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]);
    if (r.status !== 0 || !kib) throw new Error(`briefing ${args.join(' ')} failed: ${r.stderr}`);
    peaks.push(kib / 1024);
  }
  return median(peaks);
}

/**
 * The goal for the default spec's HTML build as a whole process is a ratio: 0.25× Marp CLI's HTML conversion of the
 * same slides (issue 16). Marp's time drifts with the machine (0.82 s when the issue was written, 1.3-1.4 s on the same
 * machine later), so only bench/compare.sh, which runs both side by side, says whether it is met; this bench prints
 * the figure and points there.
 */
const HTML_GOAL = 'goal ≤ 0.25× Marp: npm run bench:compare measures the ratio side by side';

/** Which code bin/briefing.js runs: the bundle (dist/cli.cjs) when `npm run build` made it. */
function cliFile(): string {
  const mtime = (f: string) => (existsSync(path.join(PROJECT_ROOT, f)) ? statSync(path.join(PROJECT_ROOT, f)).mtimeMs : -1);
  return mtime('dist/cli.cjs') >= 0 && mtime('dist/cli.cjs') >= mtime('dist/cli/main.js') ? 'dist/cli.cjs (the bundle)' : 'dist/cli/main.js (tsc output, no bundle)';
}

/** Node starting and exiting, doing nothing: no CLI can start faster. */
function nodeStart(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs of each serve figure: its goals are tens of milliseconds, which a busy moment of the machine moves. */
const SERVE_RUNS = 9;

const against = (value: number, goal: number, unit: string) => `(goal < ${goal} ${unit}: ${value < goal ? 'met' : 'NOT met'})`;

/**
 * A fixed piece of CPU work (a seeded shuffle of 2^18 numbers, sorted; median of 5), ms: the same on every run, so
 * that its time says how fast this machine is just now. On a machine shared with other work it takes longer, and so
 * does everything else: the serve figures, which have goals of tens of milliseconds, are read against it.
 */
function machineCheck(): number {
  const times: number[] = [];
  const xs = new Float64Array(1 << 18);
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    let seed = 0x2545f491;
    for (let i = 0; i < xs.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      xs[i] = seed >>> 0;
    }
    xs.sort();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const spread = (t: { spread: [number, number] }) => `(middle half ${Math.round(t.spread[0])}–${Math.round(t.spread[1])} ms)`;

/** The serve and composer figures, printed as in the whole run, with the machine check before and after them. */
async function serveRows(out: string, runs: number): Promise<void> {
  console.log(`\nserve, in a process of their own (the server in it), default spec, a headless page open (medians of ${runs} after 2 to warm up; cpu: this process):`);
  const before = machineCheck();
  const live = await serveFigures(out, runs);
  const after = machineCheck();
  row('  spec edit → open page updated', ms(live.edit.wall), spread(live.edit), `cpu ${ms(live.edit.cpu)}`, `(in the page, from the write; ${ms(live.edit.driven!).trim()} as this process sees it, the span of the cpu figure; output written at ${Math.round(live.edit.told!)} ms${live.edit.reloads ? `; ${live.edit.reloads} of the edits reloaded the page` : ''})`, against(live.edit.wall, 150, 'ms'));
  row('  composer: tick → preview shown', ms(live.preview.wall), spread(live.preview), `cpu ${ms(live.preview.cpu)}`, `(in the page, from the click; ${ms(live.preview.driven!)} as Puppeteer drives it, the span of the cpu figure)`, against(live.preview.wall, 50, 'ms'));
  row('  machine check, before and after', `${ms(before).trim()}, ${ms(after).trim()}`, '(a fixed CPU task: it takes longer, as everything does, while other work shares the cores)');
}

async function main() {
  if (!process.env.BENCH_NESTED) console.log(`briefing benchmark — node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
  const out = await mkdtemp(path.join(os.tmpdir(), 'briefing-bench-out-'));
  // A cache of our own, empty at the start, so the figures do not depend on earlier runs.
  process.env.BRIEFING_CACHE_DIR = path.join(out, 'cache');
  // `npm run bench -- --serve` (or BENCH_ONLY=serve): only the serve and composer figures (BENCH_RUNS of them).
  if (process.argv.includes('--serve') || process.env.BENCH_ONLY === 'serve') {
    await serveRows(out, Number(process.env.BENCH_RUNS) || SERVE_RUNS);
    await rm(out, { recursive: true, force: true });
    return;
  }

  console.log(`Whole process (median of 5), default spec, bin/briefing.js running ${cliFile()}:`);
  const floor = nodeStart(5);
  row("  Node's own start (node -e 0)", ms(floor), '(the floor for any CLI)');
  row('  HTML build, no cache', ms(processTime(['build', '--out', path.join(out, 'p')], 5, { BRIEFING_NO_CACHE: '1' })), '(parses the corpus, compiles the templates)');
  const html = processTime(['build', '--out', path.join(out, 'p')], 5);
  row('  HTML build (deck + brief)', ms(html), '(corpus, templates, spec check and pages from the cache)', `(${HTML_GOAL})`);
  row('  HTML build, pages rendered', ms(processTime((i) => ['build', '--out', path.join(out, 'p'), '--title', `Bench run ${i}`], 5)), '(a new title each run, as after an edit: the pages are rendered)');
  const rss = peakRss(['build', '--out', path.join(out, 'p')], 3);
  row('  HTML build, peak RSS', `${rss.toFixed(0)} MiB`.padStart(9), '(median of 3)', against(rss, 100, 'MiB'));
  row('  briefing validate', ms(processTime(['validate', DEFAULTS.spec], 5)));
  row('  briefing list', ms(processTime(['list'], 5)));
  const pdfTimes: number[] = [];
  for (let i = 0; i < 3; i++) pdfTimes.push(processTime(['build', '--out', path.join(out, 'pp'), '--pdf'], 1));
  row('  HTML + deck.pdf + brief.pdf', ms(median(pdfTimes)), '(median of 3, includes browser start)');

  console.log('\nStages, in process (first run: empty cache; second: everything from the cache, pages too; edited: a new title, the pages rendered):');
  row('  corpus', 'sections', '   load  ', ' resolve ', ' render  ', ' write   ', ' slides', ' total   ', ' rss');
  let warm100 = NaN;
  let edited100 = NaN;
  let process100 = NaN;
  let processEdited100 = NaN;
  for (const n of [1, 10, 100]) {
    const syn = n === 1 ? { content: DEFAULTS.content, spec: DEFAULTS.spec, sections: 37 } : await synthetic(n);
    for (const run of ['first', 'second', 'edited']) {
      const t0 = performance.now();
      // "edited": a new title (on every slide), so the pages are rendered again with the rest from the cache.
      const overrides = run === 'edited' ? { title: `Synthetic ${n}x, edited` } : {};
      const r = await build({ spec: syn.spec, content: syn.content, out: path.join(out, `s${n}`), overrides }, silentIo);
      const total = performance.now() - t0;
      const t = r.timings;
      if (n === 100 && run === 'second') warm100 = total;
      if (n === 100 && run === 'edited') edited100 = total;
      row(`  ${n}× ${run}`, `${String(syn.sections).padStart(8)}`, ms(t.loadCorpus!), ms(t.resolveSpec! + t.readSpec!), ms(t.renderHtml!), ms(t.writeHtml!), String(r.briefing.slides.length).padStart(7), ms(total), `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    }
    // The 100× corpus as a user builds it: a new process, corpus and templates from the (now warm) cache.
    if (n === 100) {
      process100 = processTime(['build', syn.spec, '--content', syn.content, '--out', path.join(out, 'p100')], 3);
      processEdited100 = processTime((i) => ['build', syn.spec, '--content', syn.content, '--out', path.join(out, 'p100'), '--title', `Synthetic, edit ${i}`], 3);
    }
    if (n !== 1) await rm(path.dirname(syn.content), { recursive: true, force: true });
  }
  row('  100× HTML build, warm cache', ms(warm100), '(in process, second build)', against(warm100, 1000, 'ms'));
  row('  100× HTML build, whole process', ms(process100), '(median of 3, warm cache)', against(process100, 1000, 'ms'));
  row('  100× HTML build, edited', ms(edited100), `(in process; whole process ${ms(processEdited100).trim()}: a new title, the pages rendered)`);

  // In a process of their own, as `briefing serve` runs in one: this one's heap holds what the builds above left (the
  // 100× corpora, some 300 MiB), which a server's garbage collector would not have to go through.
  const serving = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--serve'], { stdio: 'inherit', env: { ...process.env, BENCH_RUNS: String(SERVE_RUNS), BENCH_NESTED: '1' } });
  if (serving.status !== 0) throw new Error(`the serve figures failed (exit status ${serving.status})`);

  console.log('\nPDF export, in process, default spec:');
  const r = await build({ spec: DEFAULTS.spec, out: path.join(out, 'pdf'), pdf: true }, silentIo);
  // The browser starts beside the HTML build: what is left is the wait for it once the HTML is written.
  row('  waiting for the browser', ms(r.pdf!.browser.startMs), `(${r.pdf!.browser.source}: ${r.pdf!.browser.path}; started with the HTML build)`);
  row('  HTML build before the export', ms(r.timings.loadCorpus! + r.timings.renderHtml! + r.timings.writeHtml!));
  for (const f of r.pdf!.files) row(`  ${f.name}`, ms(f.ms), `${f.pages} pages, ${(f.bytes / 1024).toFixed(0)} KiB`);
  row('  export total (parallel)', ms(r.timings.pdf!));
  try {
    const pages = execFileSync('pdfinfo', [path.join(out, 'pdf', 'deck.pdf')], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1];
    row('  deck.pdf pages (pdfinfo)', pages ?? '?');
  } catch {
    /* poppler not installed */
  }
  await rm(out, { recursive: true, force: true });

  console.log('\nGoals (issue 16), from the figures above:');
  row('  HTML build, default spec', ms(html), HTML_GOAL, `(${(html / floor).toFixed(1)}× Node's own start)`);
  row('  100× corpus, warm cache', ms(process100), 'goal < 1000 ms', process100 < 1000 ? 'met' : 'NOT met', `(whole process; ${ms(processEdited100).trim()} when edited)`);
  row('  HTML build, peak RSS', `${rss.toFixed(0)} MiB`.padStart(9), 'goal < 100 MiB', rss < 100 ? 'met' : 'NOT met');
}

await main();
