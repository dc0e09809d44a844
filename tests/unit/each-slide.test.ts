/**
 * The deck template's {{#eachSlide}}: the block once per slide, like {{#each}}; with keepSlides (serve, the composer),
 * a slide made of the same slide and root as in this run or the one before is taken from there, never stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/render/templates.js';
import { testCache } from '../helpers/cache-env.js';
import { tempFolders } from '../helpers/tmp.js';

const tempDir = tempFolders();
const cache = testCache(tempDir, 'cache');

/** A deck-like folder of templates: a layout with {{#eachSlide}} and a slide partial. */
async function templates(): Promise<string> {
  const dir = path.join(cache.root, 'templates', 'deck');
  await mkdir(dir, { recursive: true });
  await mkdir(path.join(cache.root, 'templates', 'partials'), { recursive: true });
  await writeFile(path.join(dir, 'deck.hbs'), '<h1>{{title}}</h1>{{#eachSlide slides}}{{> slide}}{{/eachSlide}}\n');
  await writeFile(path.join(dir, 'slide.hbs'), '<section id="{{id}}">{{text}}|{{@root.title}}|{{#each points}}{{#if @first}}*{{/if}}{{this}}{{/each}}{{rendered}}</section>');
  return dir;
}

/** Slides whose `rendered` field counts the renders of each (read once per render of that slide). */
function counted(slides: { id: string; text: string; points?: string[] }[]) {
  const renders = new Map<string, number>();
  // Not enumerable: not part of what the slide is made of (JSON), but read by the template.
  const made = slides.map((s) =>
    Object.defineProperty({ ...s }, 'rendered', {
      enumerable: false,
      get() {
        renders.set(s.id, (renders.get(s.id) ?? 0) + 1);
        return '';
      },
    }),
  );
  return { made, renders };
}

describe('eachSlide', () => {
  it('renders like each; kept, a slide renders again only when it or the rest of the root changed', async () => {
    const dir = await templates();
    const plain = await loadTemplates(dir, 'deck');
    const kept = await loadTemplates(dir, 'deck', undefined, { keepSlides: true });
    const slides = [
      { id: 'a', text: 'A <1>', points: ['x', 'y'] },
      { id: 'b', text: 'B' },
      { id: 'c', text: 'C' },
    ];
    const first = counted(slides);
    const html = plain({ title: 'T', slides: first.made });
    expect(html).toBe('<h1>T</h1><section id="a">A &lt;1&gt;|T|*xy</section><section id="b">B|T|</section><section id="c">C|T|</section>');
    expect(kept({ title: 'T', slides: counted(slides).made })).toBe(html);

    // The same slides again, one changed, one added before the others: only those two are rendered.
    const second = counted([{ id: 'new', text: 'N' }, slides[0]!, { ...slides[1]!, text: 'B2' }, slides[2]!]);
    const again = kept({ title: 'T', slides: second.made });
    expect(again).toBe(plain({ title: 'T', slides: counted([{ id: 'new', text: 'N' }, slides[0]!, { ...slides[1]!, text: 'B2' }, slides[2]!]).made }));
    expect(Object.fromEntries(second.renders)).toEqual({ new: 1, b: 1 });

    // A change to the root around the slides (the title is on every slide): every slide is rendered again.
    const third = counted(slides);
    expect(kept({ title: 'T2', slides: third.made })).toContain('<section id="b">B|T2|</section>');
    expect([...third.renders.keys()].sort()).toEqual(['a', 'b', 'c']);

    // Kept are this run's slides and the run before's: "b" as it was two runs ago (B2, under the title T) is rendered
    // again, "a" as it was in the run before is not.
    const fourth = counted([{ ...slides[1]!, text: 'B2' }]);
    kept({ title: 'T2', slides: fourth.made });
    expect(Object.fromEntries(fourth.renders)).toEqual({ b: 1 });
    const fifth = counted([slides[0]!, { ...slides[1]!, text: 'B2' }]);
    expect(kept({ title: 'T', slides: fifth.made })).toBe('<h1>T</h1><section id="a">A &lt;1&gt;|T|*xy</section><section id="b">B2|T|</section>');
    expect(Object.fromEntries(fifth.renders)).toEqual({ a: 1, b: 1 });

    // Without keepSlides nothing is kept.
    const sixth = counted(slides);
    plain({ title: 'T', slides: sixth.made });
    plain({ title: 'T', slides: sixth.made });
    expect(Object.fromEntries(sixth.renders)).toEqual({ a: 2, b: 2, c: 2 });
  });

  it('gives nothing for a missing list, and no loop data (@index) at the slide level', async () => {
    const dir = await templates();
    await writeFile(path.join(dir, 'slide.hbs'), '[{{id}}:{{@index}}{{@first}}]');
    const kept = await loadTemplates(dir, 'deck', undefined, { keepSlides: true });
    expect(kept({ title: 'T' })).toBe('<h1>T</h1>');
    expect(kept({ title: 'T', slides: [{ id: 'a' }, { id: 'b' }] })).toBe('<h1>T</h1>[a:][b:]');
  });
});
