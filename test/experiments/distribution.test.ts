/** Quantiles, histograms and class fractions of a sample, against values worked by hand. */
import { describe, expect, it } from 'vitest';
import {
  classFractions,
  entropyBits,
  fractionBelow,
  histogram,
  quantile,
} from '../../src/experiments/distribution.ts';
import { neighbourGridPixels } from '../../src/experiments/neighbourGrid.ts';

describe('quantile', () => {
  it('interpolates between order statistics as numpy does', () => {
    // numpy.quantile([4, 1, 3, 2], [0, 0.25, 0.5, 0.9, 1]) = [1, 1.75, 2.5, 3.7, 4]
    const values = [4, 1, 3, 2];
    expect([0, 0.25, 0.5, 0.9, 1].map((q) => quantile(values, q))).toEqual([1, 1.75, 2.5, 3.7, 4]);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile(values, 1.5)).toThrow(/q must be in \[0, 1\], got 1.5/);
  });

  it('counts the fraction strictly below a threshold', () => {
    expect(fractionBelow([1, 2, 3, 4], 3)).toBe(0.5);
  });
});

describe('histogram', () => {
  it('puts each value in its bin and values outside the range in the end bins', () => {
    const h = histogram([-1, 0, 0.4, 1.1, 1.9, 2, 5], { min: 0, max: 2, bins: 4 });
    expect(h.centres).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(h.fractions.map((f) => f * 7)).toEqual([3, 0, 1, 3]);
    expect(() => histogram([1], { min: 1, max: 1, bins: 2 })).toThrow(
      /max \(1\) must be above min/,
    );
  });
});

describe('classFractions and entropyBits', () => {
  it('give each class its share, and the entropy of the shares in bits', () => {
    expect(classFractions([0, 2, 2, 3], 4)).toEqual([0.25, 0, 0.5, 0.25]);
    expect(entropyBits([0.25, 0, 0.5, 0.25])).toBe(1.5);
    expect(entropyBits(new Array(10).fill(0.1))).toBeCloseTo(Math.log2(10), 12);
    expect(() => classFractions([0, 4], 4)).toThrow(/label 4 at 1 is outside 0..3/);
  });
});

describe('neighbourGridPixels', () => {
  it('puts a row of samples above the row of their nearest training images', () => {
    // One-pixel images: samples 10, 11, 12, 13; references 0..4; nearest 4, 0, 2, 2.
    const grid = neighbourGridPixels(
      Float32Array.from([10, 11, 12, 13]),
      Float32Array.from([0, 1, 2, 3, 4]),
      [4, 0, 2, 2],
      1,
      { columns: 2, pairs: 4 },
    );
    expect(Array.from(grid)).toEqual([10, 11, 4, 0, 12, 13, 2, 2]);
    expect(() =>
      neighbourGridPixels(new Float32Array(1), new Float32Array(1), [0], 1, {
        columns: 2,
        pairs: 4,
      }),
    ).toThrow(/1 samples do not fill one row of 2/);
  });
});
