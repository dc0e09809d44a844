import { open } from 'node:fs/promises';
import { UserError } from '../errors.js';

/**
 * A text file read whole, but only a regular file of at most `limit` bytes (checked with fstat on the opened file,
 * then read with that bound: a device, a FIFO or a file that grows while read is refused, never read without end),
 * decoded as strict UTF-8. Every failure is a UserError naming the file.
 */
export async function readTextBounded(file: string, limit: number): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new UserError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code})`, { location: { file } });
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UserError('not a regular file', { location: { file }, expected: 'a text file', found: st.isDirectory() ? 'a folder' : 'a device, FIFO or socket' });
    const tooLarge = () =>
      new UserError(`the file is too large (more than ${limit / 1024 / 1024} MiB)`, { location: { file }, expected: `a text file of at most ${limit / 1024 / 1024} MiB`, hint: 'is this the right file?' });
    if (st.size > limit) throw tooLarge();
    const buf = Buffer.alloc(Math.min(limit, st.size) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > limit) throw tooLarge();
      if (n === buf.length) break;
    }
    if (n > limit) throw tooLarge();
    if (n > st.size) throw new UserError('the file changed while it was read', { location: { file }, hint: 'import it again once it is saved' });
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n));
    } catch {
      throw new UserError('the file is not UTF-8 text', { location: { file }, hint: 'save it as UTF-8 plain text (.txt) or Markdown' });
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { location: { file } });
  } finally {
    await handle.close();
  }
}
