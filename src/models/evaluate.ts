/**
 * Evaluation of a VAE on a fixed, binarised test set: mean -ELBO per image in
 * nats, with its reconstruction and KL parts.
 */
import * as tf from '@tensorflow/tfjs';
import { binarize } from '../data/index.ts';
import { createRng } from '../random/rng.ts';
import type { GenerativeModel } from './generative.ts';
import { sampledNegElboTerms } from './sampledNegElbo.ts';
import { forEachTestBatch } from './testBatches.ts';

/** The seed used to binarise test sets once, so every run scores the same bits. */
export const TEST_BINARIZATION_SEED = 20_141_220;

/** A test set's pixels binarised once, with the fixed seed every run uses. */
export function binarizeTestSet(pixels: Float32Array): Float32Array {
  return binarize(pixels, createRng(TEST_BINARIZATION_SEED));
}

/** The mean negative ELBO of a test set (nats per image) with its reconstruction and KL parts. */
export interface NegElboReport {
  negElbo: number;
  reconstruction: number;
  kl: number;
  count: number;
}

/**
 * Score a generative model on test pixels (already binarised, see `binarizeTestSet`): the
 * mean negative ELBO and its parts, with evaluation noise drawn from `seed`.
 */
export function evaluateNegElbo(
  model: GenerativeModel,
  images: Float32Array,
  options: { seed: number; batchSize?: number },
): NegElboReport {
  let negElbo = 0;
  let reconstruction = 0;
  let kl = 0;
  const count = forEachTestBatch(
    images,
    model.inputSize,
    { batchSize: options.batchSize ?? 500, scorer: 'evaluateNegElbo' },
    ({ x, index }) => {
      const sums = tf.tidy(() => {
        const terms = sampledNegElboTerms(model, x, { samples: 1, seed: options.seed + index });
        const kl = tf.sub(terms.negElbo, terms.reconstruction);
        return tf.stack([tf.sum(terms.negElbo), tf.sum(terms.reconstruction), tf.sum(kl)]);
      });
      const [e, r, k] = sums.dataSync();
      sums.dispose();
      negElbo += e!;
      reconstruction += r!;
      kl += k!;
    },
  );
  return {
    negElbo: negElbo / count,
    reconstruction: reconstruction / count,
    kl: kl / count,
    count,
  };
}
