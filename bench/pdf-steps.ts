/**
 * Where a PDF export's time goes, step by step, for one built output folder: browser start, each page's load, its
 * ready flag (fonts and fitting), page.pdf, the pdf-lib finish, with the fonts each page loaded and the CPU time of
 * Node and of the browser's processes. Prints figures; asserts nothing.
 *   npx tsx bench/pdf-steps.ts <output folder with deck.html and brief.html> [runs] [parallel]
 * Build the folder first (briefing build spec --out folder). Each run prints the deck and the brief opened in
 * parallel (as the export does), then, without "parallel", one after the other. SAVE=<folder> also writes the
 * finished PDFs there (to compare outputs of two variants with pdftotext and pdffonts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { finishPdf } from '../src/export/pdf.js';
import { BrowserSession } from '../src/export/session.js';

const dir = path.resolve(process.argv[2] ?? 'out/default');
const runs = Number(process.argv[3] ?? 3);
const clockTick = 100; // USER_HZ on Linux

/** CPU seconds of every process in the browser's process group (the browser and its renderers), from /proc. */
function browserCpu(pgid: number): { total: number; byType: Record<string, number> } {
  let ticks = 0;
  const byType: Record<string, number> = {};
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the name: state(0) ppid(1) pgrp(2) … utime(11) stime(12) cutime(13) cstime(14)
      if (Number(f[2]) !== pgid) continue;
      const t = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      ticks += t;
      const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      byType[type] = (byType[type] ?? 0) + t / clockTick;
    } catch {
      /* gone */
    }
  }
  return { total: ticks / clockTick, byType };
}

const nodeCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

type Marks = [string, number][];

async function openTimed(session: BrowserSession, file: string, flag: string, query: string, marks: Marks, t0: number): Promise<Page> {
  const mark = (s: string) => marks.push([s, performance.now() - t0]);
  const page = await session.page(dir);
  mark(`${file}: page ready`);
  const fonts: { start: number; end: number }[] = [];
  const pending = new Map<string, number>();
  let requests = 0;
  page.on('request', (r) => {
    requests++;
    if (/\.(woff2|ttf)$/.test(r.url())) pending.set(r.url(), performance.now() - t0);
  });
  page.on('requestfinished', (r) => {
    const s = pending.get(r.url());
    if (s !== undefined) fonts.push({ start: s, end: performance.now() - t0 });
  });
  await page.goto(pathToFileURL(path.join(dir, file)).href + query, { waitUntil: 'load' });
  mark(`${file}: load event`);
  await page.waitForFunction((f: string) => document.documentElement.dataset[f] === 'true', { polling: 'mutation' }, flag);
  mark(`${file}: ${flag}`);
  await page.waitForFunction(() => document.fonts.ready.then(() => true), { polling: 'mutation' });
  mark(`${file}: fonts.ready`);
  const nav = await page.evaluate(() => {
    const n = (performance.getEntriesByType as (t: string) => PerformanceEntry[])('navigation')[0] as PerformanceNavigationTiming;
    return { dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), now: Math.round(performance.now()) };
  });
  marks.push([`${file}: ${requests} requests, ${fonts.length} woff2, from ${Math.round(Math.min(...fonts.map((f) => f.start)))} to ${Math.round(Math.max(0, ...fonts.map((f) => f.end)))} ms (page clock: DCL ${nav.dcl}, load ${nav.load}, now ${nav.now})`, NaN]);
  return page;
}

async function once(parallel: boolean): Promise<{ marks: Marks; node: number; chrome: { total: number; byType: Record<string, number> }; total: number }> {
  const marks: Marks = [];
  const c0 = nodeCpu();
  const t0 = performance.now();
  const mark = (s: string) => marks.push([s, performance.now() - t0]);
  const session = await BrowserSession.start({});
  mark('browser started');
  // As in a build, where the HTML is still being written when the browser is up: DELAY=ms before the pages open.
  if (process.env.DELAY) {
    await new Promise((r) => setTimeout(r, Number(process.env.DELAY)));
    mark(`waited ${process.env.DELAY} ms`);
  }
  const pgid = session.browser.process()!.pid!;
  const deck = async () => {
    const page = await openTimed(session, 'deck.html', 'deckReady', '?print-pdf', marks, t0);
    const size = await page.evaluate(() => {
      const r = document.querySelector<HTMLElement>('.pdf-page')!.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height) };
    });
    const raw = await page.pdf({ printBackground: true, width: `${size.width}px`, height: `${size.height}px`, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    mark(`deck.html: page.pdf (${(raw.byteLength / 1024).toFixed(0)} KiB)`);
    const out = await finishPdf(raw, { title: 'x', outline: [{ title: 'a', page: 1 }] });
    mark(`deck.html: finishPdf (${out.pages} pages)`);
    if (process.env.SAVE) writeFileSync(path.join(process.env.SAVE, 'deck.pdf'), out.bytes);
    await page.close();
  };
  const brief = async () => {
    const page = await openTimed(session, 'brief.html', 'briefReady', '', marks, t0);
    await page.emulateMediaType('print');
    const raw = await page.pdf({ printBackground: true, format: 'A4', preferCSSPageSize: true, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    mark(`brief.html: page.pdf (${(raw.byteLength / 1024).toFixed(0)} KiB)`);
    const out = await finishPdf(raw, { title: 'x' });
    if (process.env.SAVE) writeFileSync(path.join(process.env.SAVE, 'brief.pdf'), out.bytes);
    mark('brief.html: finishPdf');
    await page.close();
  };
  if (parallel) await Promise.all([deck(), brief()]);
  else {
    await deck();
    await brief();
  }
  const chrome = browserCpu(pgid);
  await session.close();
  mark('browser closed');
  return { marks, node: nodeCpu() - c0, chrome, total: performance.now() - t0 };
}

for (const parallel of process.argv[4] === "parallel" ? [true] : [true, false]) {
  for (let i = 0; i < runs; i++) {
    const r = await once(parallel);
    console.log(`== ${parallel ? 'parallel' : 'one after the other'}, run ${i + 1}: ${Math.round(r.total)} ms wall, CPU node ${r.node.toFixed(2)} s, browser ${r.chrome.total.toFixed(2)} s (${Object.entries(r.chrome.byType).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')})`);
    for (const [s, t] of r.marks.sort((a, b) => (Number.isNaN(a[1]) ? 1e9 : a[1]) - (Number.isNaN(b[1]) ? 1e9 : b[1]))) console.log(`  ${Number.isNaN(t) ? '     ' : String(Math.round(t)).padStart(5)}  ${s}`);
  }
}
