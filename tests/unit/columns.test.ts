import { describe, expect, it } from 'vitest';
import { table, width } from '../../src/cli/columns.js';

/** The display column where `needle` starts in `line` (CJK two columns). */
const colOf = (line: string, needle: string) => width(line.slice(0, line.indexOf(needle)));

describe('table', () => {
  it('aligns by display width: a Chinese cell takes two columns per character', () => {
    const lines = table([
      ['三(十一)', '三', 'title one'],
      ['abc', 'Part II (1)', 'title two'],
    ]);
    expect(colOf(lines[0]!, 'title one')).toBe(colOf(lines[1]!, 'title two'));
    expect(colOf(lines[0]!, '三 ')).toBe(colOf(lines[1]!, 'Part II'));
  });

  it('a cell wider than its column does not push the next: the row goes on below, aligned', () => {
    const lines = table(
      [
        ['short', 'A', 'x'],
        ['a-very-long-identifier-that-is-too-wide', 'B', 'y'],
      ],
      [10],
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('a-very-long-identifier-that-is-too-wide');
    expect(colOf(lines[2]!, 'B')).toBe(colOf(lines[0]!, 'A'));
  });

  it('strings among the rows are lines of their own and do not widen the columns', () => {
    const lines = table(['Heading that is long', ['a', 'b'], ['cc', 'd']]);
    expect(lines).toEqual(['Heading that is long', 'a   b', 'cc  d']);
  });
});
