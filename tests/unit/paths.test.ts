/** Package files found without require.resolve (src/paths.ts packageDir): the same files it gives. */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { packageDir, packageFile } from '../../src/paths.js';

const require = createRequire(import.meta.url);

describe('packageFile', () => {
  it('is the file require.resolve gives, for each package file briefing reads', () => {
    const specs = [
      '@fontsource/noto-sans/400.css',
      '@fontsource/noto-sans/700.css',
      '@fontsource/noto-sans-sc/400.css',
      '@fontsource/noto-sans-sc/700.css',
      'reveal.js/dist/reveal.js',
      'css-tree/package.json',
      'yargs/package.json',
    ];
    for (const spec of specs) expect(packageFile(spec), spec).toBe(require.resolve(spec));
  });

  it('leaves what it cannot find to require.resolve: a package not installed, a bare name', () => {
    expect(packageDir('no-such-package-briefing')).toBeUndefined();
    expect(() => packageFile('no-such-package-briefing/x.css')).toThrow(/Cannot find module/);
    expect(packageFile('@fontsource/noto-sans-sc')).toBe(require.resolve('@fontsource/noto-sans-sc'));
    expect(realpathSync(packageDir('@fontsource/noto-sans-sc')!)).toBe(require.resolve('@fontsource/noto-sans-sc/package.json').replace(/[\\/]package\.json$/, ''));
  });
});
