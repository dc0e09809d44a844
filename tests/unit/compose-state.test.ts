import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { specYaml, stateFromSpec, type ComposerEntry } from '../../src/compose/state.js';
import { parseSpec } from '../../src/spec/parse.js';
import { realCorpus } from '../helpers/corpus.js';

const SPEC = `title: T
classification: CONFIDENTIAL
version: draft 3
sections:
  - area: industry
    takeaway: Local stacks first
  - slide:
      title: What it means for us
      points: [One, Two]
      notes: Say it
  - file: our-view.md
exclude: [industry-agriculture]
`;

describe('composer state and saving', () => {
  it('keeps exclude: as written when the selection is unchanged (not items: [1, 2])', async () => {
    const state = stateFromSpec(parseSpec(SPEC, 's.yaml').spec, await realCorpus());
    const area = state.entries[0] as Extract<ComposerEntry, { kind: 'area' }>;
    expect(area.items).toBeDefined(); // the tree shows the excluded item unticked
    const saved = parseDocument(specYaml(state, SPEC)).toJS();
    expect(saved.exclude).toEqual(['industry-agriculture']);
    expect(saved.sections[0]).toEqual({ area: 'industry', takeaway: 'Local stacks first' });
  });

  it('lays each state over the same file afresh: nothing of one state is left in the next', async () => {
    const state = stateFromSpec(parseSpec(SPEC, 's.yaml').spec, await realCorpus());
    const first = specYaml(state, SPEC);
    const changed = specYaml({ ...state, title: 'Other', deck: { ...state.deck, agenda: false }, brief: { bottomLine: 'Line', quotes: 1 }, exclude: [], entries: state.entries.slice(1) }, SPEC);
    expect(changed).toContain('title: Other');
    expect(changed).toContain('agenda: false');
    expect(specYaml(state, SPEC)).toBe(first);
  });

  it('saves the deck options, the brief\'s bottom line and quotes, and exclude: set in the composer', async () => {
    const state = stateFromSpec(parseSpec(SPEC, 's.yaml').spec, await realCorpus());
    expect(state.deck).toEqual({ agenda: true, notes: true, sources: true, quotes: true, maxQuotes: 2 });
    // Defaults the spec did not write are not written.
    expect(parseDocument(specYaml(state, SPEC)).toJS().deck).toBeUndefined();
    state.deck = { ...state.deck, agenda: false, sources: false, maxQuotes: 1 };
    state.brief = { bottomLine: 'Act now. Local stacks first.', quotes: 1 };
    state.exclude = ['industry-agriculture', 'wang-yiming-data-scale'];
    const yaml = specYaml(state, SPEC);
    const saved = parseDocument(yaml).toJS();
    expect(saved.deck).toEqual({ agenda: false, sources: false, maxQuotes: 1 });
    expect(saved.brief).toEqual({ bottomLine: 'Act now. Local stacks first.', quotes: 1 });
    expect(saved.exclude).toEqual(['industry-agriculture', 'wang-yiming-data-scale']);
    const back = parseSpec(yaml, 's.yaml').spec;
    expect([back.deck.agenda, back.deck.sources, back.deck.maxQuotes, back.brief.quotes]).toEqual([false, false, 1, 1]);
    // An emptied bottom line goes back to the one built from the selection.
    state.brief = { bottomLine: '', quotes: 1 };
    expect(parseDocument(specYaml(state, yaml)).toJS().brief).toEqual({ quotes: 1 });
  });

  it('drops an exclude the user has undone by ticking the item again', async () => {
    const state = stateFromSpec(parseSpec(SPEC, 's.yaml').spec, await realCorpus());
    const area = state.entries[0] as Extract<ComposerEntry, { kind: 'area' }>;
    delete area.items; // every item ticked
    const saved = parseDocument(specYaml(state, SPEC)).toJS();
    expect(saved.exclude).toBeUndefined();
    expect(saved.sections[0]).toEqual({ area: 'industry', takeaway: 'Local stacks first' });
  });

  it('adds, edits and removes own slides, sets classification and version, and the saved spec parses', async () => {
    const state = stateFromSpec(parseSpec(SPEC, 's.yaml').spec, await realCorpus());
    expect(state).toMatchObject({ classification: 'CONFIDENTIAL', version: 'draft 3' });
    expect(state.entries.map((e) => e.kind)).toEqual(['area', 'slide', 'file']);
    const slide = state.entries[1] as Extract<ComposerEntry, { kind: 'slide' }>;
    slide.slide = { ...slide.slide, title: { en: 'What it means', zh: '意味着什么' }, notes: 'Edited' };
    state.entries.push({ kind: 'slide', slide: { title: 'Next steps', points: ['Decide'] } });
    state.entries.splice(2, 1); // remove the file entry
    const next = { ...state, classification: 'RESTRICTED', version: 'draft 4' };
    const yaml = specYaml(next, SPEC);
    const spec = parseSpec(yaml, 's.yaml').spec;
    expect(spec).toMatchObject({ classification: 'RESTRICTED', version: 'draft 4', exclude: ['industry-agriculture'] });
    expect(spec.sections.map((e) => e.kind)).toEqual(['group', 'slide', 'slide']);
    const own = spec.sections.filter((e) => e.kind === 'slide').flatMap((e) => (e.kind === 'slide' ? e.slides : []));
    expect(own.map((s) => [s.title, s.notes])).toEqual([[{ en: 'What it means', zh: '意味着什么' }, 'Edited'], ['Next steps', undefined]]);
  });
});
