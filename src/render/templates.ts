import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';

export type Template = (data: unknown) => string;

/**
 * Load a folder of Handlebars templates: `<name>.hbs` is the layout, every other `.hbs` a partial named after its
 * file. Each call makes its own Handlebars environment, so partials of the deck and the brief never mix.
 */
export async function loadTemplates(dir: string, layout: string): Promise<Template> {
  const hb = Handlebars.create();
  hb.registerHelper('slidePartial', (type: string) => `slide-${type}`);
  hb.registerHelper('langTag', (lang: string) => (lang === 'zh' ? 'zh-Hans' : lang));
  hb.registerHelper('langOf', (text: unknown) => (/[\u3000-\u9fff\uff00-\uffef]/.test(String(text ?? '')) ? 'zh-Hans' : 'en'));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.hbs'));
  let main: string | undefined;
  await Promise.all(
    names.map(async (n) => {
      const src = (await readFile(path.join(dir, n), 'utf8')).replace(/\r?\n$/, '');
      const name = n.slice(0, -4);
      if (name === layout) main = src;
      else hb.registerPartial(name, src);
    }),
  );
  if (main === undefined) throw new Error(`template ${layout}.hbs not found in ${dir}`);
  return hb.compile(main, { noEscape: false, preventIndent: true });
}
