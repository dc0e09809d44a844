import { UserError, UserErrors } from '../../src/errors.js';

export const allErrors = (err: unknown): UserError[] => (err instanceof UserErrors ? err.errors : err instanceof UserError ? [err] : []);

/** Run fn and return the first UserError it throws (fails the test when it throws none or something else). */
export function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    const list = allErrors(err);
    if (list.length) return list[0]!;
    throw err;
  }
  throw new Error('expected a UserError, got none');
}
