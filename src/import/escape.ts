/**
 * Imported text → corpus Markdown that shows it verbatim. The text is the document's words, not markup: a line
 * ":::" would end the language block (the loader would then reject the file), "# …", "> …", "- …" or "1. …" would
 * become a heading, quote or list, and * _ ` [ ] < & ~ | would become emphasis, code, links, HTML or tables.
 * Backslash escapes (CommonMark: any ASCII punctuation) keep every character as it is. Pure.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const inline = line.replace(/[\\`*_[\]<&~|]/g, (c) => `\\${c}`);
      // At the start of a line: fences and block markers (":::", "#", ">", "+", "-", "=", "1." / "1)").
      return inline.replace(/^(\s*)([:#>+\-=])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])/, '$1\\$2');
    })
    .join('\n');
}

/** The text of escaped Markdown (the inverse of escapeMarkdown), e.g. to compare with a translator's source. */
export function unescapeMarkdown(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
