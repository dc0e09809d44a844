import type { Corpus, DocumentMeta, Quote, Section } from '../corpus/types.js';
import type { DeckOptions } from '../spec/schema.js';
import { corpusGroups, findMember, groupKeys, memberAliases, memberKeys, type Lang } from '../corpus/taxonomy.js';
import { childrenOf } from '../corpus/load.js';
import { ancestors } from '../corpus/tree.js';
import { ERROR_CODES, UserError, UserErrors, type ErrorCode } from '../errors.js';
import type { ParsedSpec, SelectionEntry } from '../spec/types.js';
import { didYouMean, suggestChoice } from '../util/suggest.js';
import { FLAG_PATH } from '../spec/overrides.js';
import { MODIFIER_KEYS, SELECTOR_KEYS, SPEC_KEYS } from '../spec/schema.js';
import type { PathKey } from '../util/yaml.js';
import type { Briefing, Group, ScopeGroup, Slide } from './types.js';
import { agendaEntries, agendaSlides, lineageOf } from './agenda.js';

/**
 * Spec × Corpus → Briefing: resolve every entry of `sections:` against the corpus, drop what `exclude:` names,
 * attach related quotes, and lay out the slides. Pure. Unknown names are UserErrors at the spec's line and column.
 */
export function select(parsed: ParsedSpec, corpus: Corpus, options: { buildDate?: string } = {}): Briefing {
  const { spec } = parsed;
  const errors: UserError[] = [];
  const fail = (path: PathKey[], message: string, expected: string, found: string, hint?: string, code?: ErrorCode) => {
    const kind = code ? { code } : {};
    if (path[0] === FLAG_PATH) {
      // An entry made by --areas or --supports: the mistake is on the command line, not at a line of the spec.
      errors.push(new UserError(`${message} (from ${String(path[1])})`, { location: { file: parsed.file }, expected, found, hint, ...kind }));
      return;
    }
    const loc = parsed.locate(path);
    errors.push(new UserError(message, { location: loc, excerpt: parsed.excerpt(loc), expected, found, hint, ...kind }));
  };
  const allIds = [...corpus.byId.keys(), ...corpus.quotesById.keys()];

  const excluded = new Set<string>();
  spec.exclude.forEach((id, i) => {
    if (!corpus.byId.has(id) && !corpus.quotesById.has(id)) {
      fail(['exclude', i], `unknown id "${id}" in exclude`, 'a section or quote id (see `briefing list`)', `"${id}"`, didYouMean(id, allIds));
    } else excluded.add(id);
  });
  const isOut = (s: Section): boolean => excluded.has(s.id) || ancestors(corpus, s).some((a) => excluded.has(a.id));

  const chosen = new Map<string, PathKey[]>();
  const claim = (s: Section, path: PathKey[]): boolean => {
    const prev = chosen.get(s.id);
    if (prev) {
      const at = parsed.locate(prev);
      fail(path, `"${s.id}" is selected twice`, 'each section once', `"${s.id}" again (first at line ${at.line ?? '?'})`, 'remove one of the entries, or use "exclude:" to drop items from an area');
      return false;
    }
    chosen.set(s.id, path);
    return true;
  };

  // A quote goes with a section of its own document, or of a document its document comments on ("about:"): the
  // explainer's experts speak about the Opinions, not about a provincial plan imported later with the same tags.
  const about = new Map(corpus.documents.map((d) => [d.id, new Set([d.id, ...(d.about ?? [])])]));
  const related = (s: Section): Quote[] =>
    corpus.quotes.filter((q) => !excluded.has(q.id) && about.get(q.doc)?.has(s.doc) && q.tags.some((t) => s.tags.includes(t)));

  // A bare id of a member of a group that a flag replaced (--areas) goes with the group's other entries.
  const replaced = new Set(
    corpusGroups(corpus.documents)
      .filter((g) => spec.replacedGroups?.includes(g.key))
      .flatMap((g) => g.members.map((m) => m.section)),
  );
  const groups: Group[] = [];
  for (const entry of spec.sections) {
    if (entry.kind === 'id' && replaced.has(entry.id)) continue;
    const g = resolveEntry(entry);
    if (!g) continue;
    // The presenter's comment on this entry goes with the first group it selected (its heading slide, its block).
    if ('takeaway' in entry && entry.takeaway !== undefined && g[0]) g[0] = { ...g[0], takeaway: { text: entry.takeaway, spec: parsed.file, line: entry.takeawayLine ?? 0 } };
    groups.push(...g);
  }
  const blockIds = new Set(groups.flatMap((g) => ('section' in g ? [g.section.id] : [])));
  spec.brief.keep.forEach((id, i) => {
    if (!blockIds.has(id)) fail(['brief', 'keep', i], `"${id}" in brief.keep is not a block of this brief`, `one of ${[...blockIds].join(', ')}`, `"${id}"`, didYouMean(id, blockIds));
  });

  /** `- <group>: <key or list>`: each key through the taxonomies the documents declare. */
  function groupEntry(entry: Extract<SelectionEntry, { kind: 'group' }>): Group[] | undefined {
    const declared = groupKeys(corpus.documents);
    const flag = entry.path[0] === FLAG_PATH ? String(entry.path[1]) : undefined;
    if (!declared.includes(entry.group)) {
      const written = typeof entry.raw === 'string' ? entry.raw : entry.keys?.[0];
      const owner = corpusGroups(corpus.documents).find((g) => g.members.some((m) => m.key === entry.group));
      const loc = parsed.locate([...entry.path, entry.group], 'key');
      errors.push(
        new UserError(`unknown key "${entry.group}" in sections[${String(entry.path[1])}]`, {
          location: loc,
          excerpt: parsed.excerpt(loc),
          expected: [...declared, ...SELECTOR_KEYS].map((k) => `"${k}"`).join(', '),
          found: `"${entry.group}"`,
          hint:
            didYouMean(entry.group, [...declared, ...SELECTOR_KEYS, ...MODIFIER_KEYS, ...SPEC_KEYS]) ??
            (entry.raw === null
              ? `to choose a section by its id, write "- ${entry.group}" (without the colon)`
              : Array.isArray(entry.raw) && owner
                ? `for some items of "${entry.group}", write "- ${owner.key}: ${entry.group}" with "items: [${entry.raw.join(', ')}]" under it`
                : written === undefined && owner
                  ? `write "- ${owner.key}: ${entry.group}"`
                  : undefined),
        }),
      );
      return undefined;
    }
    const known = memberKeys(corpus.documents, entry.group);
    if (!entry.keys) {
      fail([...entry.path, entry.group], `"${entry.group}" needs a key or a list of keys`, `a key or a list, e.g. [${known.slice(0, 2).join(', ')}]`, typeof entry.raw === 'object' && entry.raw !== null ? 'a mapping' : String(entry.raw));
      return undefined;
    }
    const aliases = memberAliases(corpus.documents, entry.group);
    const keys = entry.keys;
    const out: Group[] = [];
    keys.forEach((key, j) => {
      const p = [...entry.path, entry.group, ...(keys.length > 1 ? [j] : [])];
      const found = findMember(corpus, entry.group, key);
      if (!found) {
        const several = key.includes(',') ? `write several as a list: [${key.split(',').map((k) => k.trim()).join(', ')}]` : undefined;
        const hint = several ?? suggestChoice(key, known, aliases);
        if (flag) errors.push(new UserError(`${flag}: unknown key "${key}"`, { location: { file: parsed.file }, expected: `a comma-separated list of ${known.join(', ')}`, found: `"${key}"`, hint }));
        else fail(p, `unknown ${entry.group} "${key}"`, `one of ${known.join(', ')}`, `"${key}"`, hint);
        return;
      }
      // A member with items (an area) is claimed by its entry, one without by its key.
      out.push(...memberGroups(found.section, keys.length === 1 && found.section.kind === 'area' ? entry.path : p, entry, key));
    });
    return out;
  }

  /** A member's groups: an area with (some of) its items; a section with some of its children; else as by id. */
  function memberGroups(s: Section, path: PathKey[], entry: Extract<SelectionEntry, { kind: 'group' }>, key: string): Group[] {
    const { group, items: numbers } = entry;
    if (!numbers || s.kind === 'area') return s.kind === 'area' ? areaGroup(s, path, numbers, `${group} "${key}"`, entry.path) : sectionGroups(s, path);
    const all = childrenOf(corpus, s.id).filter((c) => c.number !== undefined);
    const valid = all.map((c) => c.number);
    if (!valid.length) {
      fail([...entry.path, 'items'], `${group} "${key}" has no items`, `"- ${group}: ${key}" without "items:"`, `items: [${numbers.join(', ')}]`);
      return [];
    }
    numbers.forEach((n, j) => {
      if (!valid.includes(n)) fail([...entry.path, 'items', j], `${group} "${key}" has no item ${n}`, `item numbers ${valid.join(', ')}`, String(n), `see \`briefing list\` for the items of "${key}"`);
    });
    if (isOut(s) || !claim(s, path)) return [];
    const children = all.filter((c) => numbers.includes(c.number!) && !isOut(c) && claim(c, path));
    return [{ kind: 'section', section: s, children, quotes: related(s) }];
  }

  /** A section chosen by its id (or as a group member without items). */
  function sectionGroups(s: Section, path: PathKey[]): Group[] {
    if (s.kind === 'area') return areaGroup(s, path);
    if (isOut(s) || !claim(s, path)) return [];
    if (s.kind === 'targets') return [{ kind: 'targets', section: s }];
    if (s.kind === 'support') return [{ kind: 'support', section: s, quotes: related(s) }];
    return [{ kind: 'section', section: s, children: s.text.zh ? [] : childrenOf(corpus, s.id).filter((c) => !isOut(c)), quotes: related(s) }];
  }

  function resolveEntry(entry: SelectionEntry): Group[] | undefined {
    switch (entry.kind) {
      case 'slide':
      case 'file':
        return entry.slides.length ? [{ kind: 'own', slides: entry.slides }] : [];
      case 'group':
        return groupEntry(entry);
      case 'quote': {
        const quotes: Quote[] = [];
        entry.quotes.forEach((id, j) => {
          const q = corpus.quotesById.get(id);
          const p = [...entry.path, 'quote', ...(entry.quotes.length > 1 ? [j] : [])];
          if (!q) {
            fail(p, `unknown quote "${id}"`, 'a quote id (see `briefing list --quotes`)', `"${id}"`, didYouMean(id, corpus.quotesById.keys()));
            return;
          }
          if (!excluded.has(q.id)) quotes.push(q);
        });
        return quotes.length ? [{ kind: 'quotes', quotes }] : [];
      }
      case 'doc': {
        const d = corpus.documents.find((x) => x.id === entry.doc);
        if (!d) {
          const ids = corpus.documents.map((x) => x.id);
          fail([...entry.path, 'doc'], `unknown document "${entry.doc}"`, `one of ${ids.join(', ')}`, `"${entry.doc}"`, didYouMean(entry.doc, ids));
          return undefined;
        }
        return docGroups(d.id, entry.path, entry.parts);
      }
      case 'id': {
        const s = corpus.byId.get(entry.id);
        if (!s) {
          const q = corpus.quotesById.get(entry.id);
          if (q) return excluded.has(q.id) ? [] : [{ kind: 'quotes', quotes: [q] }];
          fail(entry.path, `unknown section id "${entry.id}"`, 'a section id (see `briefing list`)', `"${entry.id}"`, didYouMean(entry.id, allIds));
          return undefined;
        }
        return sectionGroups(s, entry.path);
      }
    }
  }

  /**
   * A whole document in order (or only the top-level parts `parts` numbers): a divider for each top-level part with no
   * text of its own, its text sections, each area with its items, supports, targets.
   */
  function docGroups(doc: string, path: PathKey[], parts?: number[]): Group[] {
    const own = corpus.sections.filter((x) => x.doc === doc);
    const isTop = (s: Section) => s.kind === 'part' && (!s.parent || corpus.byId.get(s.parent)?.doc !== doc);
    const top = own.filter(isTop);
    let chosen: Set<string> | undefined;
    if (parts) {
      const numbers = top.map((p) => p.number).filter((n): n is number => n !== undefined);
      parts.forEach((n, j) => {
        if (!numbers.includes(n)) {
          fail(
            [...path, 'parts', j],
            `document "${doc}" has no part ${n}`,
            numbers.length ? `part numbers ${numbers.join(', ')}` : 'no "parts:": the document has no numbered top-level parts',
            String(n),
            `see \`briefing list --doc ${doc}\` for its parts`,
          );
        }
      });
      chosen = new Set(top.filter((p) => p.number !== undefined && parts.includes(p.number)).map((p) => p.id));
    }
    const topOf = (s: Section): Section | undefined => {
      for (let cur: Section | undefined = s; cur; cur = cur.parent ? corpus.byId.get(cur.parent) : undefined) if (cur.doc === doc && isTop(cur)) return cur;
      return undefined;
    };
    const out: Group[] = [];
    for (const s of own) {
      if (chosen) {
        const p = topOf(s);
        if (!p || !chosen.has(p.id)) continue;
      }
      if (s.kind === 'item' && s.parent && corpus.byId.get(s.parent)?.kind === 'area') continue; // with its area
      if (s.kind === 'area') {
        out.push(...areaGroup(s, path));
        continue;
      }
      if (!s.text.zh) {
        // A heading only: its children follow; a top-level part opens them with a divider.
        const children = childrenOf(corpus, s.id).filter((c) => !isOut(c));
        if (isTop(s) && children.length && !isOut(s) && claim(s, path)) out.push({ kind: 'part', section: s, children });
        continue;
      }
      if (isOut(s) || !claim(s, path)) continue;
      if (s.kind === 'targets') out.push({ kind: 'targets', section: s });
      else if (s.kind === 'support') out.push({ kind: 'support', section: s, quotes: related(s) });
      else out.push({ kind: 'section', section: s, children: [], quotes: related(s) });
    }
    return out;
  }

  function areaGroup(area: Section, path: PathKey[], numbers?: number[], name = `"${area.id}"`, entryPath = path): Group[] {
    if (isOut(area) || !claim(area, path)) return [];
    const all = childrenOf(corpus, area.id);
    let items = all;
    if (numbers) {
      const valid = all.map((s) => s.number);
      numbers.forEach((n, j) => {
        if (!valid.includes(n)) {
          fail([...entryPath, 'items', j], `${name} has no item ${n}`, `item numbers ${valid.join(', ')}`, String(n), `see \`briefing list\` for the items of ${name}`);
        }
      });
      items = all.filter((s) => s.number !== undefined && numbers.includes(s.number));
    }
    items = items.filter((s) => !isOut(s) && claim(s, path));
    return [{ kind: 'area', section: area, items, quotes: related(area), allItems: all.length }];
  }

  if (!errors.length && !groups.length) {
    fail(
      ['sections'],
      'nothing is selected',
      'at least one section that is not excluded',
      spec.exclude.length ? `every entry is dropped by "exclude:" (${spec.exclude.join(', ')})` : 'no section',
      'remove an id from "exclude:", or add a section; `briefing list` shows them',
      ERROR_CODES.nothingSelected,
    );
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new UserErrors(errors);

  const used = usedDocs(groups);
  const documents = corpus.documents.filter((d) => used.has(d.id));
  const lineage = lineageOf(groups, corpus);
  const slides = layoutSlides(groups, spec.deck, documents, lineage, spec.language);
  // Each document's groups as its taxonomy declares them (an imported document without one has parts of its structure,
  // not key areas: "sets out four key areas" would be a claim the document does not make).
  const scope = Object.fromEntries(
    documents.flatMap((d) =>
      d.taxonomy
        ? [[d.id, { verb: d.taxonomy.verb, groups: d.taxonomy.groups.map((g): ScopeGroup => ({ key: g.key, noun: g.noun, plural: g.plural, classifier: g.classifier, members: g.members.map((m) => m.section) })) }]]
        : [],
    ),
  );
  return {
    meta: {
      title: spec.title,
      ...(spec.subtitle ? { subtitle: spec.subtitle } : {}),
      ...(spec.presenter ? { presenter: spec.presenter } : {}),
      ...(spec.date ? { date: spec.date } : {}),
      ...(spec.audience ? { audience: spec.audience } : {}),
      ...(spec.classification ? { classification: spec.classification } : {}),
      ...(spec.version ? { version: spec.version } : {}),
      ...(spec.brand ? { brand: { name: spec.brand.name, ...(parsed.logoAsset ? { logo: parsed.logoAsset } : {}) } } : {}),
      buildDate: options.buildDate ?? new Date().toISOString().slice(0, 10),
    },
    language: spec.language,
    typography: spec.typography,
    theme: spec.theme,
    deck: spec.deck,
    brief: spec.brief,
    groups,
    slides,
    documents,
    scope,
    speakers: corpus.speakers,
    lineage,
    warnings: [...(parsed.warnings ?? []), ...untranslatedWarnings(groups, spec.language === 'zh' ? ['zh'] : spec.language === 'en' ? ['en'] : ['zh', 'en'])],
  };
}

/** The sections a group shows, in order. */
export function groupSections(g: Group): Section[] {
  switch (g.kind) {
    case 'targets':
    case 'support':
    case 'part':
      return [g.section];
    case 'area':
      return [g.section, ...g.items];
    case 'section':
      return [g.section, ...g.children];
    case 'quotes':
    case 'own':
      return [];
  }
}

function usedDocs(groups: Group[]): Set<string> {
  const docs = new Set<string>();
  for (const g of groups) {
    for (const s of groupSections(g)) docs.add(s.doc);
    if (g.kind !== 'targets' && g.kind !== 'own' && g.kind !== 'part') for (const q of g.quotes) docs.add(q.doc);
  }
  return docs;
}

function untranslatedWarnings(groups: Group[], langs: Lang[]): string[] {
  const out: string[] = [];
  for (const g of groups) {
    for (const s of groupSections(g)) {
      const missing = s.untranslated.filter((l) => langs.includes(l));
      if (missing.length) out.push(`"${s.id}" (${s.file}) has no ${missing.join('/')} translation yet; it is shown in the original, marked "untranslated"`);
    }
  }
  return out;
}

/** Slides from groups: title, agenda, one block per group, sources. */
export function layoutSlides(groups: Group[], deck: DeckOptions, documents: DocumentMeta[], lineage: Briefing['lineage'] = {}, language: Briefing['language'] = 'en'): Slide[] {
  const slides: Slide[] = [{ type: 'title' }];
  if (deck.agenda) slides.push(...agendaSlides(agendaEntries(groups, lineage), language));
  const shown = new Set<string>();
  // Related quotes get slides only when they are the speaker's own words; reported speech (it starts mid-sentence,
  // "提出了…") stays in the notes. A quote the spec names is shown either way.
  const quoteSlides = (quotes: Quote[], max: number, named = false) => {
    const picked = quotes.filter((q) => !shown.has(q.id) && (named || q.kind === 'direct')).slice(0, max);
    for (const q of picked) {
      shown.add(q.id);
      slides.push({ type: 'quote', quote: q });
    }
  };
  for (const g of groups) {
    // A takeaway is a callout on the group's first slide: its heading slide, or its only slide.
    const tk = g.takeaway ? { takeaway: g.takeaway } : {};
    switch (g.kind) {
      case 'targets':
        slides.push({ type: 'timeline', section: g.section, ...tk });
        break;
      case 'area':
        slides.push({ type: 'heading', section: g.section, children: g.items, quotes: g.quotes, ...tk });
        for (const item of g.items) slides.push({ type: 'content', section: item, quotes: g.quotes });
        if (deck.quotes) quoteSlides(g.quotes, deck.maxQuotes);
        break;
      case 'support':
        slides.push({ type: 'content', section: g.section, quotes: g.quotes, ...tk });
        if (deck.quotes) quoteSlides(g.quotes, deck.maxQuotes);
        break;
      case 'section':
        if (g.section.text.zh || !g.children.length) slides.push({ type: 'content', section: g.section, quotes: g.quotes, ...tk });
        else slides.push({ type: 'heading', section: g.section, children: g.children, quotes: g.quotes, ...tk });
        break;
      case 'part':
        slides.push({ type: 'heading', section: g.section, children: g.children, quotes: [] });
        break;
      case 'quotes': {
        const first = slides.length;
        quoteSlides(g.quotes, Infinity, true);
        if (g.takeaway && slides[first]) slides[first] = { ...slides[first]!, takeaway: g.takeaway };
        break;
      }
      case 'own':
        for (const slide of g.slides) slides.push({ type: 'own', slide });
        break;
    }
  }
  if (deck.sources) slides.push({ type: 'sources', documents });
  return slides;
}
