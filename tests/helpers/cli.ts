import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  /** What the CLI printed on stdout and stderr, line by line joined with "\n". */
  out: string;
  err: string;
}

/** The CLI run in this process (as bin/briefing.js runs it), its exit code and output captured. */
export async function cli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
