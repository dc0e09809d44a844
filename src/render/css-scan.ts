import { z } from 'zod';
import type { CssScan } from './css-refs.js';
import { cacheKey, codeFingerprint, readCachedJson, writeCachedJson } from '../util/cache.js';

/**
 * `scanCss` through the on-disk cache. A scan is a pure function of the stylesheet's text (and of css-tree's and our
 * code, both in the code's fingerprint), and reading it is the only reason an HTML build would load css-tree (a quarter of a megabyte of code): with
 * a warm cache it is not loaded at all. What the theme check does with the scan (resolving each URL, following real
 * paths on disk) runs every time, so a cached scan never hides a link that changed.
 */
export async function scanCssCached(css: string): Promise<CssScan> {
  // css-tree's version is in the code's fingerprint (bundled with it, or among the dependencies' versions).
  const key = cacheKey([await codeFingerprint(), css]);
  const cached = await readCachedJson('css-scan', key, scanSchema);
  if (cached) return cached;
  const { scanCss } = await import('./css-refs.js');
  const scan = scanCss(css);
  await writeCachedJson('css-scan', key, scan, scanSchema);
  return scan;
}

/** The entry's schema, made when an entry needs checking (not at start: making zod schemas takes time). */
const scanSchema = (): z.ZodType<CssScan> => {
  const position = { line: z.number().int(), column: z.number().int() };
  return z.strictObject({
    refs: z.array(z.strictObject({ url: z.string(), context: z.string(), isImport: z.boolean(), ...position, start: z.number().int(), end: z.number().int() })),
    problems: z.array(z.strictObject({ message: z.string(), found: z.string(), ...position })),
  });
};
