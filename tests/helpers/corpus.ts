import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { DEFAULTS, PROJECT_ROOT } from '../../src/paths.js';

let corpus: Promise<Corpus> | undefined;
export const realCorpus = (): Promise<Corpus> => (corpus ??= loadCorpus(DEFAULTS.content));

/** The raw sources, beside the project in ../shared/corpus-sources (or CORPUS_SOURCES). */
export const SOURCES_DIR = process.env.CORPUS_SOURCES ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus-sources');
export const readSource = (name: string): string => readFileSync(path.join(SOURCES_DIR, name), 'utf8');
export const OPINIONS_SOURCE = '002_d0819546e1f75207.txt';
export const EXPLAINER_SOURCE = '000_e4b71d7b821ab208.txt';
