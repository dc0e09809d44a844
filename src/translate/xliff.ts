import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../errors.js';
import type { Unit } from './units.js';

/**
 * XLIFF 1.2 (what Trados, memoQ, Phrase and OmegaT read and write): one <file> per document, one <group> per section,
 * one <trans-unit> per title, key point and paragraph; Chinese source, English target with its state. Pure.
 */

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:1.2';
export const SOURCE_LANG = 'zh-CN';
export const TARGET_LANG = 'en';

/** A unit as read back from a translator's file, with the line it starts on. */
export interface ReadUnit {
  id: string;
  source: string;
  /** The English, when the unit has one (an empty or missing target is none). */
  target?: string;
  state?: string;
  line: number;
  /** Why the unit cannot be used, when it cannot (inline markup the corpus has no place for). */
  problem?: string;
}

export interface ReadXliff {
  doc: string;
  /** The line of the <file> element. */
  line: number;
  units: ReadUnit[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });

export function toXliff(doc: string, units: Unit[]): string {
  const unit = (u: Unit) => ({
    '@_id': u.id,
    '@_resname': u.id,
    // Paragraphs keep their line breaks.
    '@_xml:space': 'preserve',
    source: u.source,
    ...(u.target !== undefined ? { target: { '@_state': 'translated', '#text': u.target } } : {}),
    ...(u.note ? { note: u.note } : {}),
  });
  // Document units first, then one group per section, in corpus order.
  const docUnits = units.filter((u) => !u.section);
  const groups: { '@_id': string; '@_resname': string; 'trans-unit': ReturnType<typeof unit>[] }[] = [];
  for (const u of units.filter((x) => x.section)) {
    let g = groups.at(-1);
    if (!g || g['@_id'] !== u.section) groups.push((g = { '@_id': u.section!, '@_resname': u.section!, 'trans-unit': [] }));
    g['trans-unit'].push(unit(u));
  }
  const tree = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    xliff: {
      '@_version': '1.2',
      '@_xmlns': XLIFF_NS,
      file: {
        '@_original': doc,
        '@_source-language': SOURCE_LANG,
        '@_target-language': TARGET_LANG,
        '@_datatype': 'plaintext',
        '@_tool-id': 'briefing',
        header: { tool: { '@_tool-id': 'briefing', '@_tool-name': 'briefing translate export' } },
        body: { 'trans-unit': docUnits.map(unit), group: groups },
      },
    },
  };
  return `${builder.build(tree)}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  processEntities: true,
  isArray: (name) => ['file', 'group', 'trans-unit'].includes(name),
});

type Node = Record<string, unknown>;
const lineAt = (xml: string, index: number) => xml.slice(0, index).split('\n').length;

/** The text of a <source>/<target>: a string, or undefined and a problem when it holds elements. */
function textOf(v: unknown): { text?: string; problem?: string } {
  if (v === undefined) return {};
  if (typeof v === 'string') return { text: v };
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => !k.startsWith('@_'));
    if (keys.every((k) => k === '#text')) return { text: String((v as Node)['#text'] ?? '') };
    return { problem: `inline markup (<${keys.filter((k) => k !== '#text')[0]}>) in the unit; the corpus takes plain text` };
  }
  return {};
}

/** Read a translator's XLIFF 1.2 file. Broken XML, no <xliff>/<file>, several documents or units without ids: UserError with the line. */
export function readXliff(xml: string, file: string): ReadXliff {
  const text = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UserError(`not well-formed XML: ${valid.err.msg}`, { location: { file, line: valid.err.line, column: valid.err.col }, hint: 'give the XLIFF file as the translation tool wrote it' });
  }
  // XLIFF needs no DTD; a DOCTYPE can only declare entities (an entity bomb, a file reference): refused.
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0) throw new UserError('a <!DOCTYPE> is not allowed in XLIFF', { location: { file, line: lineAt(text, doctype) }, hint: 'remove the DOCTYPE declaration and its entities' });
  const root = parser.parse(text) as Node;
  const xliff = root.xliff as Node | undefined;
  if (!xliff || typeof xliff !== 'object') {
    throw new UserError('not an XLIFF file', { location: { file, line: 1 }, expected: `an <xliff version="1.2"> root element`, found: `<${Object.keys(root)[0] ?? 'nothing'}>` });
  }
  const version = String(xliff['@_version'] ?? '');
  if (version !== '1.2') {
    throw new UserError(`XLIFF version "${version}" is not supported`, { location: { file, line: lineAt(text, text.search(/<xliff\b/)) }, expected: 'XLIFF 1.2 (as `briefing translate export` writes it)' });
  }
  const files = (xliff.file as Node[] | undefined) ?? [];
  const fileLine = lineAt(text, Math.max(0, text.search(/<file\b/)));
  if (files.length !== 1) {
    throw new UserError(files.length ? `the XLIFF holds ${files.length} documents` : 'the XLIFF holds no <file>', { location: { file, line: fileLine }, expected: 'one <file original="<document id>"> as exported by `briefing translate export --doc <id>`' });
  }
  const f = files[0]!;
  const doc = String(f['@_original'] ?? '');
  // The line of each unit, by id, from the text (the parser keeps no positions).
  const lines = new Map<string, number>();
  for (const m of text.matchAll(/<trans-unit\b[^>]*?\bid\s*=\s*(["'])(.*?)\1/g)) lines.set(decodeAttr(m[2]!), lineAt(text, m.index));
  const units: ReadUnit[] = [];
  const visit = (container: Node) => {
    for (const tu of (container['trans-unit'] as Node[] | undefined) ?? []) {
      const id = tu['@_id'];
      if (typeof id !== 'string' || !id) {
        throw new UserError('a <trans-unit> without an id', { location: { file, line: fileLine }, hint: 'every unit needs the id it was exported with' });
      }
      const source = textOf(tu.source);
      const target = textOf(tu.target);
      const state = tu.target && typeof tu.target === 'object' ? (tu.target as Node)['@_state'] : undefined;
      const problem = source.problem ?? target.problem;
      units.push({
        id,
        source: source.text ?? '',
        ...(target.text !== undefined && target.text.trim() ? { target: target.text } : {}),
        ...(typeof state === 'string' ? { state } : {}),
        line: lines.get(id) ?? fileLine,
        ...(problem ? { problem } : {}),
      });
    }
    for (const g of (container.group as Node[] | undefined) ?? []) visit(g);
  };
  const body = f.body;
  if (body && typeof body === 'object') visit(body as Node);
  return { doc, line: fileLine, units };
}

function decodeAttr(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    const code = e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : all;
  });
}
