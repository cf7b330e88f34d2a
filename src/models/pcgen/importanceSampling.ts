/**
 * An importance-sampled estimate of log p(x) for a generative hierarchy settled on x:
 *
 *   log p(x) ≈ log (1/K) Σ_k p(x, z_k) / q(z_k),   z_k ~ q,
 *
 * with q the Laplace-style Gaussian around the settled states (proposal.ts) and p(x, z) the
 * hierarchy's joint density with every normaliser (joint.ts). Its expectation is a lower bound
 * of log p(x) that tightens as K grows.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianNegLogDensity, type Area, type Hierarchy } from '../../cortex/index.ts';
import { logJoint } from './joint.ts';
import { laplaceVariances } from './proposal.ts';
import { NeocortexError } from '../../errors.ts';

/** Options of {@link importanceSampledLogLikelihood}. */
export interface ImportanceSamplingOptions {
  /** Samples per image, K. */
  samples: number;
  /** Seed of the proposal's noise. */
  seed: number;
  /** Multiplies the proposal's Laplace variances (default 1). */
  proposalScale?: number;
  /** Samples drawn at once for all images (rows of one pass; default 4096). */
  rowsPerPass?: number;
}

/** What {@link importanceSampledLogLikelihood} returns, per image. */
export interface ImportanceSamplingResult {
  /** The estimate of log p(x) per image (nats), [batch]. */
  logLikelihood: Float32Array;
  /** log p(x, z_k) − log q(z_k) per image and sample (nats), `[image][k]`. */
  logWeights: Float32Array[];
}

/**
 * Estimate log p(x) for each image the hierarchy holds now: its sensory state is x and its
 * other areas hold the settled states (settle first). Draws K samples of every latent area
 * from the Laplace proposal, weighs each by p(x, z) / q(z), and takes the log-mean-exp.
 */
export function importanceSampledLogLikelihood(
  hierarchy: Hierarchy,
  options: ImportanceSamplingOptions,
): ImportanceSamplingResult {
  const k = options.samples;
  if (!Number.isInteger(k) || k < 1) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `importance sampling: samples must be a positive whole number, got ${k}`,
    );
  }
  const x = hierarchy.sensory.state;
  if (x === undefined)
    throw new NeocortexError('CALL_ORDER', 'importance sampling: settle the hierarchy on x first');
  const batch = x.shape[0];
  const latents = hierarchy.areas.slice(1);
  const variances = laplaceVariances(hierarchy, options.proposalScale ?? 1);
  const logWeights = Array.from({ length: batch }, () => new Float32Array(k));
  try {
    // Each pass draws `perPass` samples for every image: rows = perPass · batch.
    const perPass = Math.max(1, Math.min(k, Math.floor((options.rowsPerPass ?? 4096) / batch)));
    for (let done = 0, pass = 0; done < k; done += perPass, pass++) {
      const n = Math.min(perPass, k - done);
      const weights = tf.tidy(() => {
        const states = new Map<Area, tf.Tensor2D>();
        states.set(hierarchy.sensory, tf.tile(x, [n, 1]));
        let negLogQ: tf.Tensor1D = tf.zeros([n * batch]);
        latents.forEach((area, i) => {
          const mean = tf.tile(area.state!, [n, 1]);
          const logVar = tf.tile(tf.log(variances.get(area)!), [n, 1]);
          const noise = tf.randomNormal<tf.Rank.R2>(
            [n * batch, area.size],
            0,
            1,
            'float32',
            options.seed + 7919 * pass + 104_729 * (i + 1),
          );
          const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), noise)) as tf.Tensor2D;
          states.set(area, z);
          negLogQ = tf.add(negLogQ, gaussianNegLogDensity(z, mean, logVar));
        });
        // Rows are sample-major: row s·batch + b is image b's sample s.
        return tf.add(logJoint(hierarchy, states), negLogQ).reshape([n, batch]);
      });
      const values = weights.dataSync();
      weights.dispose();
      for (let s = 0; s < n; s++) {
        for (let b = 0; b < batch; b++) logWeights[b]![done + s] = values[s * batch + b]!;
      }
    }
  } finally {
    for (const v of variances.values()) v.dispose();
  }
  return {
    logLikelihood: Float32Array.from(logWeights, (w) => logMeanExp(w)),
    logWeights,
  };
}

/** log (1/n) Σ exp(v_i), computed stably in double precision. */
export function logMeanExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum / values.length);
}
