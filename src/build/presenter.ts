/**
 * The presenter's files named by a spec — the brand logo, slide images, `file:` Markdown slides — read from the
 * spec's folder: real paths (no symlink out), regular files, bounded sizes, images that are images. The bytes read
 * here are the bytes written (through the output writer into assets/presenter/), so nothing can change in between.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UserError, UserErrors, type Location } from '../errors.js';
import { markdownImages, isRelativePath } from '../spec/markdown-check.js';
import { parseSlidesMarkdown } from '../spec/slides-md.js';
import type { OwnSlide, ParsedSpec, SelectionEntry } from '../spec/types.js';
import type { PathKey } from '../util/yaml.js';
import { ReadError, readBounded } from '../util/read.js';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_SLIDES_BYTES = 1024 * 1024;
export const PRESENTER_ASSETS = 'assets/presenter';

export interface PresenterFile {
  to: string;
  content: Uint8Array;
}

type ImageKind = 'svg' | 'png' | 'jpg';

/** What the bytes of an image are, by their first bytes (never by the file name alone). */
export function imageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/** Read at most `limit` bytes of a regular file inside `root` (real paths). Errors are located at `loc`. */
async function readInside(root: string, rel: string, limit: number, loc: Location, what: string): Promise<{ bytes: Uint8Array; real: string }> {
  const fail = (message: string, expected: string, found: string, hint?: string) => new UserError(message, { location: loc, expected, found, ...(hint ? { hint } : {}) });
  if (!isRelativePath(rel)) throw fail(`the ${what} must be a path relative to the spec`, `a path like images/chart.png inside ${root}`, JSON.stringify(rel));
  let real: string;
  try {
    real = realpathSync.native(path.resolve(root, rel));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(`the ${what} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`, `a file at ${path.resolve(root, rel)}`, JSON.stringify(rel), 'paths are relative to the spec file\'s folder');
  }
  const inside = path.relative(root, real);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw fail(`the ${what} is outside the spec's folder`, `a file inside ${root}`, `${JSON.stringify(rel)} (${real})`, 'copy the file next to the spec');
  }
  // Bounded like every input: a regular file of at most `limit`, opened without waiting (a FIFO named as the logo
  // would hang the build until something wrote to it), each mistake at the spec's line.
  try {
    const bytes = await readBounded(real, { limit, what: `the ${what}`, hint: (code) => (code === 'EFBIG' && what !== 'slides file' ? 'make the image smaller (e.g. export it at 1600 px wide)' : undefined) });
    return { bytes, real };
  } catch (err) {
    if (!(err instanceof ReadError)) throw err;
    throw new UserError(err.message, { location: loc, expected: err.details.expected ?? 'a regular file', found: `${JSON.stringify(rel)}${err.details.found ? ` (${err.details.found})` : ''}`, ...(err.details.hint ? { hint: err.details.hint } : {}) });
  }
}

/**
 * Read the presenter's files of a parsed spec: fills `file:` entries' slides, sets each image's path in the output, and
 * returns the files to write. All problems are reported together, each at its spec (or Markdown) line.
 */
export async function loadPresenterFiles(parsed: ParsedSpec): Promise<ParsedSpec> {
  const root = realpathSync.native(path.dirname(path.resolve(parsed.file)));
  const errors: UserError[] = [];
  const files: PresenterFile[] = [];
  const byReal = new Map<string, string>();
  const at = (p: PathKey[]): Location => (p.length ? parsed.locate(p) : { file: parsed.file });
  const image = async (rel: string, loc: Location, what: string): Promise<string | undefined> => {
    try {
      const { bytes, real } = await readInside(root, rel, MAX_IMAGE_BYTES, loc, what);
      const kind = imageKind(bytes);
      if (!kind) throw new UserError(`the ${what} is not an image`, { location: loc, expected: 'an SVG, PNG or JPEG file', found: JSON.stringify(rel), hint: 'export it as .svg, .png or .jpg' });
      const ext = path.extname(rel).toLowerCase().replace('.jpeg', '.jpg');
      if (ext && ext !== `.${kind}`) throw new UserError(`the ${what} is a ${kind.toUpperCase()} named ${ext}`, { location: loc, expected: `a file ending .${kind}`, found: JSON.stringify(rel), hint: `rename it to ${path.basename(rel, path.extname(rel))}.${kind}` });
      const known = byReal.get(real);
      if (known) return known;
      const to = `${PRESENTER_ASSETS}/${files.length + 1}-${path.basename(real).replace(/[^A-Za-z0-9._-]/g, '_')}`;
      byReal.set(real, to);
      files.push({ to, content: bytes });
      return to;
    } catch (err) {
      if (err instanceof UserError) errors.push(err);
      else throw err;
      return undefined;
    }
  };
  const spec = parsed.spec;
  let logoAsset: string | undefined;
  if (spec.brand?.logo) logoAsset = await image(spec.brand.logo, at(['brand', 'logo']), 'logo');
  const sections: SelectionEntry[] = [];
  for (const entry of spec.sections) {
    if (entry.kind === 'slide') {
      const slides: OwnSlide[] = [];
      for (const s of entry.slides) {
        const asset = s.image ? await image(s.image, at([...entry.path, 'slide', 'image']), 'image') : undefined;
        slides.push(asset ? { ...s, imageAsset: asset } : s);
      }
      sections.push({ ...entry, slides });
    } else if (entry.kind === 'file') {
      const loc = at([...entry.path, 'file']);
      try {
        const { bytes, real } = await readInside(root, entry.file, MAX_SLIDES_BYTES, loc, 'slides file');
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          throw new UserError('the slides file is not UTF-8 text', { location: loc, hint: 'save it as UTF-8 Markdown' });
        }
        const shown = path.relative(process.cwd(), real) || real;
        const slides: OwnSlide[] = [];
        for (const s of parseSlidesMarkdown(text, shown)) {
          let md = s.markdown;
          for (const href of md ? markdownImages(md) : []) {
            // Images of a slides file are relative to that file, and must be inside the spec's folder too.
            const rel = path.relative(root, path.resolve(path.dirname(real), href));
            const to = await image(rel, { file: shown, line: s.origin.line }, 'image');
            if (to) md = md!.split(`](${href}`).join(`](${to}`);
          }
          slides.push({ ...s, ...(md ? { markdown: md } : {}) });
        }
        sections.push({ ...entry, slides });
      } catch (err) {
        if (err instanceof UserError) errors.push(err);
        else throw err;
      }
    } else sections.push(entry);
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
  return { ...parsed, spec: { ...spec, sections }, presenterFiles: files, ...(logoAsset ? { logoAsset } : {}) };
}
