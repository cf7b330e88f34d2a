/**
 * Test-time measures of the predictive-coding VAE on a fixed binarised test set:
 * the -ELBO after settling the posterior means (compare with the encoder's
 * -ELBO under the same evaluation noise: the difference is the amortization gap
 * that feedback settling closes), and an importance-weighted estimate of
 * -log p(x) with k samples (Burda et al. 2016).
 */
import * as tf from '@tensorflow/tfjs';
import type { NegElboReport } from '../evaluate.ts';
import type { PcVae } from './pcvae.ts';

/** Options of {@link evaluateSettledNegElbo}: the settling schedule and the evaluation noise. */
export interface SettleEvaluationOptions {
  iterations: number;
  stepSize: number;
  /** Evaluation noise seed: use the one the encoder-only -ELBO was scored with. */
  seed: number;
  batchSize?: number;
  /** Called after each batch with the images scored so far (for a progress bar). */
  onImages?: (done: number) => void;
}

function* batches(count: number, size: number): Generator<[number, number, number]> {
  for (let start = 0, b = 0; start < count; start += size, b++) {
    yield [start, Math.min(size, count - start), b];
  }
}

/**
 * The mean negative ELBO of a test set after settling each image's posterior means (the
 * amortization gap closed by feedback).
 */
export function evaluateSettledNegElbo(
  model: PcVae,
  images: Float32Array,
  options: SettleEvaluationOptions,
): NegElboReport {
  const inputSize = model.inputSize;
  const count = images.length / inputSize;
  let negElbo = 0;
  let reconstruction = 0;
  for (const [start, n, b] of batches(count, options.batchSize ?? 500)) {
    const x = tf.tensor2d(images.subarray(start * inputSize, (start + n) * inputSize), [
      n,
      inputSize,
    ]);
    // Settling draws its own noise, never the evaluation noise it is scored with.
    const { posterior } = model.settle(x, {
      iterations: options.iterations,
      stepSize: options.stepSize,
      seed: options.seed + 1_000_003 * (b + 1),
    });
    const sums = tf.tidy(() => {
      const terms = model.negElboTerms(x, options.seed + b, posterior);
      return tf.stack([tf.sum(terms.negElbo), tf.sum(terms.reconstruction)]);
    });
    const [e, r] = sums.dataSync();
    negElbo += e!;
    reconstruction += r!;
    tf.dispose([x, sums, ...[...posterior.values()].flatMap((p) => [p.mean, p.logVar])]);
    options.onImages?.(start + n);
  }
  return {
    negElbo: negElbo / count,
    reconstruction: reconstruction / count,
    kl: (negElbo - reconstruction) / count,
    count,
  };
}

/**
 * -log p(x) ≈ -log (1/k Σ_i p(x, z_i) / q(z_i | x)), z_i ~ q, per image, averaged
 * over the images; each image's k samples are scored in one batch.
 */
export function evaluateImportanceWeightedNll(
  model: PcVae,
  images: Float32Array,
  options: {
    k: number;
    seed: number;
    maxRows?: number;
    /** Called after each batch with the images scored so far (for a progress bar). */
    onImages?: (done: number) => void;
  },
): { nll: number; k: number; count: number } {
  const inputSize = model.inputSize;
  const count = images.length / inputSize;
  const k = options.k;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive whole number, got ${k}`);
  const perBatch = Math.max(1, Math.floor((options.maxRows ?? 4000) / k));
  let total = 0;
  for (const [start, n, b] of batches(count, perBatch)) {
    const value = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * inputSize, (start + n) * inputSize), [
        n,
        inputSize,
      ]);
      // Row i·k + j is image i's j-th sample.
      const repeated = tf.reshape(tf.tile(tf.expandDims(x, 1), [1, k, 1]), [n * k, inputSize]);
      const { negElbo } = model.hierarchy.negElbo(repeated as tf.Tensor2D, {
        seed: options.seed + b,
        estimator: 'sampled',
      });
      const logWeights = tf.reshape(tf.neg(negElbo), [n, k]);
      const logMarginal = tf.sub(tf.logSumExp(logWeights, 1), Math.log(k));
      return tf.sum(tf.neg(logMarginal)).dataSync()[0]!;
    });
    total += value;
    options.onImages?.(start + n);
  }
  return { nll: total / count, k, count };
}
