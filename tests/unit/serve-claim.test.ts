import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULTS } from '../../src/paths.js';
import { serve } from '../../src/serve/index.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();

const name = `serve-claim-${process.pid}`;
let dir: string | undefined;
afterAll(async () => {
  await rm(path.join(DEFAULTS.out, name), { recursive: true, force: true });
});

it('serve builds into the default folder through the same guard as build: two specs never share it', async () => {
  dir = await tempDir('serve-claim');
  const [a, b] = [path.join(dir, 'a', `${name}.yaml`), path.join(dir, 'b', `${name}.yaml`)];
  for (const f of [a, b]) {
    await mkdir(path.dirname(f), { recursive: true });
    await writeFile(f, 'title: x\nsections: [targets]\n');
  }
  expect(await main(['build', a], { out: () => {}, err: () => {} })).toBe(0);
  const log: string[] = [];
  const serving = await serve({ build: { spec: b }, host: '127.0.0.1', port: 0, open: false }, { out: (l) => log.push(l), err: (l) => log.push(l) });
  await serving.close();
  expect(log.join('\n')).toContain(`the output folder ${path.join(DEFAULTS.out, name)} belongs to another spec (${a})`);
});
