import stringWidth from 'string-width';

/** Columns a string takes in a terminal: a Chinese character takes two. */
export const width = (s: string): number => stringWidth(s);

/** `s` padded with spaces to `cols` terminal columns. */
export const padTo = (s: string, cols: number): string => s + ' '.repeat(Math.max(0, cols - width(s)));

/**
 * Rows as aligned text lines, measured in terminal columns (CJK counts two). Each column but the last is as wide as
 * its widest cell, up to `max[i]`; a cell wider than that does not push the columns after it: it stands on its own
 * line and the row goes on below, under the next column. `gap` spaces separate the columns. A string among the rows
 * is a line of its own (a heading), printed as it is.
 */
export function table(lines: readonly (string | readonly string[])[], max: readonly number[] = [], gap = 2): string[] {
  const rows = lines.filter((l): l is readonly string[] => Array.isArray(l));
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: n - 1 }, (_, i) => {
    const cap = max[i] ?? Infinity;
    return Math.max(0, ...rows.map((r) => width(r[i] ?? '')).filter((w) => w <= cap));
  });
  const out: string[] = [];
  for (const row of lines) {
    if (!Array.isArray(row)) {
      out.push(row as string);
      continue;
    }
    let line = '';
    let at = 0; // the column where the next cell starts
    (row as readonly string[]).forEach((cell, i) => {
      if (line && width(line) > at - gap) {
        // The cell before is wider than its column: its line ends there, the row goes on below.
        out.push(line.trimEnd());
        line = '';
      }
      line = padTo(line, at) + cell;
      if (i < widths.length) at += widths[i]! + gap;
    });
    out.push(line.trimEnd());
  }
  return out;
}
