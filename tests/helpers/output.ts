import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Inside `dir`: an output folder `out/` whose `assets` is a symbolic link to a folder `elsewhere/` holding one file,
 * deck.css, that reads "precious" — what a build must never write through.
 */
export async function outWithAssetsLink(dir: string): Promise<{ out: string; elsewhere: string }> {
  const elsewhere = path.join(dir, 'elsewhere');
  await mkdir(elsewhere);
  await writeFile(path.join(elsewhere, 'deck.css'), 'precious');
  const out = path.join(dir, 'out');
  await mkdir(out);
  await symlink(elsewhere, path.join(out, 'assets'));
  return { out, elsewhere };
}
