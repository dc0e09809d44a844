import { isMap, parseDocument } from 'yaml';
import { childrenOf } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { corpusGroups, findMember } from '../corpus/taxonomy.js';
import type { SelectionEntry, Spec } from '../spec/types.js';
import type { PresenterText } from '../spec/presenter.js';

/** The presenter's comment on an entry (a string, or { en, zh }). */
type Commented = { takeaway?: PresenterText };

/** How the spec names a section that is a member of a document's group: `- <group>: <key>`. */
export interface MemberRef {
  group?: string;
  key?: string;
}

/**
 * One entry of the composer's ordered selection. "area": a section with items (by its section id), all or some of
 * them; "id": any other section. Members of a group carry the group and key the spec names them by.
 */
export type ComposerEntry =
  | ({
      kind: 'area';
      area: string;
      items?: number[];
      /** As the spec wrote it, before `exclude:` was folded in: saved again as written while `items` is unchanged. */
      written?: { items?: number[]; folded?: number[]; excluded: string[] };
    } & MemberRef &
      Commented)
  | ({ kind: 'id'; id: string } & MemberRef & Commented)
  | ({ kind: 'quote'; id: string } & Commented)
  | ({ kind: 'doc'; doc: string; parts?: number[] } & Commented)
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
  /** The deck's options (agenda, notes, sources, quotes, maxQuotes), as the spec has them or the defaults. */
  deck?: { agenda?: boolean; notes?: boolean; sources?: boolean; quotes?: boolean; maxQuotes?: number };
  /** The brief's options: its bottom line (text; a zh/en pair is kept as written) and how many quotes it shows. */
  brief?: { bottomLine?: string; quotes?: number };
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
  const ref = (group: string, key: string): MemberRef => ({ group, key });
  const entries: ComposerEntry[] = spec.sections.flatMap((e: SelectionEntry): ComposerEntry[] => {
    if (e.kind === 'id' && excluded.has(e.id)) return [];
    const tk = 'takeaway' in e && e.takeaway !== undefined ? { takeaway: e.takeaway } : {};
    switch (e.kind) {
      case 'group':
        return (e.keys ?? []).flatMap((key, j): ComposerEntry[] => {
          const found = corpus ? findMember(corpus, e.group, key) : undefined;
          const id = found?.section.id ?? key;
          if (excluded.has(id)) return [];
          const t = j === 0 ? tk : {};
          // Without the corpus a member with items cannot be told from one without: "items:" says it has some.
          if (found ? found.section.kind === 'area' : e.items !== undefined) {
            const items = areaItems(id, e.items);
            const folded = corpus ? childrenOf(corpus, id).filter((c) => excluded.has(c.id)).map((c) => c.id) : [];
            const written = { ...(e.items ? { items: e.items } : {}), ...(items ? { folded: items } : {}), excluded: folded };
            return items && !items.length ? [] : [{ kind: 'area', area: id, ...ref(e.group, key), ...(items ? { items } : {}), written, ...t }];
          }
          return [{ kind: 'id', id, ...ref(e.group, key), ...t }];
        });
      case 'quote':
        return e.quotes.filter((id) => !excluded.has(id)).map((id, j) => ({ kind: 'quote', id, ...(j === 0 ? tk : {}) }));
      case 'doc':
        return [{ kind: 'doc', doc: e.doc, ...(e.parts ? { parts: e.parts } : {}), ...tk }];
      case 'id': {
        const s = corpus?.byId.get(e.id);
        const group = s && corpus ? corpusGroups(corpus.documents).find((g) => g.doc === s.doc && g.members.some((m) => m.section === s.id)) : undefined;
        const member = group?.members.find((m) => m.section === e.id);
        const named = group && member ? ref(group.key, member.key) : {};
        // A section with items named by its id (`- consumption`) is that area, all of it: the tree ticks it and its
        // items, and unticking one of them changes this entry (never adds a second one).
        if (s?.kind === 'area' && corpus) {
          const items = areaItems(e.id, undefined);
          const folded = childrenOf(corpus, e.id).filter((c) => excluded.has(c.id)).map((c) => c.id);
          return items && !items.length ? [] : [{ kind: 'area', area: e.id, ...named, ...(items ? { items } : {}), written: { ...(items ? { folded: items } : {}), excluded: folded } }];
        }
        return [{ kind: 'id', id: e.id, ...named }];
      }
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
    deck: { agenda: spec.deck.agenda, notes: spec.deck.notes, sources: spec.deck.sources, quotes: spec.deck.quotes, maxQuotes: spec.deck.maxQuotes },
    brief: { ...(typeof spec.brief.bottomLine === 'string' ? { bottomLine: spec.brief.bottomLine } : {}), quotes: spec.brief.quotes },
  };
}

const DECK_KEYS = ['agenda', 'notes', 'sources', 'quotes', 'maxQuotes'] as const;

const sameItems = (a?: number[], b?: number[]) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `exclude:` to save: as written, less the ids folded into an area entry the user has changed since. */
function excludeValue(state: ComposerState): string[] {
  const dropped = new Set(state.entries.flatMap((e) => (e.kind === 'area' && e.written && !sameItems(e.items, e.written.folded) ? e.written.excluded : [])));
  return (state.exclude ?? []).filter((id) => !dropped.has(id));
}

/**
 * `sections:` as YAML values: a member with items as `- <group>: <key>` (with `items:`), runs of other members of one
 * group folded into one `- <group>: [<key>, …]` entry, anything else by its id.
 */
function sectionsValue(entries: ComposerEntry[]): unknown[] {
  const out: unknown[] = [];
  let run: { group: string; keys: string[] } | undefined;
  for (const e of entries) {
    if (e.kind === 'slide' || e.kind === 'file') {
      out.push(e.kind === 'slide' ? { slide: e.slide } : { file: e.file });
      run = undefined;
      continue;
    }
    const tk = e.takeaway !== undefined ? { takeaway: e.takeaway } : {};
    if (e.kind === 'id' && e.group && e.key) {
      if (run && run.group === e.group && e.takeaway === undefined) run.keys.push(e.key);
      else {
        run = { group: e.group, keys: [e.key] };
        out.push({ [e.group]: run.keys, ...tk });
      }
      continue;
    }
    run = undefined;
    if (e.kind === 'area') {
      // Unchanged since the spec was read: as the spec wrote it (its exclude: still applies).
      const items = e.written && sameItems(e.items, e.written.folded) ? e.written.items : e.items;
      if (e.group && e.key) out.push(items ? { [e.group]: e.key, items, ...tk } : { [e.group]: e.key, ...tk });
      else out.push(e.area); // a section with items that no group declares: all of it, by its id
    } else if (e.kind === 'quote') out.push({ quote: e.id, ...tk });
    else if (e.kind === 'doc') out.push({ doc: e.doc, ...(e.parts ? { parts: e.parts } : {}), ...tk });
    else out.push(e.id); // a section by id: a takeaway needs a selector entry
  }
  return out;
}

const FIELDS = ['title', 'subtitle', 'presenter', 'audience', 'date', 'language', 'theme', 'classification', 'version'] as const;

/** The last existing spec text parsed (the composer turns every change into YAML on top of the same file). */
let lastParsed: { text: string; doc: ReturnType<typeof parseDocument> } | undefined;
const parsedOnce = (text: string) => {
  if (lastParsed?.text !== text) lastParsed = { text, doc: parseDocument(text) };
  return lastParsed.doc;
};

/**
 * The spec's YAML for a state. Editing an existing spec keeps its comments and its other keys (deck:, brief:, …):
 * only the fields the composer edits are set, in place.
 */
export function specYaml(state: ComposerState, existing?: string): string {
  // The existing file keeps its comments and layout; one that is not valid YAML is replaced whole (it could not be
  // built anyway, and the composer is how the user gets a valid one back).
  const old = existing !== undefined ? parsedOnce(existing) : undefined;
  const doc = old && !old.errors.length ? old.clone() : parseDocument('# Written by the briefing composer.\n');
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
  // deck: and brief: options the composer sets, each in place; a bottom line given as zh:/en: texts is kept.
  // A default the spec did not write is not written either.
  const put = (path: [string, string], v: unknown, byDefault: unknown) => {
    if (v === undefined) return;
    if (v === byDefault && !doc.hasIn(path)) return;
    doc.setIn(path, v);
  };
  for (const key of DECK_KEYS) put(['deck', key], state.deck?.[key], key === 'maxQuotes' ? 2 : true);
  if (state.brief) {
    put(['brief', 'quotes'], state.brief.quotes, 2);
    const line = state.brief.bottomLine?.trim();
    const current = doc.getIn(['brief', 'bottomLine']);
    if (line) doc.setIn(['brief', 'bottomLine'], line);
    else if (doc.hasIn(['brief', 'bottomLine']) && (typeof current === 'string' || current === null)) doc.deleteIn(['brief', 'bottomLine']);
    const b = doc.get('brief');
    if (isMap(b) && !b.items.length) doc.delete('brief');
  }
  return doc.toString({ lineWidth: 0 });
}

export interface TreeNode extends MemberRef {
  id: string;
  kind: 'area' | 'support' | 'section' | 'item';
  number?: number;
  cite: { zh: string; en: string };
  title: { zh: string; en: string };
  children?: TreeNode[];
}

/** The corpus as the composer shows it: documents → areas (with items) / supports / other sections; quotes. */
export function corpusTree(corpus: Corpus) {
  const groups = corpusGroups(corpus.documents);
  const node = (id: string): TreeNode => {
    const s = corpus.byId.get(id)!;
    const kind = s.kind === 'area' ? 'area' : s.kind === 'support' ? 'support' : s.kind === 'item' ? 'item' : 'section';
    const group = groups.find((g) => g.doc === s.doc && g.members.some((m) => m.section === id));
    return {
      id,
      kind,
      ...(group ? { group: group.key, key: group.members.find((m) => m.section === id)!.key } : {}),
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
    /** The groups a spec can name, per document: `- <key>: <member>`. */
    groups: groups.map((g) => ({ doc: g.doc, key: g.key, noun: g.noun, members: g.members.map((m) => m.key) })),
  };
}

