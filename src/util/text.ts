/**
 * Control characters: C0 except tab, line feed and carriage return; DEL; C1. None belongs in a title or a corpus file,
 * and some do harm raw (NUL in HTML, an escape sequence in a terminal). Text fields and corpus files that have one are
 * refused, with where it is; they are not stripped, so nothing changes without the author knowing.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** What is shown as a symbol when printed: the same, and a carriage return (fine in a file, not in a message). */
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** The first control character of `text`, with its index, if there is one. */
export function findControlCharacter(text: string): { index: number; char: string } | undefined {
  const m = CONTROL.exec(text);
  return m ? { index: m.index, char: m[0] } : undefined;
}

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x1b: 'ESC', 0x7f: 'DEL' };

/** "U+0000 (NUL)", "U+001B (ESC)", "U+0085". */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const name = NAMES[code];
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''}`;
}

/**
 * Text safe to print in a terminal: each control character (and carriage return) shown as its visible symbol (␀, ␛,
 * ␍, ␡) or, for C1, as U+FFFD. Line feeds and tabs stay. One character for one, so a caret under a column still points at it.
 */
export function visibleControls(text: string): string {
  return text.replace(CONTROL_ALL, (c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\uFFFD';
  });
}

/** "has the control character U+0000 (NUL) at character 6; remove it", for a text that has one. */
export function controlMessage(text: string): string {
  const found = findControlCharacter(text);
  return found ? `has the control character ${describeCharacter(found.char)} at character ${[...text.slice(0, found.index)].length + 1}; remove it` : 'has a control character';
}
