/**
 * The Fréchet distance between two sets of feature vectors, each summarised by
 * its mean and covariance as a Gaussian (Heusel et al. 2017's formula):
 *   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½).
 * Matrix square roots come from a symmetric eigendecomposition (ml-matrix),
 * with eigenvalues below zero (rounding) taken as zero. Which features are
 * compared is the caller's choice: with a network other than Inception v3 the
 * figure is not the Inception FID and is not comparable with published FIDs.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** A set of feature vectors summarised as a Gaussian: its size, mean and covariance. */
export interface FeatureStats {
  /** How many vectors. */
  count: number;
  /** The mean vector. */
  mean: Float64Array;
  /** The sample covariance (n − 1 in the denominator), dim × dim. */
  covariance: Matrix;
}

/**
 * Mean and sample covariance of the vectors in `features` (stored one after
 * another, `dim` values each). Fewer than two vectors is an error.
 */
export function featureStats(features: ArrayLike<number>, dim: number): FeatureStats {
  const count = features.length / dim;
  if (!Number.isInteger(dim) || dim < 1 || !Number.isInteger(count)) {
    throw new Error(
      `featureStats: ${features.length} values is not a whole number of ${dim}-vectors`,
    );
  }
  if (count < 2)
    throw new Error(`featureStats: a covariance needs at least 2 vectors, got ${count}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let k = 0; k < dim; k++) mean[k]! += features[i * dim + k]!;
  for (let k = 0; k < dim; k++) mean[k]! /= count;
  const sums = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < dim; k++) row[k] = features[i * dim + k]! - mean[k]!;
    for (let a = 0; a < dim; a++) {
      const x = row[a]!;
      if (x === 0) continue;
      const base = a * dim;
      for (let b = a; b < dim; b++) sums[base + b]! += x * row[b]!;
    }
  }
  const covariance = new Matrix(dim, dim);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = sums[a * dim + b]! / (count - 1);
      covariance.set(a, b, v);
      covariance.set(b, a, v);
    }
  }
  return { count, mean, covariance };
}

/** The eigenvalues of a symmetric matrix, and its eigenvectors as columns. */
function symmetricEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  // Average with the transpose first: rounding leaves products like A·B·A slightly asymmetric.
  const symmetric = Matrix.add(m, m.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  return { values: evd.realEigenvalues, vectors: evd.eigenvectorMatrix };
}

/**
 * The square root of a symmetric positive semi-definite matrix, V diag(√λ) Vᵀ
 * from its eigendecomposition (negative eigenvalues, from rounding, as 0).
 */
export function symmetricSqrt(m: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(m);
  const scaled = vectors.clone();
  for (let j = 0; j < values.length; j++) {
    const root = Math.sqrt(Math.max(0, values[j]!));
    for (let i = 0; i < scaled.rows; i++) scaled.set(i, j, scaled.get(i, j) * root);
  }
  return scaled.mmul(vectors.transpose());
}

/**
 * The squared Fréchet distance between two Gaussians summarising feature sets
 * (the quantity FID reports): ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½.
 * Sets of different dimensions are an error.
 */
export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  const dim = a.mean.length;
  if (b.mean.length !== dim) {
    throw new Error(`frechetDistance: features of ${dim} and ${b.mean.length} dimensions`);
  }
  let meanTerm = 0;
  for (let k = 0; k < dim; k++) meanTerm += (a.mean[k]! - b.mean[k]!) ** 2;
  const rootA = symmetricSqrt(a.covariance);
  const { values } = symmetricEigen(rootA.mmul(b.covariance).mmul(rootA));
  const crossTrace = values.reduce((sum, v) => sum + Math.sqrt(Math.max(0, v)), 0);
  return meanTerm + a.covariance.trace() + b.covariance.trace() - 2 * crossTrace;
}
