import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/paths.js';

/** templates/compose/labels.js as the composer page runs it (a plain script that sets window.briefingLabels). */
function labels(): { itemsLabel(numbers: number[], lang: string): string } {
  const window: Record<string, unknown> = {};
  vm.runInNewContext(readFileSync(path.join(DEFAULTS.templates, 'compose', 'labels.js'), 'utf8'), window);
  return window.briefingLabels as ReturnType<typeof labels>;
}

describe('composer labels', () => {
  it('read naturally: "item 2", "items 1, 2 and 4"; 第2项, 第1、2项', () => {
    const { itemsLabel } = labels();
    expect(itemsLabel([2], 'en')).toBe('item 2');
    expect(itemsLabel([1, 2], 'en')).toBe('items 1 and 2');
    expect(itemsLabel([1, 2, 4], 'en')).toBe('items 1, 2 and 4');
    expect(itemsLabel([2], 'zh')).toBe('第2项');
    expect(itemsLabel([1, 2], 'zh')).toBe('第1、2项');
  });

  it('the composer page loads the labels before its own script', () => {
    const html = readFileSync(path.join(DEFAULTS.templates, 'compose', 'compose.html'), 'utf8');
    expect(html.indexOf('/compose/labels.js')).toBeGreaterThan(0);
    expect(html.indexOf('/compose/labels.js')).toBeLessThan(html.indexOf('/compose/compose.js'));
    const js = readFileSync(path.join(DEFAULTS.templates, 'compose', 'compose.js'), 'utf8');
    expect(js).not.toMatch(/'items '/);
  });
});
