/**
 * The composer API's routes called directly (no server, no browser): what the page sends comes back in the saved spec.
 * The state the page holds is the state /state gave it; the API must not drop what it does not name.
 */
import { cp, readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { composeRoutes } from '../../src/serve/compose.js';
import { DEFAULTS } from '../../src/paths.js';
import { parseSpec } from '../../src/spec/parse.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

interface Answer {
  status: number;
  body: any;
}

/** Call one route as the composer page would (same-origin JSON POST, or GET). */
async function call(routes: ReturnType<typeof composeRoutes>, route: string, body?: unknown): Promise<Answer> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const req = Object.assign(Readable.from(text ? [Buffer.from(text)] : []), {
    method: body === undefined ? 'GET' : 'POST',
    url: route,
    headers: { host: '127.0.0.1:9', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) },
  }) as unknown as http.IncomingMessage;
  let status = 0;
  const chunks: string[] = [];
  const res = {
    headersSent: false,
    writeHead(s: number) {
      status = s;
      res.headersSent = true;
      return res;
    },
    end(b?: string | Buffer) {
      if (b !== undefined) chunks.push(String(b));
      return res;
    },
  };
  await routes[route]!(req, res as unknown as http.ServerResponse);
  const all = chunks.join('');
  return { status, body: all.startsWith('{') ? JSON.parse(all) : all };
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir('compose-api');
  await cp(DEFAULTS.specs, path.join(dir, 'specs'), { recursive: true });
});

const ctx = (spec: string) => ({ specFile: path.join(dir, 'specs', spec), host: '127.0.0.1', out: path.join(dir, 'out', spec), content: DEFAULTS.content });

describe('the composer API keeps what the page sends', () => {
  it('saving the state /state gave, unchanged, keeps groups, items, takeaways, own slides, files, classification', async () => {
    const routes = composeRoutes(ctx('board-example-motors.yaml'));
    const state = await call(routes, '/__briefing/compose/state');
    expect(state.body.ok).toBe(true);
    const saved = await call(routes, '/__briefing/compose/save', state.body.state);
    expect(saved.status).toBe(200);
    expect(saved.body.errors).toBeUndefined();
    const before = parseDocument(await readFile(path.join(DEFAULTS.specs, 'board-example-motors.yaml'), 'utf8')).toJS();
    const after = parseDocument(await readFile(ctx('board-example-motors.yaml').specFile, 'utf8')).toJS();
    expect(after).toEqual(before);
  });

  it('an area saved by the composer comes back as an area: ticking one of its items changes one entry', async () => {
    const routes = composeRoutes(ctx('provincial-overview.yaml'));
    const first = (await call(routes, '/__briefing/compose/state')).body.state;
    expect(first.entries.find((e: any) => e.area === 'consumption')).toMatchObject({ kind: 'area', group: 'area', key: 'consumption' });
    // Save once (the composer's own YAML), read the state again: the same entries, the areas still areas.
    expect((await call(routes, '/__briefing/compose/save', { ...first, language: 'en' })).body.ok).toBe(true);
    const again = (await call(routes, '/__briefing/compose/state')).body.state;
    expect(again.entries.map((e: any) => [e.kind, e.area ?? e.id])).toEqual(first.entries.map((e: any) => [e.kind, e.area ?? e.id]));
    // Unticking one item: the preview builds, and the saved spec names the area with the other items.
    const entries = again.entries.map((e: any) => (e.area === 'consumption' ? { ...e, items: [2] } : e));
    const preview = await call(routes, '/__briefing/compose/preview', { ...again, entries });
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.ok).toBe(true);
    const spec = parseSpec(preview.body.yaml, 'x.yaml').spec;
    expect(spec.sections.find((e) => e.kind === 'group' && e.keys?.includes('consumption'))).toMatchObject({ group: "area", items: [2] });
  });

  it('an area the spec names by its id shows as the area, ticked', async () => {
    const routes = composeRoutes(ctx('provincial-overview.yaml'));
    const spec = ctx('provincial-overview.yaml').specFile;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(spec, 'title: T\nlanguage: en\nsections:\n  - targets\n  - consumption\n');
    const state = (await call(routes, '/__briefing/compose/state')).body.state;
    expect(state.entries[1]).toMatchObject({ kind: 'area', area: 'consumption', group: 'area', key: 'consumption' });
    expect(state.entries[1].items).toBeUndefined();
  });

  it('a preview with mistakes of the spec and of the selection names all of them at once, by line', async () => {
    const routes = composeRoutes(ctx('governance-safety.yaml'));
    const state = (await call(routes, '/__briefing/compose/state')).body.state;
    const entries = [...state.entries, { kind: 'id', id: 'industry-agricultre' }];
    const preview = await call(routes, '/__briefing/compose/preview', { ...state, title: 'x'.repeat(801), entries });
    expect(preview.body.ok).toBe(false);
    const messages = preview.body.errors.map((e: any) => e.message ?? e.text ?? JSON.stringify(e));
    expect(messages.join('\n')).toMatch(/title/);
    expect(messages.join('\n')).toMatch(/industry-agricultre/);
    expect(preview.body.errors).toHaveLength(2);
  });
});
