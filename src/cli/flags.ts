/**
 * Flag values checked where yargs parses them (its `coerce`), so every command that has a flag gets the same check:
 * ranges with what was typed echoed back, a value where one is needed, strict booleans. (The values that a flag puts
 * into the spec are checked with the spec: src/spec/overrides.ts.)
 */
import { UserError } from '../errors.js';

/**
 * yargs turns an error thrown by a `coerce` function into its own error with the same message: the checks here
 * remember what they threw, so the CLI reports the UserError itself (hint and all), not an internal error.
 */
const thrown = new Map<string, UserError>();
function refuse(message: string, details: ConstructorParameters<typeof UserError>[1]): never {
  const err = new UserError(message, details);
  thrown.set(message, err);
  throw err;
}

/** The flag error behind an error that yargs made from one of these checks, if it is one. */
export function flagError(err: unknown): UserError | undefined {
  return err instanceof UserError ? err : err instanceof Error ? thrown.get(err.message) : undefined;
}

/** What was typed, for a message: `abc`, `""` for nothing. */
const shown = (raw: string) => (raw === '' ? '""' : raw);

/** A flag given twice (`--timeout 5 --timeout 6`) counts with its last value, as in most command-line tools. */
function last(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Raw text of a flag value; yargs gives strings for string flags, numbers for defaults. */
function rawText(value: unknown): string {
  const v = last(value);
  return v === undefined || v === null ? '' : String(v);
}

/** A number in [min, max] written in decimal (`60`, `2.5`); anything else refused naming what was typed. */
export function numberIn(flag: string, min: number, max: number, what: string, options: { integer?: boolean } = {}) {
  return (value: unknown): number => {
    const raw = rawText(value).trim();
    const n = /^[+]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(n) || n < min || n > max || (options.integer && !Number.isInteger(n))) {
      refuse(`--${flag}: expected ${what}, found ${shown(rawText(value))}`, {
        hint: `give a ${options.integer ? 'whole ' : ''}number from ${min} to ${max}, e.g. --${flag} ${Math.min(max, Math.max(min, flag === 'timeout' ? 60 : 8080))}`,
      });
    }
    return n;
  };
}

export const timeoutSeconds = numberIn('timeout', 1, 3600, 'a number of seconds from 1 to 3600');
export const portNumber = numberIn('port', 0, 65535, 'a port number 0–65535', { integer: true });

/** A string flag that must have a non-empty value (`--out=` is as wrong as `--out` alone). */
export function nonEmpty(flag: string) {
  return (value: unknown): string | undefined => {
    if (last(value) === undefined) return undefined;
    const raw = rawText(value);
    if (raw.trim() === '') refuse(`--${flag}: expected a value, found nothing`, { hint: `write it as --${flag} <value>` });
    return raw;
  };
}

/** A string flag that has a default or is demanded: always a non-empty string. */
export function filled(flag: string) {
  return (value: unknown): string => nonEmpty(flag)(value ?? '') ?? '';
}

/**
 * Boolean flags given a value (`--pdf=maybe`) must say true or false: yargs would read anything else as false.
 * `args` is the command line as typed; `booleans` the boolean flags (and their aliases) of the command.
 */
export function checkBooleans(args: readonly string[], booleans: readonly string[]): void {
  const names = new Set(booleans);
  for (const arg of args) {
    if (arg === '--') break;
    const m = /^--(?:no-)?([^=]+)=(.*)$/s.exec(arg);
    if (!m || !names.has(m[1]!)) continue;
    if (!/^(true|false)$/i.test(m[2]!)) {
      refuse(`--${m[1]}: expected true or false, found ${shown(m[2]!)}`, { hint: `write --${m[1]} or --no-${m[1]}` });
    }
  }
}
