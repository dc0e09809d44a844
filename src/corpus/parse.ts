import { CONTAINER_KINDS, LANGS, type Lang } from './taxonomy.js';
import { corpusSchemas } from './schema.js';
import type { Section } from './types.js';
import { UserError } from '../errors.js';
import { parseYaml } from '../util/yaml.js';
import { validateYaml } from '../util/validate.js';
import { describeCharacter, findControlCharacter } from '../util/text.js';

const FENCE_OPEN = /^:::[ \t]*(zh|en)[ \t]*$/;
const FENCE_CLOSE = /^:::[ \t]*$/;

/**
 * Parse one section file: YAML front matter between `---` lines, then a `::: zh` block and a `::: en` block holding
 * the full text in Markdown. Pure: text in, Section out; mistakes are UserErrors naming the file and line.
 */
export function parseSectionFile(source: string, file: string, doc: string): Section {
  rejectControlCharacters(source, file);
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') {
    throw new UserError('a section file must start with front matter', {
      location: { file, line: 1, column: 1 },
      expected: 'a first line "---", then YAML, then "---"',
      found: JSON.stringify(lines[0] ?? ''),
    });
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    throw new UserError('front matter is not closed', {
      location: { file, line: 1, column: 1 },
      expected: 'a line "---" after the front matter',
      found: 'end of file',
    });
  }
  const yaml = parseYaml(lines.slice(1, end).join('\n'), file, { lineOffset: 1 });
  const fm = validateYaml(corpusSchemas().sectionFrontMatter, yaml, 'section front matter');
  const blocks = parseBlocks(lines, end + 1, file);

  const isContainer = CONTAINER_KINDS.includes(fm.kind);
  for (const lang of LANGS) {
    if (!blocks[lang] && !isContainer) {
      throw new UserError(`missing the "::: ${lang}" text block`, {
        location: { file, line: end + 2 },
        expected: `a block "::: ${lang}" … ":::" with the ${lang === 'zh' ? 'Chinese' : 'English'} text`,
        found: blocks.zh || blocks.en ? `only a "::: ${lang === 'zh' ? 'en' : 'zh'}" block` : 'no text blocks',
      });
    }
  }
  if (fm.kind === 'targets' && !fm.targets) {
    throw new UserError('a "targets" section needs its targets as data', {
      location: yaml.locate(['kind']),
      expected: 'a "targets:" list of { year, indicator: { zh, en }, value: { zh, en } }',
      found: 'no "targets" key',
    });
  }
  return {
    id: fm.id,
    doc,
    kind: fm.kind,
    ...(fm.parent ? { parent: fm.parent } : {}),
    order: fm.order,
    ...(fm.number !== undefined ? { number: fm.number } : {}),
    cite: fm.cite,
    title: fm.title,
    points: fm.points,
    text: { zh: blocks.zh ?? '', en: blocks.en ?? '' },
    tags: fm.tags as Section['tags'],
    untranslated: fm.untranslated,
    ...(fm.targets ? { targets: fm.targets } : {}),
    file,
  };
}

function parseBlocks(lines: string[], start: number, file: string): Partial<Record<Lang, string>> {
  const blocks: Partial<Record<Lang, string>> = {};
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const open = FENCE_OPEN.exec(line);
    if (open) {
      const lang = open[1] as Lang;
      if (blocks[lang] !== undefined) {
        throw new UserError(`a second "::: ${lang}" block`, { location: { file, line: i + 1, column: 1 }, hint: 'each language has one block' });
      }
      const close = lines.findIndex((l, j) => j > i && FENCE_CLOSE.test(l));
      if (close < 0) {
        throw new UserError(`the "::: ${lang}" block is not closed`, {
          location: { file, line: i + 1, column: 1 },
          expected: 'a line ":::" after the text',
          found: 'end of file',
        });
      }
      const body = lines.slice(i + 1, close).join('\n').trim();
      if (!body) throw new UserError(`the "::: ${lang}" block is empty`, { location: { file, line: i + 1, column: 1 } });
      blocks[lang] = body;
      i = close + 1;
    } else if (line.trim() === '') {
      i += 1;
    } else {
      throw new UserError('text outside a language block', {
        location: { file, line: i + 1, column: 1 },
        expected: 'text inside "::: zh" … ":::" or "::: en" … ":::"',
        found: JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}…` : line),
      });
    }
  }
  return blocks;
}

/**
 * A corpus file with a control character (NUL, an escape, DEL…; tabs and line ends are fine) is refused at the line
 * and column of the first: it would reach the HTML, or a terminal, raw.
 */
export function rejectControlCharacters(source: string, file: string): void {
  const found = findControlCharacter(source);
  if (!found) return;
  const before = source.slice(0, found.index);
  const line = before.split('\n').length;
  const column = found.index - (before.lastIndexOf('\n') + 1) + 1;
  throw new UserError(`a control character ${describeCharacter(found.char)} in the text`, {
    location: { file, line, column },
    expected: 'text without control characters (tabs and line ends are fine)',
    found: describeCharacter(found.char),
    hint: 'remove it; it is invisible in most editors (search for it by its code)',
  });
}
