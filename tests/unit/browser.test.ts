import { describe, expect, it } from 'vitest';
import { findBrowser, isHeadlessShell, shellCandidates, systemCandidates } from '../../src/export/browser.js';

const only = (...present: string[]) => async (f: string) => present.includes(f);
const noEmbedded = async () => undefined;

describe('findBrowser', () => {
  it('prefers --browser-path, then BRIEFING_BROWSER, then CHROME_PATH, then installed, then embedded', async () => {
    const env = { BRIEFING_BROWSER: '/b', CHROME_PATH: '/c', PATH: '/usr/bin' };
    const all = only('/a', '/b', '/c', '/usr/bin/chromium');
    expect((await findBrowser({ explicit: '/a', env, isExecutable: all, embedded: noEmbedded })).found?.source).toBe('--browser-path');
    expect((await findBrowser({ env, isExecutable: all, embedded: noEmbedded })).found?.source).toBe('BRIEFING_BROWSER');
    expect((await findBrowser({ env: { ...env, BRIEFING_BROWSER: '' }, isExecutable: all, embedded: noEmbedded })).found?.source).toBe('CHROME_PATH');
    expect((await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: all, embedded: noEmbedded })).found?.path).toBe('/usr/bin/chromium');
    const embedded = async () => ({ path: '/tmp/chromium', source: '@sparticuz/chromium' });
    expect((await findBrowser({ env: { PATH: '/nowhere' }, platform: 'linux', isExecutable: only(), embedded })).found?.source).toBe('@sparticuz/chromium');
  });

  it('reports what it tried when nothing is there, and does not replace a named browser that is missing', async () => {
    const none = await findBrowser({ env: { PATH: '/nowhere' }, platform: 'linux', isExecutable: only(), embedded: noEmbedded });
    expect(none.found).toBeUndefined();
    expect(none.tried.join(' ')).toContain('@sparticuz/chromium');
    const named = await findBrowser({ explicit: '/missing', env: { PATH: '/usr/bin' }, isExecutable: only('/usr/bin/chromium'), embedded: noEmbedded });
    expect(named.found).toBeUndefined();
    expect(named.tried).toEqual(['--browser-path=/missing']);
  });

  it('prefers an installed headless shell (the binary, not its wrapper script) to the full browser', async () => {
    const installed = only('/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell');
    const found = (await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: installed, embedded: noEmbedded })).found;
    expect(found).toEqual({ path: '/usr/lib/chromium/chromium-headless-shell', source: 'system', shell: true });
    // Only the wrapper on PATH (another layout): that, still as a shell.
    const wrapper = (await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium', '/usr/bin/chromium-headless-shell'), embedded: noEmbedded })).found;
    expect(wrapper).toEqual({ path: '/usr/bin/chromium-headless-shell', source: 'system', shell: true });
    // No shell: the full browser, launched as one.
    const full = (await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium'), embedded: noEmbedded })).found;
    expect(full).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    // Asked for a full browser (tests that need one): the shell is passed over.
    const asked = (await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: installed, embedded: noEmbedded, shell: false })).found;
    expect(asked?.path).toBe('/usr/bin/chromium');
    // Neither: the embedded Chromium, as before.
    const embedded = async () => ({ path: '/tmp/chromium', source: '@sparticuz/chromium' });
    expect((await findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only(), embedded })).found?.source).toBe('@sparticuz/chromium');
    // Not on macOS or Windows (no such package there): their browsers are looked for as before.
    expect(shellCandidates('darwin', {})).toEqual([]);
  });

  it('launches a browser named on purpose as a shell when its file name says it is one', async () => {
    const named = (await findBrowser({ explicit: '/opt/chrome-headless-shell-linux64/chrome-headless-shell', env: {}, isExecutable: async () => true, embedded: noEmbedded })).found;
    expect(named).toEqual({ path: '/opt/chrome-headless-shell-linux64/chrome-headless-shell', source: '--browser-path', shell: true });
    const env = (await findBrowser({ env: { BRIEFING_BROWSER: '/usr/bin/chromium' }, isExecutable: async () => true, embedded: noEmbedded })).found;
    expect(env).toEqual({ path: '/usr/bin/chromium', source: 'BRIEFING_BROWSER' });
    expect(isHeadlessShell('C:\\chrome-headless-shell\\chrome-headless-shell.exe')).toBe(true);
    expect(isHeadlessShell('/usr/lib/chromium/chromium')).toBe(false);
  });

  it('knows where Chrome and Edge live on macOS and Windows', () => {
    expect(systemCandidates('darwin', {})[0]).toContain('Google Chrome.app');
    const win = systemCandidates('win32', { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' });
    expect(win).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });
});
