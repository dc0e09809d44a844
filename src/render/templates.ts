import { readdirSync } from 'node:fs';
import path from 'node:path';
import RuntimeModule from 'handlebars/runtime.js';
import type HandlebarsApi from 'handlebars';
import { z } from 'zod';
import { cacheKey, codeFingerprint, dropCached, dropCachedSync, readCachedJson, writeCachedJson } from '../util/cache.js';
import { importPackage, requirePackage } from '../util/import-package.js';
import { LIMITS, readBoundedSync } from '../util/read.js';

export type Template = (data: unknown) => string;

/** The Handlebars runtime: templating without the compiler (its typings only declare the full package). */
const Runtime = RuntimeModule as unknown as typeof HandlebarsApi;

const COMPILE_OPTIONS = { noEscape: false, preventIndent: true } as const;

export interface TemplateSource {
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
 * sources; only the small Handlebars runtime is needed when they are there. A cached entry of the wrong shape, or
 * whose code throws when loaded or when run, is removed and the templates compiled again.
 */
export async function loadTemplates(dir: string, layout: string, sources: Promise<TemplateSet> = readTemplates(dir, layout), options: TemplateOptions = {}): Promise<Template> {
  const { main, partials, key } = await sources;
  const cached = await readCachedJson('templates', key, compiledSchema);
  if (cached) {
    const template = instantiate(cached, false, options);
    if (template) return withFallback(template, key, main, partials, options);
    await dropCached('templates', key);
  }
  const compiled = compileAll(await importPackage<{ default: typeof import('handlebars') }>('handlebars').then((m) => m.default), main, partials);
  await writeCachedJson('templates', key, compiled, compiledSchema);
  return instantiate(compiled, true, options)!;
}

export interface TemplateOptions {
  /**
   * Keep each slide's HTML (see eachSlide) from one run of the template to the next, by what it was made of: for a
   * caller that renders the same templates again and again with small changes (serve, the composer).
   */
  keepSlides?: boolean;
}

/** A folder's templates as read (see loadTemplates): the layout's source, the partials' sources, and their key. */
export interface TemplateSet {
  main: string;
  partials: Map<string, string>;
  /** A hash of the sources, this program's code and the Handlebars version: what they render depends on nothing else. */
  key: string;
}

/**
 * Read a folder's templates and its shared partials (`shared`: as readSharedPartials read them, for a caller that
 * reads several folders' templates), without compiling them.
 */
export async function readTemplates(dir: string, layout: string, shared?: TemplateSource[]): Promise<TemplateSet> {
  shared ??= await readSharedPartials(path.dirname(dir));
  const own = await readFolder(dir);
  const main = own.find((t) => t.name === layout);
  if (!main) throw new Error(`template ${layout}.hbs not found in ${dir}`);
  const partials = new Map<string, string>();
  for (const t of [...shared, ...own]) if (t !== main) partials.set(t.name, t.src);
  const key = cacheKey([await codeFingerprint(), `handlebars ${Runtime.VERSION}`, main.src, ...[...partials].flat()]);
  return { main: main.src, partials, key };
}

/** A cache entry of precompiled templates: JavaScript source for the layout and for each partial. */
const compiledSchema = () => z.strictObject({ main: z.string(), partials: z.record(z.string(), z.string()) });

/** The partials all pages share: `<templates>/partials/*.hbs`. */
export function readSharedPartials(templatesDir: string): Promise<TemplateSource[]> {
  return readFolder(path.join(templatesDir, 'partials'));
}

/**
 * A folder's .hbs files, by name. Synchronous: a build reads some thirty small files here for the pages' key, and
 * each took four round trips through the thread pool (open, stat, read, close) one after the other.
 */
async function readFolder(dir: string): Promise<TemplateSource[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.hbs')).sort();
  } catch {
    names = [];
  }
  return names.map((n) => ({ name: path.basename(n, '.hbs'), src: readTemplateFile(path.join(dir, n)).replace(/\r?\n$/, '') }));
}

/**
 * A template's text, read as every input is (readBoundedSync): only a regular file of at most LIMITS.template (a FIFO
 * there is opened without waiting, and refused), each mistake a message naming the file.
 */
function readTemplateFile(file: string): string {
  return readBoundedSync(file, { limit: LIMITS.template, what: 'template' }).toString('utf8');
}

function compileAll(Handlebars: typeof HandlebarsApi, main: string, partials: Map<string, string>): Compiled {
  const compile = (src: string) => Handlebars.precompile(src, COMPILE_OPTIONS) as unknown as string;
  return { main: compile(main), partials: Object.fromEntries([...partials].map(([n, src]) => [n, compile(src)])) };
}

/**
 * A Handlebars environment with the helpers and these partials, and its layout. Cached code that does not load (it
 * throws, or is not a template specification) gives undefined; freshly compiled code (`fresh`) may throw, as a bug.
 */
function instantiate(compiled: Compiled, fresh = false, options: TemplateOptions = {}): Template | undefined {
  try {
    const hb = Runtime.create();
    registerHelpers(hb);
    hb.registerHelper('eachSlide', eachSlide(hb, options.keepSlides ? new Kept() : undefined));
    for (const [name, spec] of Object.entries(compiled.partials)) hb.registerPartial(name, hb.template(specOf(spec)));
    const template = hb.template(specOf(compiled.main)) as Template;
    return (data) => String(template(data));
  } catch (err) {
    if (fresh) throw err;
    return undefined;
  }
}

/**
 * Cached templates that loaded but throw when run are damaged too: the entry is removed, the templates compiled from
 * their sources (with the full Handlebars, loaded synchronously since a template is a plain function) and run again.
 * An error from the freshly compiled ones is a real one and is thrown.
 */
function withFallback(cached: Template, key: string, main: string, partials: Map<string, string>, options: TemplateOptions): Template {
  let current = cached;
  let fresh = false;
  return (data) => {
    try {
      return current(data);
    } catch (err) {
      if (fresh) throw err;
      fresh = true;
      dropCachedSync('templates', key);
      const compiled = compileAll(requirePackage<typeof HandlebarsApi>('handlebars'), main, partials);
      void writeCachedJson('templates', key, compiled, compiledSchema);
      current = instantiate(compiled, true, options)!;
      return current(data);
    }
  };
}

/** A precompiled specification (JavaScript object-literal source of our own templates) turned back into an object. */
function specOf(source: string): Parameters<typeof Runtime.template>[0] {
  const spec: unknown = new Function(`return (${source});`)();
  if (!spec || typeof spec !== 'object' || typeof (spec as { main?: unknown }).main !== 'function') throw new Error('not a template specification');
  return spec as Parameters<typeof Runtime.template>[0];
}

function registerHelpers(hb: typeof Runtime): void {
  hb.registerHelper('slidePartial', (type: string) => `slide-${type}`);
  hb.registerHelper('langTag', (lang: string) => (lang === 'zh' ? 'zh-Hans' : lang));
  hb.registerHelper('langOf', (text: unknown) => (/[\u3000-\u9fff\uff00-\uffef]/.test(String(text ?? '')) ? 'zh-Hans' : 'en'));
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

/**
 * The slides' HTML kept by what each was made of (the root around the slides, then the slide): those of this run and
 * of the run before (older ones are dropped).
 */
class Kept {
  private now = { around: '', slides: new Map<string, string>() };
  private before = { around: '', slides: new Map<string, string>() };

  /** Whether the run before had the same root (else none of its slides can be taken). */
  private sameRoot = false;

  /** A new run of the template begins, with this root around its slides. */
  next(around: string): void {
    this.before = this.now;
    this.now = { around, slides: new Map() };
    this.sameRoot = this.before.around === around;
  }

  get(slide: string): string | undefined {
    const html = this.now.slides.get(slide) ?? (this.sameRoot ? this.before.slides.get(slide) : undefined);
    if (html !== undefined) this.now.slides.set(slide, html);
    return html;
  }

  set(slide: string, html: string): void {
    this.now.slides.set(slide, html);
  }
}

/**
 * `{{#eachSlide slides}}…{{/eachSlide}}`: the block once for each slide, as `each` does but with no @index, @first,
 * @last or @key: a slide's HTML is made of the slide and of the root's other fields (`@root.title`…), never of its place
 * or of the list of slides. So, with `kept`, the HTML of a slide made of the same as in this run or the one before
 * is taken from there instead of being rendered again.
 */
function eachSlide(hb: typeof Runtime, kept: Kept | undefined) {
  return function (this: unknown, slides: unknown, options: HandlebarsApi.HelperOptions): string {
    if (!Array.isArray(slides)) return '';
    const data: unknown = options.data ? hb.createFrame(options.data) : undefined;
    const root: unknown = (options.data as { root?: unknown } | undefined)?.root;
    // Kept only with a root to key them by: the root without this list is what else a slide may be made of.
    const keep = kept && root !== undefined ? kept : undefined;
    keep?.next(JSON.stringify(root, function (this: unknown, _k: string, v: unknown) { return this === root && v === slides ? undefined : v; }));
    let out = '';
    for (const slide of slides) {
      if (!keep) {
        out += options.fn(slide, { data });
        continue;
      }
      const key = JSON.stringify(slide);
      let html = keep.get(key);
      if (html === undefined) keep.set(key, (html = options.fn(slide, { data })));
      out += html;
    }
    return out;
  };
}
