import { visibleControls } from './util/text.js';

/** Exit codes that scripts can rely on. */
export const ExitCode = {
  ok: 0,
  /** Something failed that is not the user's input: a browser crash, a full disk, a bug. */
  failure: 1,
  /** The user's input is wrong: a spec, a corpus file, a flag. */
  badInput: 2,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** Where in a spec given as an object (not a file) the problem is, e.g. `sections[2].area`. */
  path?: string;
}

export interface UserErrorDetails {
  location?: Location;
  expected?: string;
  found?: string;
  hint?: string;
  /** An excerpt of the offending line with a caret under the column. */
  excerpt?: string;
  /** What kind of mistake, for code that treats one kind apart (never shown): see ERROR_CODES. */
  code?: ErrorCode;
}

/** Mistakes that code recognises by kind, not by their wording. */
export const ERROR_CODES = {
  /** A spec that selects no section at all. */
  nothingSelected: 'nothing-selected',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** A mistake in the user's input. Printed as a message, never with a stack trace. Exit code 2. */
export class UserError extends Error {
  readonly exitCode: ExitCode = ExitCode.badInput;
  readonly details: UserErrorDetails;
  constructor(message: string, details: UserErrorDetails = {}) {
    super(message);
    this.name = 'UserError';
    this.details = details;
  }
}

const MAX_MESSAGES = 20;

/** Several user mistakes found in one pass; reported together. */
export class UserErrors extends Error {
  readonly exitCode: ExitCode = ExitCode.badInput;
  constructor(readonly errors: UserError[]) {
    super([...errors.slice(0, MAX_MESSAGES).map((e) => e.message), ...(errors.length > MAX_MESSAGES ? [`… and ${errors.length - MAX_MESSAGES} more`] : [])].join('\n'));
    this.name = 'UserErrors';
  }
}

/** The user's mistakes an error holds (one, or the list of UserErrors); undefined when it is not a user's mistake. */
export function userErrorsOf(err: unknown): UserError[] | undefined {
  if (err instanceof UserErrors) return err.errors;
  if (err instanceof UserError) return [err];
  return undefined;
}

/**
 * Mistakes in the order a reader fixes them: by file (`first`, usually the spec, then the others in the order they
 * first appear), then by line and column; a mistake without a place (a flag) first, one without a line (a whole
 * file) before the lines of its file. Stable: mistakes at one place keep their order.
 */
export function sortErrors(errors: readonly UserError[], first?: string): UserError[] {
  const files = new Map<string, number>();
  if (first !== undefined) files.set(first, 0);
  for (const e of errors) {
    const f = e.details.location?.file;
    if (f !== undefined && !files.has(f)) files.set(f, files.size);
  }
  const rank = (e: UserError) => (e.details.location ? files.get(e.details.location.file)! : -1);
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const la = a.e.details.location, lb = b.e.details.location;
      return rank(a.e) - rank(b.e) || (la?.line ?? 0) - (lb?.line ?? 0) || (la?.column ?? 0) - (lb?.column ?? 0) || a.i - b.i;
    })
    .map(({ e }) => e);
}

/** Throw the mistakes found, if any: one as itself, several as UserErrors (sorted as sortErrors does). */
export function throwErrors(errors: readonly UserError[], first?: string): void {
  if (errors.length === 1) throw errors[0]!;
  if (errors.length) throw new UserErrors(sortErrors(errors, first));
}

/** A failure of the environment or a stage (no browser, export timed out). Exit code 1. */
export class BriefingFailure extends Error {
  readonly exitCode: ExitCode = ExitCode.failure;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BriefingFailure';
  }
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  if (loc.line === undefined && loc.path) s += ` at ${loc.path}`;
  return s;
}

/**
 * Render a user error the way the CLI prints it: location, message, expected/found, excerpt, hint. Control
 * characters (from a file name, a value, an excerpt of the file) are shown as visible symbols, never sent raw to the
 * terminal.
 */
export function formatUserError(err: UserError): string {
  const d = err.details;
  const where = formatLocation(d.location);
  const lines = [`${where ? `${where}: ` : ''}${err.message}`];
  if (d.expected !== undefined) lines.push(`  expected: ${d.expected}`);
  if (d.found !== undefined) lines.push(`  found:    ${d.found}`);
  if (d.excerpt) lines.push(d.excerpt.replace(/^/gm, '  '));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return visibleControls(lines.join('\n'));
}

/** The most errors printed for one run: enough to see the pattern, not pages of it. */
export const MAX_PRINTED_ERRORS = 20;

/** The line that stands for the mistakes not printed: "… and N more (T problems in all)". */
export const moreLine = (total: number, max = MAX_PRINTED_ERRORS): string => `… and ${total - max} more (${total} problems in all)`;

/**
 * The lines the CLI prints for the user's mistakes: each error (at most `max`), then "… and N more (T problems in
 * all)" when there are more, or "T problems" when there are several.
 */
export function formatUserErrors(err: UserError | UserErrors, max = MAX_PRINTED_ERRORS): string[] {
  const list = err instanceof UserErrors ? err.errors : [err];
  const lines = list.slice(0, max).map((e) => `error: ${formatUserError(e)}`);
  if (list.length > max) lines.push(moreLine(list.length, max));
  else if (list.length > 1) lines.push(`${list.length} problems`);
  return lines;
}

export function isUserError(err: unknown): err is UserError | UserErrors {
  return err instanceof UserError || err instanceof UserErrors;
}

/**
 * Any error as the CLI prints it (and the server shows it), with its exit code: the one place errors are formatted.
 * A user's mistakes and failures are messages with hints; anything else is a bug, printed with its stack.
 */
export function formatError(err: unknown): { lines: string[]; exitCode: ExitCode; internal: boolean } {
  if (err instanceof UserErrors || err instanceof UserError) return { lines: formatUserErrors(err), exitCode: ExitCode.badInput, internal: false };
  if (err instanceof BriefingFailure) return { lines: [`error: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}`], exitCode: ExitCode.failure, internal: false };
  return { lines: [`internal error (please report it): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`], exitCode: ExitCode.failure, internal: true };
}
