/**
 * The Fréchet distance between feature sets against values done by hand:
 * Gaussians with diagonal covariances (where every matrix square root is the
 * square root of the diagonal), the same pair rotated (the distance does not
 * depend on the basis), and sets sampled from known Gaussians.
 */
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  featureStats,
  frechetDistance,
  symmetricSqrt,
  type FeatureStats,
} from '../../src/experiments/frechet.ts';
import { createRng } from '../../src/random/rng.ts';

function gaussian(mean: number[], covariance: number[][]): FeatureStats {
  return { count: 1000, mean: Float64Array.from(mean), covariance: new Matrix(covariance) };
}

/** R Σ Rᵀ and R μ for the rotation by `angle` in the plane. */
function rotated(stats: FeatureStats, angle: number): FeatureStats {
  const r = new Matrix([
    [Math.cos(angle), -Math.sin(angle)],
    [Math.sin(angle), Math.cos(angle)],
  ]);
  const mean = r.mmul(Matrix.columnVector(Array.from(stats.mean))).getColumn(0);
  return {
    count: stats.count,
    mean: Float64Array.from(mean),
    covariance: r.mmul(stats.covariance).mmul(r.transpose()),
  };
}

describe('frechetDistance', () => {
  // μ₁ = (0, 0), Σ₁ = diag(1, 4); μ₂ = (3, 4), Σ₂ = diag(4, 9):
  // ‖μ₁ − μ₂‖² = 25; tr Σ₁ + tr Σ₂ = 18; (Σ₁^½ Σ₂ Σ₁^½)^½ = diag(√4, √36) = diag(2, 6), trace 8;
  // d² = 25 + 18 − 2·8 = 27.
  const a = gaussian(
    [0, 0],
    [
      [1, 0],
      [0, 4],
    ],
  );
  const b = gaussian(
    [3, 4],
    [
      [4, 0],
      [0, 9],
    ],
  );

  it('equals the hand-computed value for two Gaussians with diagonal covariances', () => {
    expect(frechetDistance(a, b)).toBeCloseTo(27, 10);
    expect(frechetDistance(b, a)).toBeCloseTo(27, 10);
  });

  it('is the same in a rotated basis, where the covariances are not diagonal', () => {
    const ra = rotated(a, 0.7);
    const rb = rotated(b, 0.7);
    expect(Math.abs(ra.covariance.get(0, 1))).toBeGreaterThan(0.5);
    expect(frechetDistance(ra, rb)).toBeCloseTo(27, 9);
  });

  it('is (μ₁ − μ₂)² + (σ₁ − σ₂)² in one dimension, and 0 between a set and itself', () => {
    expect(frechetDistance(gaussian([1], [[4]]), gaussian([-2], [[0.25]]))).toBeCloseTo(
      9 + 1.5 ** 2,
      10,
    );
    expect(frechetDistance(a, a)).toBeCloseTo(0, 10);
  });

  it('refuses features of different dimensions', () => {
    expect(() => frechetDistance(a, gaussian([0], [[1]]))).toThrow(/2 and 1 dimensions/);
  });

  it('measures about 27 between large samples of the two Gaussians', () => {
    const rng = createRng(5);
    const n = 20_000;
    const draw = (mean: number[], sd: number[]) =>
      Float32Array.from({ length: 2 * n }, (_, i) => mean[i % 2]! + sd[i % 2]! * rng.normal());
    const d = frechetDistance(
      featureStats(draw([0, 0], [1, 2]), 2),
      featureStats(draw([3, 4], [2, 3]), 2),
    );
    expect(d).toBeGreaterThan(26);
    expect(d).toBeLessThan(28);
  });
});

describe('featureStats', () => {
  it('gives the mean and the sample covariance (n − 1) of vectors worked by hand', () => {
    // (1, 2), (3, 6), (5, 4): mean (3, 4); deviations (−2, −2), (0, 2), (2, 0);
    // var x = 8/2 = 4, var y = 8/2 = 4, cov xy = 4/2 = 2.
    const stats = featureStats([1, 2, 3, 6, 5, 4], 2);
    expect(stats.count).toBe(3);
    expect(Array.from(stats.mean)).toEqual([3, 4]);
    expect(stats.covariance.to2DArray()).toEqual([
      [4, 2],
      [2, 4],
    ]);
  });

  it('refuses fewer than two vectors and values that are not whole vectors', () => {
    expect(() => featureStats([1, 2], 2)).toThrow(/at least 2 vectors, got 1/);
    expect(() => featureStats([1, 2, 3], 2)).toThrow(/not a whole number of 2-vectors/);
  });
});

describe('symmetricSqrt', () => {
  it('gives a symmetric matrix whose square is the positive definite input', () => {
    const rng = createRng(3);
    const x = Matrix.from1DArray(
      6,
      6,
      Array.from({ length: 36 }, () => rng.uniform() - 0.5),
    );
    const spd = x.mmul(x.transpose()).add(Matrix.eye(6).mul(0.1));
    const root = symmetricSqrt(spd);
    const square = root.mmul(root);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        expect(square.get(i, j)).toBeCloseTo(spd.get(i, j), 10);
        expect(root.get(i, j)).toBeCloseTo(root.get(j, i), 10);
      }
    }
  });
});
