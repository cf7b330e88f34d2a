/** The inference gap's split (Cremer et al. 2018), on a case worked by hand. */
import { describe, expect, it } from 'vitest';
import { splitInferenceGap } from '../../../src/experiments/predictiveCoding/inferenceGap.ts';

describe('splitInferenceGap', () => {
  it('splits a hand case: -log p(x) 90, -ELBO(q*) 91.5, -ELBO(encoder) 94', () => {
    // Inference gap 94 - 90 = 4; approximation 91.5 - 90 = 1.5; amortization 94 - 91.5 = 2.5.
    const gap = splitInferenceGap({
      negLogLikelihood: 90,
      negElboOptimal: 91.5,
      negElboEncoder: 94,
    });
    expect(gap).toEqual({ inference: 4, approximation: 1.5, amortization: 2.5 });
    expect(gap.approximation + gap.amortization).toBe(gap.inference);
  });

  it('keeps the signs it measures: an encoder better than the optimiser gives a negative amortization gap', () => {
    const gap = splitInferenceGap({
      negLogLikelihood: 100,
      negElboOptimal: 103,
      negElboEncoder: 102,
    });
    expect(gap.amortization).toBe(-1);
    expect(gap.approximation).toBe(3);
  });

  it('names a figure that is not a finite number', () => {
    expect(() =>
      splitInferenceGap({ negLogLikelihood: Number.NaN, negElboOptimal: 1, negElboEncoder: 2 }),
    ).toThrow(/negLogLikelihood is NaN/);
    expect(() =>
      splitInferenceGap({ negLogLikelihood: 1, negElboOptimal: Infinity, negElboEncoder: 2 }),
    ).toThrow(/negElboOptimal is Infinity/);
  });
});
