/**
 * What a trained VAE's latent code holds on a set of images: the posterior
 * means (for MIG and traversals) and the active units (Burda et al. 2016: a
 * unit is active when its posterior mean varies across images, Cov_x(E_q[z_u])
 * > 0.01; a unit the KL has pushed back to the prior is not).
 */
import * as tf from '@tensorflow/tfjs';
import type { Vae } from '../../models/vae.ts';

/** The activity threshold of Burda et al. (2016) on the variance of a unit's posterior mean. */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

/**
 * Posterior means of `pixels` (rows of `model.inputSize`), row-major
 * [count, latentSize], computed in batches of `batchSize` (default 500).
 */
export function posteriorMeans(model: Vae, pixels: Float32Array, batchSize = 500): Float32Array {
  const size = model.inputSize;
  const count = pixels.length / size;
  if (!Number.isInteger(count)) {
    throw new Error(`posteriorMeans: ${pixels.length} values is not a whole number of images`);
  }
  const units = model.spec.latentSize;
  const out = new Float32Array(count * units);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const means = tf.tidy(() =>
      model
        .recognize(tf.tensor2d(pixels.subarray(start * size, (start + n) * size), [n, size]))
        .mean.dataSync(),
    );
    out.set(means, start * units);
  }
  return out;
}

/** The variance across rows of each unit of `means` ([count, units], row-major). */
export function unitVariances(means: Float32Array, units: number): number[] {
  const count = means.length / units;
  return Array.from({ length: units }, (_, u) => {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < count; i++) {
      const v = means[i * units + u]!;
      sum += v;
      sq += v * v;
    }
    const m = sum / count;
    return Math.max(0, sq / count - m * m);
  });
}

/** How many units' posterior means vary by more than {@link ACTIVE_UNIT_THRESHOLD}. */
export function activeUnits(means: Float32Array, units: number): number {
  return unitVariances(means, units).filter((v) => v > ACTIVE_UNIT_THRESHOLD).length;
}
