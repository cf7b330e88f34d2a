/**
 * Test-time measures of the predictive-coding VAE on a fixed binarised test set:
 * the -ELBO after settling the posterior means (compare with the encoder's
 * -ELBO under the same evaluation noise: the difference is the amortization gap
 * that feedback settling closes), and an importance-weighted estimate of
 * -log p(x) with k samples (Burda et al. 2016).
 */
import * as tf from '@tensorflow/tfjs';
import { disposePosterior, mapPosterior, type PosteriorParameters } from '../../cortex/index.ts';
import type { NegElboReport } from '../evaluate.ts';
import { sampledNegElboTerms } from '../sampledNegElbo.ts';
import { forEachTestBatch } from '../testBatches.ts';
import type { PcVae } from './pcvae.ts';
import { NeocortexError } from '../../errors.ts';

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

/**
 * The mean negative ELBO of a test set after settling each image's posterior means (the
 * amortization gap closed by feedback).
 */
export function evaluateSettledNegElbo(
  model: PcVae,
  images: Float32Array,
  options: SettleEvaluationOptions,
): NegElboReport {
  let negElbo = 0;
  let reconstruction = 0;
  const count = forEachTestBatch(
    images,
    model.inputSize,
    {
      batchSize: options.batchSize ?? 500,
      scorer: 'evaluateSettledNegElbo',
      onImages: options.onImages,
    },
    ({ x, index }) => {
      // Settling draws its own noise, never the evaluation noise it is scored with.
      const { posterior } = model.settle(x, {
        iterations: options.iterations,
        stepSize: options.stepSize,
        seed: options.seed + 1_000_003 * (index + 1),
      });
      try {
        const sums = tf.tidy(() => {
          const terms = sampledNegElboTerms(model, x, {
            samples: 1,
            seed: options.seed + index,
            posterior,
          });
          return tf.stack([tf.sum(terms.negElbo), tf.sum(terms.reconstruction)]);
        });
        const [e, r] = sums.dataSync();
        sums.dispose();
        negElbo += e!;
        reconstruction += r!;
      } finally {
        disposePosterior(posterior);
      }
    },
  );
  return {
    negElbo: negElbo / count,
    reconstruction: reconstruction / count,
    kl: (negElbo - reconstruction) / count,
    count,
  };
}

/**
 * log p(x) ≈ log (1/k Σ_j p(x, z_j) / q(z_j | x)), z_j ~ q, for each image of `x` ([batch]
 * nats, a new tensor the caller owns): the importance-weighted bound of Burda et al. 2016, with
 * q the encoder's posterior or, given `posterior`, those parameters (e.g. a posterior optimised
 * per image). All k samples of an image are scored in one batch of `batch · k` rows.
 */
export function importanceWeightedLogLikelihood(
  model: PcVae,
  x: tf.Tensor2D,
  options: { k: number; seed: number; posterior?: ReadonlyMap<string, PosteriorParameters> },
): tf.Tensor1D {
  const k = options.k;
  if (!Number.isInteger(k) || k < 1)
    throw new NeocortexError('OPTION_INVALID', `k must be a positive whole number, got ${k}`);
  return tf.tidy(() => {
    const n = x.shape[0];
    // Row i·k + j is image i's j-th sample.
    const repeat = (t: tf.Tensor2D) =>
      tf.reshape(tf.tile(tf.expandDims(t, 1), [1, k, 1]), [n * k, t.shape[1]]) as tf.Tensor2D;
    const posterior =
      options.posterior === undefined ? undefined : mapPosterior(options.posterior, repeat);
    const { negElbo } = model.hierarchy.negElbo(repeat(x), {
      seed: options.seed,
      estimator: 'sampled',
      ...(posterior ? { posterior } : {}),
    });
    const logWeights = tf.reshape(tf.neg(negElbo), [n, k]);
    return tf.sub(tf.logSumExp(logWeights, 1), Math.log(k)) as tf.Tensor1D;
  });
}

/**
 * Σ over the images of `x` of log p(x) by the importance-weighted bound with `k` samples
 * ({@link importanceWeightedLogLikelihood}), a chunk of images at a time so that no pass scores
 * more than `maxRows` rows (default 4000): chunk c draws its noise from `seed + c`.
 */
export function sumImportanceWeightedLogLikelihood(
  model: PcVae,
  x: tf.Tensor2D,
  options: {
    k: number;
    seed: number;
    posterior?: ReadonlyMap<string, PosteriorParameters> | undefined;
    maxRows?: number;
  },
): number {
  const { k, posterior } = options;
  const n = x.shape[0];
  const chunk = Math.max(1, Math.floor((options.maxRows ?? 4000) / k));
  let total = 0;
  for (let start = 0, c = 0; start < n; start += chunk, c++) {
    const size = Math.min(chunk, n - start);
    total += tf.tidy(() => {
      const rows = <T extends tf.Tensor2D>(t: T) =>
        size === n ? t : tf.slice(t, [start, 0], [size, -1]);
      const part = posterior === undefined ? undefined : mapPosterior(posterior, rows);
      const logPx = importanceWeightedLogLikelihood(model, rows(x), {
        k,
        seed: options.seed + c,
        ...(part ? { posterior: part } : {}),
      });
      return tf.sum(logPx).dataSync()[0]!;
    });
  }
  return total;
}

/**
 * -log p(x) ≈ -log (1/k Σ_i p(x, z_i) / q(z_i | x)), z_i ~ q, per image, averaged
 * over the images; each image's k samples are scored in one batch
 * ({@link importanceWeightedLogLikelihood} with the encoder's posterior).
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
  const k = options.k;
  if (!Number.isInteger(k) || k < 1)
    throw new NeocortexError('OPTION_INVALID', `k must be a positive whole number, got ${k}`);
  const maxRows = options.maxRows ?? 4000;
  let total = 0;
  const count = forEachTestBatch(
    images,
    model.inputSize,
    {
      // A batch is one chunk of sumImportanceWeightedLogLikelihood, so batch b draws from seed + b.
      batchSize: Math.max(1, Math.floor(maxRows / k)),
      scorer: 'evaluateImportanceWeightedNll',
      onImages: options.onImages,
    },
    ({ x, index }) => {
      total -= sumImportanceWeightedLogLikelihood(model, x, {
        k,
        seed: options.seed + index,
        maxRows,
      });
    },
  );
  return { nll: total / count, k, count };
}
