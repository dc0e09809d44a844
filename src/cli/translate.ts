import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import type { Io } from '../log.js';
import { writeFileAtomic } from '../util/fs.js';

/** `briefing translate export|import`: a document's translation round trip through XLIFF 1.2. */
export function translateCommand(io: Io): CommandModule {
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  return {
    command: 'translate',
    describe: 'translation round trip: export a document as XLIFF 1.2 for a translation tool, import the translated file',
    builder: (y: Argv) =>
      y
        .command(
          'export',
          'write the XLIFF 1.2 of one document: a unit per title, key point and paragraph (Chinese source, current English target)',
          (z) =>
            z
              .option('doc', { type: 'string', demandOption: true, describe: 'the document id (see `briefing list`)' })
              .option('out', { alias: 'o', type: 'string', describe: 'the .xlf file to write (default: standard output)' })
              .example('$0 translate export --doc zhejiang-ai-plan -o zhejiang.xlf', 'for Trados, memoQ, Phrase or OmegaT'),
          async (a) => {
            const { exportXliff } = await import('../translate/index.js');
            const content = String((a as { content?: unknown }).content);
            const r = await exportXliff({ doc: a.doc, content });
            if (a.out) {
              await writeFileAtomic(a.out, r.xliff).catch((err: NodeJS.ErrnoException) => {
                throw new UserError(`cannot write ${a.out} (${err.code ?? err.message})`, { location: { file: a.out! }, hint: 'give -o a file name in a folder you can write to' });
              });
            }
            else io.out(r.xliff.trimEnd());
            io.err(`${a.out ? `${rel(a.out)}: ` : ''}${r.units} units of ${a.doc}, ${r.translated} with English, ${r.units - r.translated} to translate`);
          },
        )
        .command(
          'import <file>',
          "write a translated XLIFF's English into the document's files and clear their \"untranslated\" mark",
          (z) =>
            z
              .positional('file', { type: 'string', demandOption: true, describe: 'the translated .xlf file' })
              .example('$0 translate import zhejiang.xlf', 'then an en build shows the English'),
          async (a) => {
            const { importXliff } = await import('../translate/index.js');
            const content = String((a as { content?: unknown }).content);
            const r = await importXliff({ file: a.file, content });
            for (const s of r.skipped) io.err(`${rel(a.file)}:${s.line}: not applied: ${s.id}: ${s.reason}`);
            io.err(
              `${r.doc}: ${r.applied} unit(s) written, ${r.unchanged} unchanged, ${r.untranslated} without English, ${r.skipped.length} not applied; ` +
                `${r.completed.length} section(s) now translated (the document counts as one); ${r.written.length} file(s) written`,
            );
          },
        )
        .demandCommand(1, 'name an action: export or import'),
    handler: () => {},
  };
}
