/**
 * The VAE training loop, short enough to read in one sitting: each epoch
 * shuffles the training images, and each batch is binarised afresh (dynamic
 * binarisation), scored by the single-sample -ELBO, and stepped with Adam.
 */
import * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, shuffledBatches, type ImageSet } from '../data/index.ts';
import { createRng } from '../random/rng.ts';
import type { Vae } from './vae.ts';

export interface TrainVaeOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  /** Called after every batch with the batch's mean -ELBO. */
  onBatch?: (progress: BatchProgress) => void;
  /** Called after every epoch. */
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  samplesPerSecond: number;
}

export interface EpochMetrics {
  epoch: number;
  trainNegElbo: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface TrainVaeResult {
  epochs: EpochMetrics[];
  samplesPerSecond: number;
  trainingSeconds: number;
}

export class NonFiniteLossError extends Error {}

export async function trainVae(
  model: Vae,
  train: ImageSet,
  options: TrainVaeOptions,
): Promise<TrainVaeResult> {
  const batchSize = options.batchSize ?? 128;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const rng = createRng(options.seed);
  const variables = model.variables();
  const { inputSize, latentSize } = model.spec;
  const history: EpochMetrics[] = [];
  let totalSamples = 0;
  let totalSeconds = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochRng = rng.fork(epoch);
      const batches = shuffledBatches(train.count, batchSize, epochRng);
      const started = performance.now();
      let lossSum = 0;
      let samples = 0;
      for (const [b, indices] of batches.entries()) {
        const pixels = binarize(gatherImages(train, indices), epochRng);
        const noiseSeed = epochRng.uint32();
        const x = tf.tensor2d(pixels, [indices.length, inputSize]);
        let cost: tf.Scalar | null;
        try {
          cost = optimizer.minimize(
            () => {
              const noise = tf.randomNormal<tf.Rank.R2>(
                [indices.length, latentSize],
                0,
                1,
                'float32',
                noiseSeed,
              );
              return tf.mean(model.negElbo(x, noise).negElbo) as tf.Scalar;
            },
            true,
            variables,
          );
        } finally {
          x.dispose();
        }
        const loss = cost?.dataSync()[0] ?? Number.NaN;
        cost?.dispose();
        if (!Number.isFinite(loss)) {
          throw new NonFiniteLossError(
            `training stopped: the loss became ${loss} at epoch ${epoch}, batch ${b + 1}`,
          );
        }
        lossSum += loss * indices.length;
        samples += indices.length;
        const elapsed = (performance.now() - started) / 1000;
        options.onBatch?.({
          epoch,
          batch: b + 1,
          batches: batches.length,
          loss,
          samplesPerSecond: samples / elapsed,
        });
        // Let timers, signals and progress output run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const seconds = (performance.now() - started) / 1000;
      totalSamples += samples;
      totalSeconds += seconds;
      const metrics = {
        epoch,
        trainNegElbo: lossSum / samples,
        seconds,
        samplesPerSecond: samples / seconds,
      };
      history.push(metrics);
      await options.onEpoch?.(metrics);
    }
  } finally {
    optimizer.dispose();
  }
  return {
    epochs: history,
    samplesPerSecond: totalSeconds > 0 ? totalSamples / totalSeconds : 0,
    trainingSeconds: totalSeconds,
  };
}
