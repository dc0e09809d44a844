import { UserError } from '../errors.js';
import { ReadError, formatBytes, readTextBounded as readBoundedText } from '../util/read.js';

/**
 * A text file read whole, but only a regular file of at most `limit` bytes, decoded as strict UTF-8: the one bounded
 * reader (src/util/read.ts: opened without blocking, so a FIFO is refused instead of waited on; fstat on the opened
 * file; read with the bound). Every failure is a UserError naming the file.
 */
export async function readTextBounded(file: string, limit: number): Promise<string> {
  try {
    return await readBoundedText(file, { limit, what: 'the file' });
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    if (err.code === 'EFBIG') {
      throw new UserError(`the file is too large (more than ${formatBytes(limit)})`, { location: { file }, expected: `a text file of at most ${formatBytes(limit)}`, hint: 'is this the right file?' });
    }
    if (err.code === 'EILSEQ') throw new UserError('the file is not UTF-8 text', { location: { file }, hint: 'save it as UTF-8 plain text (.txt) or Markdown' });
    throw err;
  }
}
