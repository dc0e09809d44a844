/**
 * A synthetic corpus n times the size of the shipped one, for the benchmark (and for profiling by hand:
 * `npx tsx bench/synthetic.ts 100` prints the folder and spec it made).
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULTS } from '../src/paths.js';

/** A corpus n times the size: the Opinions copied n times with renamed ids, and a spec that selects every copy. */
export async function synthetic(n: number): Promise<{ content: string; spec: string; sections: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `briefing-bench-${n}x-`));
  const content = path.join(dir, 'content');
  await cp(DEFAULTS.content, content, { recursive: true });
  const src = path.join(DEFAULTS.content, 'ai-plus-opinions');
  const files = (await readdir(src)).filter((f) => f.endsWith('.md'));
  const ids = files.map((f) => f.replace(/\.md$/, ''));
  const idPattern = new RegExp(`^(id|parent): (${ids.join('|')})$`, 'gm');
  const entries: string[] = [];
  for (let k = 2; k <= n; k++) {
    const out = path.join(content, `copy-${k}`);
    await cp(src, out, { recursive: true });
    const doc = await readFile(path.join(out, '_document.yaml'), 'utf8');
    // Its taxonomy's members are its own sections, renamed like them (a member key names a section of the folder).
    const members = doc.replace(/^id: .*$/m, `id: opinions-copy-${k}`).replace(/^order: .*$/m, `order: ${k + 10}`).replace(/\{ key: ([\w-]+)/g, `{ key: $1-c${k}`);
    await writeFile(path.join(out, '_document.yaml'), members);
    for (const f of files) {
      const text = await readFile(path.join(out, f), 'utf8');
      await writeFile(path.join(out, f), text.replace(idPattern, (_, key: string, id: string) => `${key}: ${id}-c${k}`));
    }
    entries.push(...['science', 'industry', 'consumption', 'livelihood', 'governance', 'global', 'models', 'data', 'compute'].map((a) => `  - ${a}-c${k}`));
  }
  const spec = path.join(dir, `synthetic-${n}x.yaml`);
  await writeFile(spec, `title: Synthetic ${n}x\nlanguage: bilingual\nsections:\n  - targets\n  - area: industry\n  - support: [compute]\n${entries.join('\n')}\ndeck: { quotes: false }\n`);
  return { content, spec, sections: files.length * n };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const made = await synthetic(Number(process.argv[2]) || 100);
  console.log(JSON.stringify(made));
}
