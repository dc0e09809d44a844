import { parse, type HTMLElement } from 'node-html-parser';
import { prepare, renderDeck } from '../../src/build.js';
import { DEFAULTS } from '../../src/paths.js';
import { parseSpec } from '../../src/spec/parse.js';
import type { Briefing } from '../../src/select/types.js';
import { realCorpus } from './corpus.js';

/** Spec text → Briefing with the real corpus and themes. */
export async function briefingFor(yaml: string, file = 'test.yaml'): Promise<Briefing> {
  return prepare(parseSpec(yaml, file), await realCorpus(), DEFAULTS.themes);
}

/** Spec text → the deck's HTML, parsed. */
export async function deckFor(yaml: string): Promise<{ briefing: Briefing; html: string; root: HTMLElement }> {
  const briefing = await briefingFor(yaml);
  const { html } = await renderDeck(briefing, DEFAULTS.templates, DEFAULTS.themes);
  return { briefing, html, root: parse(html) };
}

export const ALL_AREAS_AND_SUPPORTS = (language: string) => `title: Everything
language: ${language}
sections:
  - targets
  - area: science
  - area: industry
  - area: consumption
  - area: livelihood
  - area: governance
  - area: global
  - support: [models, data, compute, environment, open-source, talent, policy, safety]
`;
