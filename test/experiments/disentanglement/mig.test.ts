import { describe, expect, it } from 'vitest';
import { mutualInformationGap, type Factor } from '../../../src/experiments/disentanglement/mig.ts';
import { createRng } from '../../../src/random/rng.ts';

/** `count` rows of latents, unit j of row i being columns[j][i]. */
function rows(columns: ArrayLike<number>[]): Float64Array {
  const count = columns[0]!.length;
  const out = new Float64Array(count * columns.length);
  for (let i = 0; i < count; i++) columns.forEach((c, j) => (out[i * columns.length + j] = c[i]!));
  return out;
}

const N = 20_000;
const rng = createRng(7);
const uniform = (n: number) => Float64Array.from({ length: n }, () => rng.uniform());
const slant = uniform(N);
const noise = uniform(N);
const moreNoise = uniform(N);
const slantFactor: Factor = { name: 'slant', values: slant, discrete: false };

describe('mutual information gap', () => {
  it('matches gaps done by hand for two discrete factors, each copied by its own unit', () => {
    // Each unit is a copy of one factor (I = H); the factors share a little information.
    const letter = [0, 1, 2, 0, 1, 2, 0, 1];
    const size = [0, 0, 1, 1, 0, 0, 1, 1];
    const r = mutualInformationGap(
      rows([letter, size]),
      2,
      [
        { name: 'letter', values: letter, discrete: true },
        { name: 'size', values: size, discrete: true },
      ],
      { bins: 3 },
    );
    expect(r.factors).toEqual(['letter', 'size']);
    expect(r.bestUnit).toEqual([0, 1]);
    expect(r.factorEntropy[1]).toBeCloseTo(Math.log(2), 12);
    // I(size; letter unit) by hand from the joint counts of (letter, size):
    // joint counts (letter,size): (0,0)1 (0,1)2 (1,0)2 (1,1)1 (2,0)1 (2,1)1.
    const n = 8;
    const pl = [3 / n, 3 / n, 2 / n];
    const ps = [4 / n, 4 / n];
    const joint = [
      [1, 2],
      [2, 1],
      [1, 1],
    ];
    let mi = 0;
    joint.forEach((row, l) =>
      row.forEach((c, s) => (mi += (c / n) * Math.log(c / n / (pl[l]! * ps[s]!)))),
    );
    expect(r.mutualInformation[1]![0]).toBeCloseTo(mi, 12);
    expect(r.gap[1]).toBeCloseTo((Math.log(2) - mi) / Math.log(2), 12);
    expect(r.gap[0]).toBeCloseTo((r.factorEntropy[0]! - mi) / r.factorEntropy[0]!, 12);
    expect(r.mig).toBeCloseTo((r.gap[0]! + r.gap[1]!) / 2, 12);
  });

  it('is near 1 when a unit equals a continuous factor and the others are noise', () => {
    const r = mutualInformationGap(rows([noise, slant, moreNoise]), 3, [slantFactor]);
    expect(r.bestUnit).toEqual([1]);
    expect(r.factorEntropy[0]).toBeCloseTo(Math.log(20), 2);
    expect(r.mutualInformation[0]![1]).toBeCloseTo(r.factorEntropy[0]!, 10);
    expect(r.mig).toBeGreaterThan(0.98);
  });

  it('is near 0 when every unit is independent noise', () => {
    const r = mutualInformationGap(rows([noise, moreNoise]), 2, [slantFactor]);
    expect(r.mig).toBeLessThan(0.01);
    expect(Math.max(...r.mutualInformation[0]!)).toBeLessThan(0.02);
  });

  it('is 0 when two units carry the same factor (no gap), though both know it', () => {
    const r = mutualInformationGap(rows([slant, slant.map((v) => 2 * v - 1)]), 2, [slantFactor]);
    expect(r.mutualInformation[0]![0]).toBeCloseTo(r.factorEntropy[0]!, 10);
    expect(r.mig).toBeCloseTo(0, 10);
  });

  it('does not depend on the scale or sign of a unit (binning is per unit)', () => {
    const a = mutualInformationGap(rows([slant, noise]), 2, [slantFactor]);
    const b = mutualInformationGap(rows([slant.map((v) => -30 * v + 4), noise]), 2, [slantFactor]);
    expect(b.mig).toBeCloseTo(a.mig, 10);
  });

  it('refuses what it cannot measure, naming the problem', () => {
    expect(() => mutualInformationGap(slant, 1, [slantFactor])).toThrow(/at least 2 latent units/);
    expect(() => mutualInformationGap(new Float64Array(5), 2, [slantFactor])).toThrow(
      /5 latent values is not a whole number of 2-unit rows/,
    );
    expect(() =>
      mutualInformationGap(new Float64Array(8), 2, [
        { name: 'shiftX', values: [1, 2], discrete: false },
      ]),
    ).toThrow(/factor "shiftX" has 2 values for 4 latent rows/);
    expect(() =>
      mutualInformationGap(new Float64Array(8), 2, [
        { name: 'scale', values: [1, 1, 1, 1], discrete: false },
      ]),
    ).toThrow(/factor "scale" takes one value only/);
  });
});
