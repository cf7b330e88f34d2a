import { describe, expect, it } from 'vitest';
import { discretize } from '../../../src/experiments/disentanglement/discretize.ts';
import {
  entropy,
  mutualInformation,
} from '../../../src/experiments/disentanglement/mutualInformation.ts';

describe('discretize', () => {
  it('cuts [min, max] into equal-width bins, the maximum in the last one', () => {
    expect(Array.from(discretize([0, 0.49, 0.5, 1], 2))).toEqual([0, 0, 1, 1]);
    expect(Array.from(discretize([-2, -1, 0, 1, 2], 4))).toEqual([0, 1, 2, 3, 3]);
    expect(Array.from(discretize([10, 10, 10], 20))).toEqual([0, 0, 0]);
  });

  it('refuses a non-finite value or a bad bin count, naming it', () => {
    expect(() => discretize([0, Number.NaN], 3)).toThrow(/value 1 is NaN/);
    expect(() => discretize([0, 1], 0)).toThrow(/bins must be a whole number >= 1, got 0/);
  });
});

describe('entropy and mutual information (nats)', () => {
  it('matches entropies done by hand', () => {
    expect(entropy([0, 1, 0, 1])).toBeCloseTo(Math.log(2), 12);
    expect(entropy([3, 3, 3])).toBe(0);
    // p = (1/2, 1/4, 1/4): H = ½ ln 2 + ½ ln 4 = 1.5 ln 2.
    expect(entropy([0, 0, 1, 2])).toBeCloseTo(1.5 * Math.log(2), 12);
  });

  it('is the entropy for a copy and 0 for independent variables', () => {
    const a = [0, 0, 1, 1, 2, 2, 2, 0];
    expect(mutualInformation(a, a)).toBeCloseTo(entropy(a), 12);
    // A relabelled copy carries the same information.
    expect(
      mutualInformation(
        a,
        a.map((v) => 7 - v),
      ),
    ).toBeCloseTo(entropy(a), 12);
    expect(mutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
  });

  it('matches a joint table done by hand', () => {
    // p(a,b): (0,0) ½, (0,1) ¼, (1,1) ¼; p(a) = (¾, ¼), p(b) = (½, ½).
    const byHand =
      0.5 * Math.log(0.5 / (0.75 * 0.5)) +
      0.25 * Math.log(0.25 / (0.75 * 0.5)) +
      0.25 * Math.log(0.25 / (0.25 * 0.5));
    expect(mutualInformation([0, 0, 0, 1], [0, 0, 1, 1])).toBeCloseTo(byHand, 12);
    // Symmetric: I(a; b) = I(b; a).
    expect(mutualInformation([0, 0, 1, 1], [0, 0, 0, 1])).toBeCloseTo(byHand, 12);
  });

  it('refuses samples that do not pair up or are not codes', () => {
    expect(() => mutualInformation([0, 1], [0])).toThrow(/2 samples of a but 1 of b/);
    expect(() => mutualInformation([], [])).toThrow(/no samples/);
    expect(() => mutualInformation([0, 0.5], [0, 1])).toThrow(/code 1 is 0.5/);
  });
});
