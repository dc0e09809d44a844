import { UserError } from '../errors.js';
import { checkPresenterMarkdown, lineCol } from './markdown-check.js';
import type { OwnSlide } from './types.js';

/**
 * The presenter's slides in Markdown, the reveal-md convention: a line `---` alone between slides, a line starting
 * `Note:` begins that slide's speaker notes, `# Heading` is the slide's title; the rest is the slide's Markdown body.
 * Pure: the caller reads the file. Raw HTML, scripts and non-http(s)/mailto links are errors at file:line:col.
 */
export function parseSlidesMarkdown(text: string, file: string): OwnSlide[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const chunks: { start: number; lines: string[] }[] = [{ start: 0, lines: [] }];
  let fence = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (!fence && /^---\s*$/.test(line)) chunks.push({ start: i + 1, lines: [] });
    else chunks[chunks.length - 1]!.lines.push(line);
  });
  const slides: OwnSlide[] = [];
  for (const c of chunks) {
    if (!c.lines.some((l) => l.trim())) continue;
    let title: string | undefined;
    let titleLine = c.start;
    const body: string[] = [];
    const notes: string[] = [];
    let inNotes = false;
    c.lines.forEach((line, j) => {
      const m = /^Note:\s*(.*)$/.exec(line);
      if (!inNotes && m) {
        inNotes = true;
        if (m[1]) notes.push(m[1]);
        return;
      }
      if (inNotes) {
        notes.push(line);
        return;
      }
      const h = /^#\s+(.+?)\s*#*\s*$/.exec(line);
      if (title === undefined && h) {
        title = h[1]!;
        titleLine = c.start + j;
        body.push(''); // keeps the body's lines where they are in the file, for error positions
        return;
      }
      body.push(line);
    });
    const firstLine = c.start + Math.max(0, c.lines.findIndex((l) => l.trim()));
    if (title === undefined) {
      throw new UserError('a slide without a title', {
        location: { file, line: firstLine + 1, column: 1 },
        expected: 'a line "# Title" in each slide',
        found: JSON.stringify((c.lines.find((l) => l.trim()) ?? '').slice(0, 60)),
        hint: 'slides are separated by a line "---" alone; give each one a "# Heading"',
      });
    }
    const slide: OwnSlide = { title, origin: { file, line: titleLine + 1 } };
    const md = body.join('\n').trim();
    const notesMd = notes.join('\n').trim();
    // Check each part where it is in the file, so the error points at the line and column.
    const checks: [string, number][] = [];
    if (md) checks.push([body.join('\n'), c.start]);
    if (notesMd) checks.push([notes.join('\n'), c.start + c.lines.findIndex((l) => /^Note:/.test(l))]);
    checks.push([title, titleLine]);
    for (const [part, startLine] of checks) {
      const problem = checkPresenterMarkdown(part, { relativeImages: true });
      if (problem) {
        const { line, column } = lineCol(part, problem.offset);
        throw new UserError(problem.message, {
          location: { file, line: startLine + line, column: part === title ? column + 2 : column },
          expected: 'Markdown without raw HTML or scripts; links to http(s), mailto or #; images by relative path',
          found: JSON.stringify(problem.found),
          hint: 'write **bold** or *italic* instead of HTML tags',
        });
      }
    }
    if (md) slide.markdown = md;
    if (notesMd) slide.notes = notesMd;
    slides.push(slide);
  }
  if (!slides.length) throw new UserError('the slides file has no slides', { location: { file, line: 1, column: 1 }, expected: 'slides with a "# Title" line, separated by "---"' });
  return slides;
}
