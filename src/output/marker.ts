import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { ParsedSpec } from '../spec/types.js';
import type { OutputWriter } from './writer.js';

const MARKER = '.briefing.json';

/**
 * Two specs with the same file name (say, two `board.yaml` in different folders) would both build into out/board/.
 * The default output folder remembers which spec it belongs to; another spec gets an error instead of mixing outputs.
 */
export async function claimOutDir(writer: OutputWriter, spec: ParsedSpec): Promise<void> {
  const mine = path.resolve(spec.file);
  const marker = path.join(writer.root, MARKER);
  const previous = await readFile(marker, 'utf8').then(
    (t) => {
      try {
        const spec = (JSON.parse(t) as { spec?: unknown } | null)?.spec;
        return typeof spec === 'string' ? spec : undefined;
      } catch {
        return undefined; // a damaged marker: the folder is claimed again
      }
    },
    () => undefined,
  );
  // An owner that no longer exists (the project was moved or renamed, the spec deleted) leaves the folder free.
  const ownerExists = previous ? await stat(previous).then(() => true, () => false) : false;
  if (previous && previous !== mine && ownerExists) {
    throw new UserError(`the output folder ${writer.dir} belongs to another spec (${previous})`, {
      location: { file: spec.file },
      hint: 'two specs with the same file name share out/<name>/: rename one, or pass --out <folder>',
    });
  }
  if (!previous || previous !== mine) await writer.write([{ to: MARKER, content: `${JSON.stringify({ spec: mine }, null, 2)}\n` }]);
}
