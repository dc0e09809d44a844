import type { Argv, CommandModule } from 'yargs';
import { loadCorpus } from '../corpus/load.js';
import type { Lang } from '../corpus/taxonomy.js';
import { ExitCode, UserError } from '../errors.js';
import type { Io } from '../log.js';
import type { SearchHit, SearchResult, Snippet } from '../search/index.js';
import { isChineseQuery, queryWords } from '../search/tokenize.js';

/** How a match is marked: bold on a terminal, [brackets] otherwise (a pipe, a file, NO_COLOR). */
export type Marker = (text: string) => string;
export const BRACKETS: Marker = (t) => `[${t}]`;
export const BOLD: Marker = (t) => `\x1b[1m${t}\x1b[22m`;

const DEFAULT_LIMIT = 10;

/**
 * `briefing search <words…>`: the sections and quotes that talk about them, best first, with the line that matched
 * and how to put each into a spec. Exit code 0 when something matched, 1 when nothing did (like grep), 2 for a bad
 * flag. `setExit` hands the code to main().
 */
export function searchCommand(io: Io, setExit: (code: number) => void): CommandModule {
  return {
    command: 'search <words..>',
    describe: 'find the sections and quotes about some words, in Chinese or English, and how to put them in a spec',
    builder: (y: Argv) =>
      y
        .positional('words', { type: 'string', array: true, demandOption: true, describe: 'what to look for: 汽车, connected vehicles, 数据, "open source"' })
        .option('lang', { type: 'string', choices: ['zh', 'en'] as const, describe: 'language to search and show (default: zh for Chinese words, else en)' })
        .option('doc', { type: 'string', describe: 'only this document (see `briefing list`)' })
        .option('limit', { alias: 'n', type: 'number', default: DEFAULT_LIMIT, describe: 'show at most this many results' })
        .option('json', { type: 'boolean', default: false, describe: 'print the results as JSON' })
        .example('$0 search 汽车', 'sections about cars: 智能网联汽车')
        .example('$0 search connected vehicles', 'the same in English')
        .example('$0 search 数据 --lang zh --limit 3', 'the three best, matched in Chinese')
        .example('$0 search open source --json', 'for a script'),
    handler: async (argv) => {
      const a = argv as unknown as { words: Array<string | number>; lang?: Lang; doc?: string; limit: number; json: boolean; content: string };
      if (!Number.isInteger(a.limit) || a.limit < 1) {
        throw new UserError(`--limit: ${String(a.limit)} is not a number of results`, { expected: 'a whole number from 1 up', found: String(a.limit), hint: `e.g. --limit ${DEFAULT_LIMIT}` });
      }
      const query = a.words.map(String).join(' ').trim();
      if (!queryWords(query).length) {
        throw new UserError(`nothing to search for in "${query}"`, { expected: 'words or Chinese characters', found: `"${query}"`, hint: 'e.g. briefing search 汽车, or briefing search connected vehicles' });
      }
      // minisearch and the index code load only for this command.
      const [corpus, { checkDoc, search, suggest }] = await Promise.all([loadCorpus(a.content), import('../search/index.js')]);
      if (a.doc !== undefined) checkDoc(corpus, a.doc);
      const options = { ...(a.lang ? { lang: a.lang } : {}), ...(a.doc !== undefined ? { doc: a.doc } : {}) };
      const result = search(corpus, query, { ...options, limit: a.limit });
      if (a.json) io.out(JSON.stringify(result, null, 2));
      else {
        const mark = process.stdout.isTTY && !process.env.NO_COLOR ? BOLD : BRACKETS;
        for (const l of formatResult(result, mark)) io.out(l);
      }
      if (!result.hits.length) for (const l of noResults(result, a.doc, suggest(corpus, query, options))) io.err(l);
      setExit(result.hits.length ? ExitCode.ok : ExitCode.failure);
    },
  };
}

/** A snippet with its matches marked. */
export function marked(line: Snippet, mark: Marker): string {
  let out = '';
  let at = 0;
  for (const [s, e] of line.marks) {
    out += line.text.slice(at, s) + mark(line.text.slice(s, e));
    at = e;
  }
  return out + line.text.slice(at);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The results as the terminal shows them. Nothing when there are none (noResults says so, on stderr). */
export function formatResult(r: SearchResult, mark: Marker = BRACKETS): string[] {
  if (!r.hits.length) return [];
  const sections = r.hits.filter((h) => h.kind === 'section').length;
  const quotes = r.hits.length - sections;
  const what = [sections ? plural(sections, 'section') : '', quotes ? plural(quotes, 'quote') : ''].filter(Boolean).join(' and ');
  const words = `"${r.words.join(' ')}"`;
  const lines = [
    r.partial
      ? `nothing has all the words of ${words} (${r.lang}); ${what} with some of them:`
      : `${what}${r.hits.length < r.total ? ` of ${r.total}` : ''} for ${words} (${r.lang}), best first:`,
    '',
  ];
  r.hits.forEach((h, i) => lines.push(...formatHit(h, i + 1, mark), ''));
  if (r.hits.length < r.total) lines.push(`${r.total - r.hits.length} more: --limit ${r.total} shows them all`);
  lines.push('To use one, add its line under "sections:" in a spec.');
  return lines;
}

function formatHit(h: SearchHit, n: number, mark: Marker): string[] {
  const head = `${String(n).padStart(2)}. ${h.id}  ${h.cite}${h.title ? `  ${h.title}` : ''}`;
  const line = h.line.marks.length ? marked(h.line, mark) : h.line.text;
  const via = !h.line.marks.length ? (h.kind === 'quote' ? '  (found by its speaker or tags)' : '') : '';
  const body = h.line.field === 'keys' ? `    (found by its id or tags: ${marked(h.line, mark)})` : `    ${line}${via}`;
  const spec = `    spec: ${h.spec[0]}${h.spec.length > 1 ? `    or: ${h.spec.slice(1).join('    or: ')}` : ''}`;
  return [head, body, spec];
}

/** What to say when nothing matched: what was searched, and what to try. */
export function noResults(r: SearchResult, doc: string | undefined, suggestion: string | undefined): string[] {
  const where = doc ? ` in ${doc}` : '';
  const lines = [`no section or quote matches "${r.words.join(' ')}"${where} (searched the ${r.lang === 'zh' ? 'Chinese' : 'English'} text)`];
  const hints: string[] = [];
  if (isChineseQuery(r.query) && r.lang === 'en') hints.push('the words are Chinese: leave out --lang (or --lang zh)');
  else if (!isChineseQuery(r.query) && r.lang === 'zh') hints.push('the words are not Chinese: leave out --lang (or --lang en)');
  if (suggestion) hints.push(`did you mean "${suggestion}"?`);
  if (doc) hints.push(`search every document: leave out --doc ${doc}`);
  if (r.words.length > 1) hints.push('try fewer words');
  hints.push('`briefing list` shows every section');
  for (const h of hints) lines.push(`  hint: ${h}`);
  return lines;
}
