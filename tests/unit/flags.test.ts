/** Flag values are checked by the parser, for every command that has the flag: ranges, values, strict booleans. */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const refused = async (args: string[], text: string) => {
  const r = await cli(...args);
  expect(r.code, args.join(' ')).toBe(2);
  expect(r.err, args.join(' ')).toContain(text);
  expect(r.err, args.join(' ')).not.toMatch(/internal error|\n\s+at /);
  expect(r.out).toBe('');
  return r;
};

describe('--timeout', () => {
  it('is 1–3600 seconds; anything else is refused, echoing what was typed', async () => {
    for (const v of ['1e9', '-1', '0', 'NaN', 'abc', '3601', '0.5', 'Infinity', '', '60s']) {
      await refused(['build', '--timeout', v], `--timeout: expected a number of seconds from 1 to 3600, found ${v === '' ? '""' : v}`);
    }
    await refused(['build', '--timeout=-1'], 'found -1');
  });

  it('applies to every command that has it, and needs a value', async () => {
    await refused(['build', '--timeout'], '--timeout: expected a value, found nothing');
  });
});

describe('--port', () => {
  it('is 0–65535 on serve and compose, echoing what was typed', async () => {
    for (const cmd of ['serve', 'compose']) {
      await refused([cmd, '--port', 'abc', '--no-open'], '--port: expected a port number 0–65535, found abc');
      for (const v of ['-1', '65536', '80.5', '1e9']) await refused([cmd, '--port', v, '--no-open'], `found ${v}`);
      await refused([cmd, '-p', 'x', '--no-open'], 'found x');
    }
  });
});

describe('flags that need a value', () => {
  it('--out, --title, --theme, --areas, --host without one are errors, not defaults', async () => {
    await refused(['build', '--out'], '--out: expected a value, found nothing');
    await refused(['build', '--out', '--pdf'], '--out: expected a value, found nothing');
    await refused(['build', '--out='], '--out: expected a value, found nothing');
    await refused(['build', '-o'], 'expected a value, found nothing');
    await refused(['serve', '-p', '--no-open'], ': expected a value, found nothing');
    await refused(['build', '--title'], '--title: expected a value');
    await refused(['build', '--areas='], '--areas: expected a value');
    await refused(['serve', '--host', '--no-open'], '--host: expected a value');
    await refused(['list', '--doc'], '--doc: expected a value');
  });
});

describe('booleans', () => {
  it('are true or false: --pdf=maybe is refused, not read as false', async () => {
    await refused(['build', '--pdf=maybe'], '--pdf: expected true or false, found maybe');
    await refused(['build', '--pdf-notes=yes'], '--pdf-notes: expected true or false, found yes');
    await refused(['build', '--standalone='], '--standalone: expected true or false, found ""');
    await refused(['serve', '--open=0'], '--open: expected true or false, found 0');
    await refused(['list', '--quotes=many'], '--quotes: expected true or false');
  });

  it('--pdf=false and --no-pdf still parse (the command then fails on the missing spec, not on the flag)', async () => {
    for (const f of ['--pdf=false', '--pdf=true', '--no-pdf', '--pdf']) {
      const r = await cli('build', 'specs/no-such-spec.yaml', f);
      expect(r.err, f).toContain('spec file not found');
    }
  });
});

describe('spec fields given as flags', () => {
  it('--title obeys the spec limit of 800 characters and has no control characters', async () => {
    const r = await refused(['build', '--title', 'x'.repeat(801)], '--title: must be at most 800 characters');
    expect(r.err).toContain('801 characters');
    await refused(['build', '--title', '   '], '--title: expected a value');
    await refused(['build', '--title', 'a\u0000b'], '--title: contains the control character U+0000');
    await refused(['build', '--title', 'a\u001b[31mred'], 'U+001B');
  });

  it('--theme must be a theme folder name', async () => {
    await refused(['build', '--theme', '../x'], '--theme: must be the name of a folder under themes/');
  });

  it('an 800-character title passes the parser', async () => {
    const r = await cli('build', 'specs/no-such-spec.yaml', '--title', 'x'.repeat(800));
    expect(r.err).toContain('spec file not found');
  });
});

describe('suggestions as before', () => {
  it('a mistyped flag still gets "did you mean"', async () => {
    await refused(['build', '--timout', '5'], 'did you mean "--timeout"?');
    await refused(['serve', '--prot', '5'], 'did you mean "--port"?');
  });
});
