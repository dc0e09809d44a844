/** What the CLI prints for many mistakes, and for text with control characters in it. */
import { describe, expect, it } from 'vitest';
import { MAX_PRINTED_ERRORS, UserError, UserErrors, formatError, formatUserError, formatUserErrors } from '../../src/errors.js';
import { controlMessage, findControlCharacter, visibleControls } from '../../src/util/text.js';

const many = (n: number) => new UserErrors(Array.from({ length: n }, (_, i) => new UserError(`mistake ${i}`, { location: { file: 'a.yaml', line: i + 1 } })));

describe('the error cap', () => {
  it(`prints ${MAX_PRINTED_ERRORS} errors, then how many more`, () => {
    const lines = formatUserErrors(many(25));
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('error: a.yaml:1: mistake 0');
    expect(lines[19]).toBe('error: a.yaml:20: mistake 19');
    expect(lines[20]).toBe('… and 5 more (25 problems in all)');
  });

  it('a few errors are all printed, with their count; one alone without', () => {
    expect(formatUserErrors(many(3))).toEqual(['error: a.yaml:1: mistake 0', 'error: a.yaml:2: mistake 1', 'error: a.yaml:3: mistake 2', '3 problems']);
    expect(formatUserErrors(many(20)).at(-1)).toBe('20 problems');
    expect(formatUserErrors(new UserError('alone'))).toEqual(['error: alone']);
  });

  it('formatError (the CLI and serve) applies it, and a UserErrors message stays short', () => {
    const r = formatError(many(10_000));
    expect(r.exitCode).toBe(2);
    expect(r.lines).toHaveLength(21);
    expect(r.lines.at(-1)).toBe('… and 9980 more (10000 problems in all)');
    expect(many(10_000).message.split('\n')).toHaveLength(21);
  });
});

describe('control characters', () => {
  it('are found, named and placed', () => {
    expect(findControlCharacter('fine\ttext\r\n')).toBeUndefined();
    expect(findControlCharacter('中文\u0000x')).toEqual({ index: 2, char: '\u0000' });
    expect(controlMessage('ab\u001bc')).toBe('has the control character U+001B (ESC) at character 3; remove it');
    expect(controlMessage('a\u0085')).toBe('has the control character U+0085 at character 2; remove it');
  });

  it('are never printed raw: each is one visible character, so a caret still lines up', () => {
    expect(visibleControls('a\u0000b\r\nc\td\u001b\u0085\u007f')).toBe('a␀b␍\nc\td␛\uFFFD␡');
    const text = formatUserError(new UserError('bad \u001b[2J', { location: { file: 'x\u0007.yaml', line: 1, column: 8 }, found: '"\u0000"', excerpt: 'title: \u0000\n       ^' }));
    expect(text).toBe('x␇.yaml:1:8: bad ␛[2J\n  found:    "␀"\n  title: ␀\n         ^');
  });
});
