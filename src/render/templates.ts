import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';

export type Template = (data: unknown) => string;

/**
 * Load a folder of Handlebars templates: `<name>.hbs` is the layout, every other `.hbs` a partial named after its
 * file, plus the shared partials of `templates/partials/`. Each call makes its own Handlebars environment, so the
 * deck's and the brief's partials never mix.
 */
export async function loadTemplates(dir: string, layout: string): Promise<Template> {
  const shared = path.join(path.dirname(dir), 'partials');
  const hb = Handlebars.create();
  hb.registerHelper('slidePartial', (type: string) => `slide-${type}`);
  hb.registerHelper('langTag', (lang: string) => (lang === 'zh' ? 'zh-Hans' : lang));
  hb.registerHelper('langOf', (text: unknown) => (/[\u3000-\u9fff\uff00-\uffef]/.test(String(text ?? '')) ? 'zh-Hans' : 'en'));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const files = async (d: string) => ((await readdir(d).catch(() => [])) as string[]).filter((n) => n.endsWith('.hbs')).map((n) => path.join(d, n));
  let main: string | undefined;
  await Promise.all(
    [...(await files(shared)), ...(await files(dir))].map(async (file) => {
      const src = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
      const name = path.basename(file, '.hbs');
      if (name === layout && path.dirname(file) === dir) main = src;
      else hb.registerPartial(name, src);
    }),
  );
  if (main === undefined) throw new Error(`template ${layout}.hbs not found in ${dir}`);
  return hb.compile(main, { noEscape: false, preventIndent: true });
}
