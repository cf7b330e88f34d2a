import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSpecWith, SpecError, specPath } from '../../src/cortex/specError.ts';
import { wholeNumber } from '../../src/cortex/specFields.ts';
import { isNeocortexError } from '../../src/errors.ts';

const Spec = z
  .object({
    areas: z.array(z.object({ name: z.string(), size: wholeNumber(1, 100) }).strict()),
    seed: wholeNumber(0, 10).default(0),
  })
  .strict();

function problemsOf(input: unknown): { error: SpecError; lines: string[] } {
  try {
    parseSpecWith(Spec, input, 'demo spec');
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    const e = error as SpecError;
    return { error: e, lines: e.message.split('\n') };
  }
  throw new Error('the spec was accepted');
}

describe('spec problems', () => {
  it('writes JSON paths with indices in brackets and dotted keys, (root) for the spec', () => {
    expect(specPath([])).toBe('(root)');
    expect(specPath(['areas', 2, 'size'])).toBe('areas[2].size');
    expect(specPath(['config', 'vae', 'epochs'])).toBe('config.vae.epochs');
  });

  it('puts every problem on its own line, named by its path, with code SPEC_INVALID', () => {
    const { error, lines } = problemsOf({
      areas: [
        { name: 'a', size: 1 },
        { name: 'b', size: 2 },
        { name: 'c', size: 1e8 },
        { name: 'd', size: 3, hidden: 4 },
      ],
      seed: -1,
      colour: 'red',
    });
    expect(isNeocortexError(error, 'SPEC_INVALID')).toBe(true);
    expect(lines[0]).toBe('invalid demo spec:');
    expect(lines.slice(1).sort()).toEqual(
      [
        '  areas[2].size: expected a whole number from 1 to 100, got 100000000',
        '  areas[3].hidden: unknown field (the fields here: name, size)',
        '  seed: expected a whole number from 0 to 10, got -1',
        '  colour: unknown field (the fields here: areas, seed)',
      ].sort(),
    );
    expect(error.problems).toEqual(lines.slice(1).map((line) => line.trim()));
  });

  it('names the root when the spec is not an object', () => {
    const { lines } = problemsOf([1, 2]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ {2}\(root\): /);
  });

  it('returns the value with its defaults when there is no problem', () => {
    expect(parseSpecWith(Spec, { areas: [] }, 'demo spec')).toEqual({ areas: [], seed: 0 });
  });
});
