import { isMap, parseDocument } from 'yaml';
import { childrenOf } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { AREAS, SUPPORTS } from '../corpus/taxonomy.js';
import type { SelectionEntry, Spec } from '../spec/types.js';
import type { PresenterText } from '../spec/presenter.js';

/** The presenter's comment on an entry (a string, or { en, zh }). */
type Commented = { takeaway?: PresenterText };

/** One entry of the composer's ordered selection. */
export type ComposerEntry =
  | ({
      kind: 'area';
      area: string;
      items?: number[];
      /** As the spec wrote it, before `exclude:` was folded in: saved again as written while `items` is unchanged. */
      written?: { items?: number[]; folded?: number[]; excluded: string[] };
    } & Commented)
  | ({ kind: 'id'; id: string } & Commented)
  | ({ kind: 'quote'; id: string } & Commented)
  | ({ kind: 'doc'; doc: string } & Commented)
  /** A slide of the presenter's own. */
  | { kind: 'slide'; slide: { title: PresenterText; points?: PresenterText[]; text?: PresenterText; notes?: PresenterText; image?: string } }
  /** The presenter's Markdown slides file, kept as a reference. */
  | { kind: 'file'; file: string };

/** What the composer page edits: the spec's fields and its ordered selection. */
export interface ComposerState {
  title: string;
  subtitle?: string;
  presenter?: string;
  audience?: string;
  date?: string;
  language: 'zh' | 'en' | 'bilingual';
  theme: string;
  classification?: string;
  version?: string;
  entries: ComposerEntry[];
  /** `exclude:` as the spec wrote it. */
  exclude?: string[];
}

/**
 * The composer's state from a parsed spec. Support lists become one entry per support (each can move on its own);
 * `exclude:` is folded in (an excluded item is an unticked item), so the state says everything the spec selects.
 */
export function stateFromSpec(spec: Spec, corpus?: Corpus): ComposerState {
  const excluded = new Set(spec.exclude);
  const areaItems = (area: string, items?: number[]): number[] | undefined => {
    if (!corpus) return items;
    const all = childrenOf(corpus, area).filter((c) => c.number !== undefined);
    const kept = all.filter((c) => !excluded.has(c.id) && (!items || items.includes(c.number!))).map((c) => c.number!);
    return kept.length === all.length ? undefined : kept;
  };
  const entries: ComposerEntry[] = spec.sections.flatMap((e: SelectionEntry): ComposerEntry[] => {
    if ((e.kind === 'id' && excluded.has(e.id)) || (e.kind === 'area' && excluded.has(e.area))) return [];
    const tk = 'takeaway' in e && e.takeaway !== undefined ? { takeaway: e.takeaway } : {};
    switch (e.kind) {
      case 'area': {
        const items = areaItems(e.area, e.items);
        const folded = corpus ? childrenOf(corpus, e.area).filter((c) => excluded.has(c.id)).map((c) => c.id) : [];
        const written = { ...(e.items ? { items: e.items } : {}), ...(items ? { folded: items } : {}), excluded: folded };
        return items && !items.length ? [] : [{ kind: 'area', area: e.area, ...(items ? { items } : {}), written, ...tk }];
      }
      case 'support':
        return e.supports.filter((id) => !excluded.has(id)).map((id, j) => ({ kind: 'id', id, ...(j === 0 ? tk : {}) }));
      case 'quote':
        return e.quotes.filter((id) => !excluded.has(id)).map((id, j) => ({ kind: 'quote', id, ...(j === 0 ? tk : {}) }));
      case 'doc':
        return [{ kind: 'doc', doc: e.doc, ...tk }];
      case 'id':
        return [{ kind: 'id', id: e.id }];
      case 'slide':
        return e.slides.map(({ title, points, text, notes, image }) => ({
          kind: 'slide',
          slide: { title, ...(points ? { points } : {}), ...(text ? { text } : {}), ...(notes ? { notes } : {}), ...(image ? { image } : {}) },
        }));
      case 'file':
        return [{ kind: 'file', file: e.file }];
    }
  });
  return {
    title: spec.title,
    ...(spec.subtitle ? { subtitle: spec.subtitle } : {}),
    ...(spec.presenter ? { presenter: spec.presenter } : {}),
    ...(spec.audience ? { audience: spec.audience } : {}),
    ...(spec.date ? { date: spec.date } : {}),
    language: spec.language,
    theme: spec.theme,
    ...(spec.classification ? { classification: spec.classification } : {}),
    ...(spec.version ? { version: spec.version } : {}),
    entries,
    ...(spec.exclude.length ? { exclude: spec.exclude } : {}),
  };
}

const sameItems = (a?: number[], b?: number[]) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `exclude:` to save: as written, less the ids folded into an area entry the user has changed since. */
function excludeValue(state: ComposerState): string[] {
  const dropped = new Set(state.entries.flatMap((e) => (e.kind === 'area' && e.written && !sameItems(e.items, e.written.folded) ? e.written.excluded : [])));
  return (state.exclude ?? []).filter((id) => !dropped.has(id));
}

/** `sections:` as YAML values, runs of supports folded into one `support: [...]` entry. */
function sectionsValue(entries: ComposerEntry[]): unknown[] {
  const out: unknown[] = [];
  for (const e of entries) {
    if (e.kind === 'slide') {
      out.push({ slide: e.slide });
      continue;
    }
    if (e.kind === 'file') {
      out.push({ file: e.file });
      continue;
    }
    const tk = e.takeaway !== undefined ? { takeaway: e.takeaway } : {};
    if (e.kind === 'area') {
      // Unchanged since the spec was read: as the spec wrote it (its exclude: still applies).
      const items = e.written && sameItems(e.items, e.written.folded) ? e.written.items : e.items;
      out.push(items ? { area: e.area, items, ...tk } : { area: e.area, ...tk });
    } else if (e.kind === 'quote') out.push({ quote: e.id, ...tk });
    else if (e.kind === 'doc') out.push({ doc: e.doc, ...tk });
    else if ((SUPPORTS as readonly string[]).includes(e.id)) {
      const last = out[out.length - 1] as { support?: string[]; takeaway?: unknown } | undefined;
      if (last && Array.isArray(last.support) && e.takeaway === undefined) last.support.push(e.id);
      else out.push({ support: [e.id], ...tk });
    } else out.push(e.id); // a section by id: a takeaway needs a selector entry (area, support, quote, doc)
  }
  return out;
}

const FIELDS = ['title', 'subtitle', 'presenter', 'audience', 'date', 'language', 'theme', 'classification', 'version'] as const;

/**
 * The spec's YAML for a state. Editing an existing spec keeps its comments and its other keys (deck:, brief:, …):
 * only the fields the composer edits are set, in place.
 */
export function specYaml(state: ComposerState, existing?: string): string {
  // The existing file keeps its comments and layout; one that is not valid YAML is replaced whole (it could not be
  // built anyway, and the composer is how the user gets a valid one back).
  const old = existing !== undefined ? parseDocument(existing) : undefined;
  const doc = old && !old.errors.length ? old : parseDocument('# Written by the briefing composer.\n');
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  for (const key of FIELDS) {
    const value = state[key];
    if (value === undefined || value === '') doc.delete(key);
    else doc.set(key, value);
  }
  doc.set('sections', doc.createNode(sectionsValue(state.entries), { flow: false }));
  // exclude: as the user wrote it, less what a changed selection has made void.
  const exclude = excludeValue(state);
  if (exclude.length) doc.set('exclude', doc.createNode(exclude, { flow: true }));
  else doc.delete('exclude');
  return doc.toString({ lineWidth: 0 });
}

export interface TreeNode {
  id: string;
  kind: 'area' | 'support' | 'section' | 'item';
  number?: number;
  cite: { zh: string; en: string };
  title: { zh: string; en: string };
  children?: TreeNode[];
}

/** The corpus as the composer shows it: documents → areas (with items) / supports / other sections; quotes. */
export function corpusTree(corpus: Corpus) {
  const node = (id: string): TreeNode => {
    const s = corpus.byId.get(id)!;
    const kind = s.kind === 'area' ? 'area' : s.kind === 'support' ? 'support' : s.kind === 'item' ? 'item' : 'section';
    return {
      id,
      kind,
      ...(s.number !== undefined ? { number: s.number } : {}),
      cite: s.cite,
      title: s.title,
      ...(s.kind === 'area' ? { children: childrenOf(corpus, id).map((c) => node(c.id)) } : {}),
    };
  };
  return {
    documents: corpus.documents.map((d) => {
      const sections = corpus.sections.filter((s) => s.doc === d.id);
      const inArea = new Set(sections.filter((s) => s.kind === 'area').flatMap((a) => childrenOf(corpus, a.id).map((c) => c.id)));
      const nodes = sections.filter((s) => !inArea.has(s.id)).map((s) => node(s.id));
      return { id: d.id, title: d.title, number: d.number ?? null, nodes };
    }),
    quotes: corpus.quotes.map((q) => ({
      id: q.id,
      kind: q.kind,
      speakers: q.speakers.map((sp) => corpus.speakers.get(sp)?.name ?? { zh: sp, en: sp }),
      text: q.text,
    })),
    areas: AREAS,
    supports: SUPPORTS,
  };
}

