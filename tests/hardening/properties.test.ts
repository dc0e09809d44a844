/** Property-based: whatever the input, the spec parser and the selection give a result or a typed error. */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UserError, UserErrors } from '../../src/errors.js';
import { parseSpec } from '../../src/spec/parse.js';
import { select } from '../../src/select/select.js';
import { AREAS, SUPPORTS } from '../helpers/corpus.js';
import { realCorpus } from '../helpers/corpus.js';

const typed = (fn: () => unknown): 'ok' | 'user-error' => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof UserError || err instanceof UserErrors) {
      const list = err instanceof UserErrors ? err.errors : [err];
      for (const e of list) expect(e.details.location?.file ?? 'spec.yaml').toBe('spec.yaml');
      return 'user-error';
    }
    throw err;
  }
};

describe('properties', () => {
  it('parseSpec: any text is a spec or a UserError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('title: T\nsections: [targets]\n', '{', '[', '&a [*a]', 'title: !!binary x')), (text) => {
        typed(() => parseSpec(text, 'spec.yaml'));
      }),
      { numRuns: 500 },
    );
  });

  it('parseSpec: any YAML value is a spec or a UserError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        typed(() => parseSpec(stringify(value), 'spec.yaml'));
      }),
      { numRuns: 300 },
    );
  });

  it('select: specs made of real and misspelt names select or fail with positions', async () => {
    const corpus = await realCorpus();
    const ids = [...corpus.byId.keys()];
    const name = fc.oneof(fc.constantFrom(...ids, ...AREAS, ...SUPPORTS), fc.string({ minLength: 1, maxLength: 12 }));
    const entry = fc.oneof(
      name,
      fc.record({ area: name }),
      fc.record({ area: fc.constantFrom(...AREAS), items: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }) }),
      fc.record({ support: fc.array(name, { minLength: 1, maxLength: 3 }) }),
      fc.record({ quote: name }),
      fc.record({ doc: name }),
    );
    const spec = fc.record({
      title: fc.string({ minLength: 1, maxLength: 20 }),
      language: fc.constantFrom('zh', 'en', 'bilingual'),
      sections: fc.array(entry, { minLength: 1, maxLength: 6 }),
      exclude: fc.array(name, { maxLength: 3 }),
    });
    let ok = 0;
    fc.assert(
      fc.property(spec, (value) => {
        const r = typed(() => select(parseSpec(stringify(value), 'spec.yaml'), corpus));
        if (r === 'ok') ok++;
      }),
      { numRuns: 400 },
    );
    expect(ok).toBeGreaterThan(0);
  });
});
