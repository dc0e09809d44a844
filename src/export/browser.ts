import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { importPackage } from '../util/import-package.js';

export interface BrowserCandidate {
  path: string;
  /** Where it was found: "--browser-path", "BRIEFING_BROWSER", "system", "@sparticuz/chromium". */
  source: string;
  /** Extra launch arguments the browser needs (the embedded Chromium has its own). */
  args?: string[];
  /**
   * Chromium's headless shell (chromium-headless-shell, chrome-headless-shell): a build without the browser UI that
   * starts in about half the time and prints the same pages; launched with puppeteer's `headless: 'shell'`.
   */
  shell?: boolean;
}

export interface FindOptions {
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Check that a file is executable; injectable for tests. */
  isExecutable?: (file: string) => Promise<boolean>;
  /** The embedded fallback; injectable for tests. */
  embedded?: () => Promise<BrowserCandidate | undefined>;
  /** Look for an installed headless shell before the full browsers (default true; false: full browsers only). */
  shell?: boolean;
}

/** A headless shell, by its file name: Debian's chromium-headless-shell, Chrome for Testing's chrome-headless-shell. */
export const isHeadlessShell = (file: string): boolean => /headless[-_]shell(\.exe)?$/i.test(file);

const executable = async (file: string): Promise<boolean> => {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where Chromium's headless shell is installed (Linux): Debian's package puts the binary in /usr/lib/chromium (its
 * /usr/bin entry is a shell script around it; the binary itself is started, so no shell stands in between).
 */
export function shellCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== 'linux') return [];
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter).filter(Boolean);
  return [
    '/usr/lib/chromium/chromium-headless-shell',
    ...['chromium-headless-shell', 'chrome-headless-shell'].flatMap((n) => dirs.map((d) => path.posix.join(d, n))),
  ];
}

/** Where Chrome, Chromium and Edge live on each platform, in order of preference. */
export function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
    return roots.flatMap((r) => [
      path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(r, 'Chromium', 'Application', 'chrome.exe'),
      path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  const names = ['google-chrome-stable', 'google-chrome', 'chromium', 'chromium-browser', 'microsoft-edge-stable', 'microsoft-edge'];
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter).filter(Boolean);
  return [
    ...names.flatMap((n) => dirs.map((d) => path.posix.join(d, n))),
    '/opt/google/chrome/chrome',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
  ];
}

/** The Chromium shipped inside the optional npm package @sparticuz/chromium (Linux x64/arm64 only). */
export async function embeddedChromium(): Promise<BrowserCandidate | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const mod = (await importPackage<unknown>('@sparticuz/chromium')) as { default: { executablePath(): Promise<string>; args: string[] } };
    const chromium = mod.default;
    const file = await chromium.executablePath();
    // Its default args assume a serverless sandbox; keep only what headless printing needs.
    const args = chromium.args.filter(
      (a) => !/^--(single-process|no-zygote|use-gl|use-angle|enable-unsafe-swiftshader|headless|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials)/.test(a),
    );
    return { path: file, source: '@sparticuz/chromium', args };
  } catch {
    return undefined;
  }
}

/**
 * Find a browser: `--browser-path`, then BRIEFING_BROWSER or CHROME_PATH, then an installed headless shell, then an
 * installed Chrome / Chromium / Edge, then the embedded Chromium. Returns undefined when none is there; `tried`
 * lists what was looked at.
 */
export async function findBrowser(options: FindOptions = {}): Promise<{ found?: BrowserCandidate; tried: string[] }> {
  const env = options.env ?? process.env;
  const isExec = options.isExecutable ?? executable;
  const tried: string[] = [];
  const explicit: [string | undefined, string][] = [
    [options.explicit, '--browser-path'],
    [env.BRIEFING_BROWSER, 'BRIEFING_BROWSER'],
    [env.CHROME_PATH, 'CHROME_PATH'],
  ];
  for (const [file, source] of explicit) {
    if (!file) continue;
    tried.push(`${source}=${file}`);
    if (await isExec(file)) return { found: { path: file, source, ...(isHeadlessShell(file) ? { shell: true } : {}) }, tried };
    // A browser named on purpose that is not there is a mistake to report, not a reason to pick another one.
    if (source === '--browser-path') return { tried };
  }
  const platform = options.platform ?? process.platform;
  if (options.shell ?? true) {
    for (const file of shellCandidates(platform, env)) {
      if (await isExec(file)) return { found: { path: file, source: 'system', shell: true }, tried: [...tried, file] };
    }
  }
  for (const file of systemCandidates(platform, env)) {
    if (await isExec(file)) return { found: { path: file, source: 'system' }, tried: [...tried, file] };
  }
  tried.push('installed headless shells, Chrome, Chromium and Edge in the usual places');
  const embedded = await (options.embedded ?? embeddedChromium)();
  if (embedded) return { found: embedded, tried };
  tried.push('@sparticuz/chromium (optional dependency)');
  return { tried };
}

/** Arguments every launch uses: headless, no first-run noise, no background network. */
export function launchArgs(extra: string[] = []): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--font-render-hinting=none',
  ];
  if (process.getuid?.() === 0 || process.env.CI) args.push('--no-sandbox');
  return [...new Set([...extra, ...args])];
}
