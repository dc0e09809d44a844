import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';

let corpus: Promise<Corpus> | undefined;
export const realCorpus = (): Promise<Corpus> => (corpus ??= loadCorpus(DEFAULTS.content));

/** The shared copy of the raw sources, beside the project, when there is one. */
export const SHARED_SOURCES = process.env.CORPUS_SOURCES ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus-sources');
/**
 * The raw sources the tests check the corpus against: a copy kept in tests/fixtures so that `npm test` works in any
 * clone; tests/unit/corpus.test.ts checks it is identical to the shared copy where that exists.
 */
export const SOURCES_DIR = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'corpus-sources');
export const readSource = (name: string): string => readFileSync(path.join(SOURCES_DIR, name), 'utf8');
export const OPINIONS_SOURCE = '002_d0819546e1f75207.txt';
export const EXPLAINER_SOURCE = '000_e4b71d7b821ab208.txt';

/** The real corpus's taxonomy (content/ai-plus-opinions/_document.yaml): the six key areas and eight supports. */
export const AREAS = ['science', 'industry', 'consumption', 'livelihood', 'governance', 'global'] as const;
export const SUPPORTS = ['models', 'data', 'compute', 'environment', 'open-source', 'talent', 'policy', 'safety'] as const;

/** Two made-up documents with different taxonomies (tests/fixtures/corpus-synthetic/README.md). */
export const SYNTHETIC_CONTENT = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'corpus-synthetic');
let synthetic: Promise<Corpus> | undefined;
export const syntheticCorpus = (): Promise<Corpus> => (synthetic ??= loadCorpus(SYNTHETIC_CONTENT, { cache: false }));
