import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import RuntimeModule from 'handlebars/runtime.js';
import type HandlebarsApi from 'handlebars';
import { cacheKey, codeFingerprint, readCached, writeCached } from '../util/cache.js';

export type Template = (data: unknown) => string;

/** The Handlebars runtime: templating without the compiler (its typings only declare the full package). */
const Runtime = RuntimeModule as unknown as typeof HandlebarsApi;

const COMPILE_OPTIONS = { noEscape: false, preventIndent: true } as const;

interface TemplateSource {
  name: string;
  src: string;
}

/** Precompiled template specifications (JavaScript source), as Handlebars.precompile gives them. */
interface Compiled {
  main: string;
  partials: Record<string, string>;
}

/**
 * Load a folder of Handlebars templates: `<name>.hbs` is the layout, every other `.hbs` a partial named after its
 * file, plus the shared partials of `templates/partials/` (a folder's own partial wins over a shared one of the same
 * name). Each call makes its own Handlebars environment, so the deck's and the brief's partials never mix.
 *
 * Compiling is the slow part, so the precompiled templates are kept in the on-disk cache under a hash of their
 * sources; only the small Handlebars runtime is needed when they are there.
 */
export async function loadTemplates(dir: string, layout: string): Promise<Template> {
  const shared = await readFolder(path.join(path.dirname(dir), 'partials'));
  const own = await readFolder(dir);
  const main = own.find((t) => t.name === layout);
  if (!main) throw new Error(`template ${layout}.hbs not found in ${dir}`);
  const partials = new Map<string, string>();
  for (const t of [...shared, ...own]) if (t !== main) partials.set(t.name, t.src);

  const compiled = await precompiled(main.src, partials);
  const hb = Runtime.create();
  registerHelpers(hb);
  for (const [name, spec] of Object.entries(compiled.partials)) hb.registerPartial(name, hb.template(specOf(spec)));
  return hb.template(specOf(compiled.main)) as Template;
}

async function readFolder(dir: string): Promise<TemplateSource[]> {
  const names = ((await readdir(dir).catch(() => [])) as string[]).filter((n) => n.endsWith('.hbs')).sort();
  return Promise.all(names.map(async (n) => ({ name: path.basename(n, '.hbs'), src: (await readFile(path.join(dir, n), 'utf8')).replace(/\r?\n$/, '') })));
}

async function precompiled(main: string, partials: Map<string, string>): Promise<Compiled> {
  const key = cacheKey([await codeFingerprint(), `handlebars ${Runtime.VERSION}`, main, ...[...partials].flat()]);
  const cached = await readCached('templates', key);
  if (cached) {
    try {
      const entry = JSON.parse(cached) as Compiled;
      if (typeof entry?.main === 'string' && entry.partials && typeof entry.partials === 'object' && Object.values(entry.partials).every((p) => typeof p === 'string')) return entry;
    } catch {
      /* a damaged entry: compile again */
    }
  }
  const { default: Handlebars } = await import('handlebars');
  const compile = (src: string) => Handlebars.precompile(src, COMPILE_OPTIONS) as unknown as string;
  const compiled: Compiled = { main: compile(main), partials: Object.fromEntries([...partials].map(([n, src]) => [n, compile(src)])) };
  await writeCached('templates', key, JSON.stringify(compiled));
  return compiled;
}

/** A precompiled specification (JavaScript object-literal source of our own templates) turned back into an object. */
function specOf(source: string): Parameters<typeof Runtime.template>[0] {
  return new Function(`return (${source});`)() as Parameters<typeof Runtime.template>[0];
}

function registerHelpers(hb: typeof Runtime): void {
  hb.registerHelper('slidePartial', (type: string) => `slide-${type}`);
  hb.registerHelper('langTag', (lang: string) => (lang === 'zh' ? 'zh-Hans' : lang));
  hb.registerHelper('langOf', (text: unknown) => (/[\u3000-\u9fff\uff00-\uffef]/.test(String(text ?? '')) ? 'zh-Hans' : 'en'));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
