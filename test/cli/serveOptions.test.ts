import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseServeOptions } from '../../src/cli/serve.ts';
import { isNeocortexError } from '../../src/errors.ts';

const run = promisify(execFile);

/** What commander hands `serve` when nothing is typed (numbers as text). */
const typed = {
  port: '8080',
  host: '127.0.0.1',
  seed: '1',
  frameRate: '30',
  speed: '30',
  dataset: 'mnist',
  web: true,
};

/** The message of the error `parseServeOptions` throws for `raw`, checked to be OPTION_INVALID. */
function refusal(raw: Record<string, unknown>): string {
  try {
    parseServeOptions(raw);
  } catch (error) {
    expect(isNeocortexError(error, 'OPTION_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('serve options', () => {
  it('reads the numbers commander hands over as text', () => {
    const options = parseServeOptions({ ...typed, port: '0', seed: '7', speed: '0.5' });
    expect(options).toMatchObject({ port: 0, seed: 7, frameRate: 30, speed: 0.5 });
    expect(options.allowOrigin).toEqual([]);
    // The bounds on viewers: 200 and 50 unless told.
    expect(options).toMatchObject({ maxViewers: 200, maxViewersPerAddress: 50 });
    const told = parseServeOptions({ ...typed, maxViewers: '400', maxViewersPerAddress: '400' });
    expect(told).toMatchObject({ maxViewers: 400, maxViewersPerAddress: 400 });
    expect(refusal({ ...typed, maxViewers: '0' })).toBe(
      'invalid serve options:\n  --max-viewers 0: expected a whole number from 1 to 100000, got 0',
    );
  });

  it('refuses a bad option in the project’s words: its flag, what it expects, what it got', () => {
    expect(refusal({ ...typed, port: '70000' })).toBe(
      'invalid serve options:\n  --port 70000: expected a whole number from 0 to 65535, got 70000',
    );
    // Text that is no number is named as text (not as NaN).
    expect(refusal({ ...typed, frameRate: 'fast' })).toBe(
      'invalid serve options:\n' +
        '  --frame-rate fast: expected a number greater than 0 and at most 240, got the string "fast"',
    );
    expect(refusal({ ...typed, dataset: 'mnst' })).toBe(
      'invalid serve options:\n' +
        '  --dataset mnst: "mnst" is not one of mnist, fashion-mnist, letters (did you mean "mnist"?)',
    );
  });

  it('names every bad option, each on its own line', () => {
    const message = refusal({
      ...typed,
      seed: '-1',
      speed: '500',
      allowHost: ['lab-pc.local', 'a b'],
    });
    expect(message.split('\n')).toEqual([
      'invalid serve options:',
      '  --seed -1: expected a whole number from 0 to 4294967295, got -1',
      '  --speed 500: expected a number from 0.5 to 120, got 500',
      "  --allow-host a b: expected a host name (letters, digits, '.', ':', '-', brackets), got the string \"a b\"",
    ]);
  });
});

describe('serve --help', () => {
  it('names the kinds that run live, by slot, and which of them take each model option', async () => {
    const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
    const { stdout } = await run(process.execPath, [bin, 'serve', '--help'], { timeout: 60_000 });
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--model <names...> model kinds to run live, each in its slot: ' +
        'pcvae (default), pcgen as the generative model; mlp (default), pcn as the classifier',
    );
    // Each option names the kinds whose live spec has its field, in that field's words.
    expect(help).toMatch(/--learning <rule> pcn: local: clamp image and label/);
    expect(help).toMatch(/--inference-steps <n> pcgen: settling iterations T .*; pcn: settle/);
  }, 60_000);
});
