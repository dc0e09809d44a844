import { sha256Hex } from '../util/hash.js';
import type { Section } from '../corpus/types.js';
import type { Briefing, Group, Origin, Slide } from './types.js';

/** Hashes made, by section: a build asks for a section's several times (its slides, its brief block). */
const hashes = new WeakMap<Section, string>();

/**
 * sha256 of a section's source text: its cite, title, points, text and targets in both languages. Remembered for the
 * section object: the corpus's sections are not changed once loaded.
 */
export function sectionHash(s: Section): string {
  let hash = hashes.get(s);
  if (hash === undefined) {
    const source = JSON.stringify({ cite: s.cite, title: s.title, points: s.points, text: s.text, targets: s.targets ?? [] });
    hashes.set(s, (hash = sha256Hex(source)));
  }
  return hash;
}

export function corpusOrigin(s: Section): Origin {
  return { origin: 'corpus', doc: s.doc, section: s.id, cite: s.cite.en, sha256: sectionHash(s) };
}

/** Where a slide's words come from. */
export function slideOrigin(slide: Slide): Origin {
  switch (slide.type) {
    case 'timeline':
    case 'heading':
    case 'content':
      return corpusOrigin(slide.section);
    case 'quote': {
      const q = slide.quote;
      return { origin: 'corpus', doc: q.doc, section: q.id, cite: q.file, sha256: sha256Hex(JSON.stringify({ text: q.text, speakers: q.speakers })) };
    }
    case 'own':
      return { origin: 'presenter', spec: slide.slide.origin.file, line: slide.slide.origin.line };
    default:
      return { origin: 'briefing' };
  }
}

/** Where a brief block's words come from (the block is a group with a section). */
export function groupOrigin(g: Group): Origin {
  return 'section' in g ? corpusOrigin(g.section) : { origin: 'briefing' };
}

export interface Manifest {
  spec: { file: string; sha256?: string };
  buildDate: string;
  version?: string;
  classification?: string;
  language: string;
  slides: ({ n: number; id: string; type: string } & Origin & { takeaway?: { origin: 'presenter'; spec: string; line: number } })[];
  brief: ({ id: string } & Origin & { takeaway?: { origin: 'presenter'; spec: string; line: number } })[];
}

/** The manifest as build writes it (manifest.json): `spec` names the spec file and its hash, when it has one. */
export function manifestJson(b: Briefing, spec: { file: string; sha256?: string | undefined }, slideIds: string[]): string {
  return `${JSON.stringify(buildManifest(b, specIdentity(spec), slideIds), null, 2)}\n`;
}

/** The spec as the manifest names it. */
export const specIdentity = (spec: { file: string; sha256?: string | undefined }): Manifest['spec'] => ({ file: spec.file, ...(spec.sha256 ? { sha256: spec.sha256 } : {}) });

/** The build manifest: for each slide and each brief block, where its words come from. Pure. */
export function buildManifest(b: Briefing, spec: { file: string; sha256?: string }, slideIds: string[]): Manifest {
  const tk = (t: Slide['takeaway']) => (t ? { takeaway: { origin: 'presenter' as const, spec: t.spec, line: t.line } } : {});
  return {
    spec,
    buildDate: b.meta.buildDate,
    ...(b.meta.version ? { version: b.meta.version } : {}),
    ...(b.meta.classification ? { classification: b.meta.classification } : {}),
    language: b.language,
    slides: b.slides.map((s, i) => ({ n: i + 1, id: slideIds[i] ?? `s${i + 1}`, type: s.type, ...slideOrigin(s), ...tk(s.takeaway) })),
    brief: b.groups
      .filter((g) => g.kind !== 'quotes' && g.kind !== 'own' && g.kind !== 'targets')
      .map((g) => ({ id: 'section' in g ? g.section.id : 'block', ...groupOrigin(g), ...tk(g.takeaway) })),
  };
}
