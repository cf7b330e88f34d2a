/**
 * A model spec with the mistakes a user makes (a kind or a field misspelt, a number written as
 * a string, a bound crossed) is refused in the project's words: what each field expects, what
 * it got, and the name a typo meant.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/cortex/specError.ts';
import { parseModelSpec } from '../../src/models/modelSpec/index.ts';

/** The problems a spec is refused with (fails the test if it is accepted). */
function problemsOf(input: unknown): string[] {
  try {
    parseModelSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).problems];
  }
  throw new Error('the spec was accepted');
}

describe('a model spec with mistakes', () => {
  it('suggests the kind a typo meant and lists the kinds', () => {
    const [line] = problemsOf({ kind: 'pcvea' });
    expect(line).toMatch(
      /^kind: "pcvea" is not a (model )?kind \(did you mean "pcvae"\?\); choose one of .*pcvae/,
    );
  });

  it('says what a bounded field got, and the field a typo meant', () => {
    expect(
      problemsOf({
        kind: 'vae',
        latnetSize: 8,
        epochs: 0,
        learningRate: '0.001',
        seed: 1.5,
      }).sort(),
    ).toEqual(
      [
        'latnetSize: unknown field (did you mean "latentSize"?)',
        'epochs: expected a whole number from 1 to 100000, got 0',
        'learningRate: expected a number greater than 0 and at most 10, got the string "0.001"',
        'seed: expected a whole number from 0 to 4294967295, got 1.5',
      ].sort(),
    );
  });

  it('names the fields an area has when an unknown one is near none of them', () => {
    expect(
      problemsOf({
        kind: 'pcvae',
        areas: [
          { name: 'retina', size: 784, colour: 'red' },
          { name: 'v1', size: '64' },
        ],
      }).sort(),
    ).toEqual([
      'areas[0].colour: unknown field (the fields here: name, size)',
      'areas[1].size: expected a whole number from 1 to 10000, got the string "64"',
    ]);
  });
});
