import { describe, expect, it } from 'vitest';
import { findBrowser, systemCandidates } from '../../src/export/browser.js';

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

  it('knows where Chrome and Edge live on macOS and Windows', () => {
    expect(systemCandidates('darwin', {})[0]).toContain('Google Chrome.app');
    const win = systemCandidates('win32', { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files' });
    expect(win).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });
});
