import { describe, expect, it } from 'vitest';
import { BriefingFailure, ExitCode, formatError, UserError, UserErrors } from '../../src/errors.js';

describe('formatError: the one place errors are formatted', () => {
  it('user mistakes: location, message, hint; exit 2; several counted', () => {
    const one = new UserError('unknown area "x"', { location: { file: 'a.yaml', line: 3, column: 5 }, hint: 'did you mean "y"?' });
    expect(formatError(one)).toEqual({ lines: ['error: a.yaml:3:5: unknown area "x"\n  hint: did you mean "y"?'], exitCode: ExitCode.badInput, internal: false });
    const many = formatError(new UserErrors([one, new UserError('b')]));
    expect(many.lines).toHaveLength(3);
    expect(many.lines[2]).toBe('2 problems');
  });

  it('failures with their hint, exit 1; anything else is internal, with its stack', () => {
    expect(formatError(new BriefingFailure('cannot write', 'the disk is full')).lines).toEqual(['error: cannot write\n  hint: the disk is full']);
    const bug = formatError(new TypeError('x is undefined'));
    expect(bug.internal).toBe(true);
    expect(bug.exitCode).toBe(ExitCode.failure);
    expect(bug.lines[0]).toMatch(/^internal error \(please report it\): TypeError: x is undefined\n\s+at /);
  });
});
