/** dataSignature keys the rendered-pages cache: two different values must never sign alike. */
import { describe, expect, it } from 'vitest';
import { dataSignature, vouchFor } from '../../src/util/signature.js';

const differ = (a: unknown, b: unknown) => {
  const [x, y] = [dataSignature(a), dataSignature(b)];
  expect(x).toBeTypeOf('string');
  expect(y).toBeTypeOf('string');
  // As the key hashes them: in UTF-8, where a lone surrogate would become U+FFFD.
  expect(Buffer.from(x!).equals(Buffer.from(y!))).toBe(false);
};

describe('dataSignature', () => {
  it('is the same for equal plain data, built apart', () => {
    const make = () => ({ a: [1, 'two', { three: true }], b: new Map([['k', new Set([1, 2])]]), c: null, d: undefined });
    expect(dataSignature(make())).toBe(dataSignature(make()));
  });

  it('tells apart values that JSON would write alike, or that run together', () => {
    differ({ a: undefined }, {});
    differ([undefined], [null]);
    differ(0, -0);
    differ(1, '1');
    differ(true, 'true');
    differ(['ab', 'c'], ['a', 'bc']);
    differ({ ab: 'c' }, { a: 'bc' });
    differ({ 'a:1': 'x' }, { a: '1:x' });
    differ(new Map([['a', 1]]), { a: 1 });
    differ(new Map(), {});
    differ(new Set([1]), [1]);
    differ({ a: 1, b: 2 }, { b: 2, a: 1 }); // the order of keys is what a template loops over
    differ(NaN, 'NaN');
  });

  it('tells apart strings that differ only in a lone surrogate (both would hash as U+FFFD)', () => {
    differ('\ud800', '\ud801');
    differ('\ud800', '\ufffd');
    differ({ '\ud800': 1 }, { '\ufffd': 1 });
    differ({ '\ud800': 1 }, { '\ud801': 1 });
    expect(dataSignature('\ud83d\ude00')).toBe(dataSignature('😀'));
  });

  it('tells a shared object apart from two copies of it', () => {
    const shared = { text: 'same' };
    differ([shared, shared], [{ text: 'same' }, { text: 'same' }]);
  });

  it('has none for what is not plain data: functions, symbols, class instances, dates, typed arrays, holes', () => {
    class Point {
      x = 1;
    }
    for (const v of [() => 1, Symbol('s'), new Point(), new Date(0), new Uint8Array(2), [1, , 3], { [Symbol('k')]: 1 }, { deep: [{ f() {} }] }]) {
      expect(dataSignature(v)).toBeUndefined();
    }
    expect(dataSignature(Object.create(null))).toBeTypeOf('string');
  });

  it('writes a vouched-for object as its name, and freezes it so that it cannot change', () => {
    const section = { id: 's', text: 'x'.repeat(10_000), points: [{ zh: '一', en: 'one' }] };
    const before = dataSignature({ slide: section })!;
    vouchFor(section, 'corpus k section 0');
    const after = dataSignature({ slide: section })!;
    expect(after.length).toBeLessThan(100);
    expect(after).toContain('corpus k section 0');
    expect(before).toContain('x'.repeat(10_000));
    expect(Object.isFrozen(section) && Object.isFrozen(section.points) && Object.isFrozen(section.points[0])).toBe(true);
    expect(() => {
      'use strict';
      (section.points[0] as { en: string }).en = 'changed';
    }).toThrow(TypeError);
  });

  it('does not vouch for an object that holds what cannot be frozen (a Map)', () => {
    const odd = { id: 'o', index: new Map([['a', 1]]) };
    vouchFor(odd, 'name');
    expect(dataSignature(odd)).not.toContain('name');
    expect(dataSignature(odd)).toBe(dataSignature({ id: 'o', index: new Map([['a', 1]]) }));
  });
});
