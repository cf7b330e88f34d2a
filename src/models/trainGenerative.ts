/**
 * The training loop of the generative models (the VAE and the predictive-coding
 * VAE), short enough to read in one sitting: each epoch shuffles the training
 * images, each batch is binarised afresh (dynamic binarisation), scored by the
 * single-sample -ELBO, and stepped with Adam; a checkpoint ends every epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, shuffledBatches, type ImageSet } from '../data/index.ts';
import { createRng } from '../random/rng.ts';
import type { GenerativeModel } from './generative.ts';
import {
  checkpointTraining,
  resumeTraining,
  type CheckpointOptions,
  type TrainingState,
} from './trainingCheckpoint.ts';

export interface TrainGenerativeOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  /** Called after every batch with the batch's mean -ELBO. */
  onBatch?: (progress: BatchProgress) => void;
  /** Called after every epoch (after its checkpoint is written). */
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>;
  /**
   * Write a checkpoint to `path` at the end of every epoch. With `resume`, start
   * from the checkpoint there (it must come from the same model and `config`).
   */
  checkpoint?: CheckpointOptions;
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

export interface TrainGenerativeResult {
  /** Every epoch's metrics, including those done before a resume. */
  epochs: EpochMetrics[];
  /** The epoch a resumed run started from (1 for a fresh run). */
  startEpoch: number;
  samplesPerSecond: number;
  trainingSeconds: number;
}

export class NonFiniteLossError extends Error {}

export async function trainGenerative(
  model: GenerativeModel,
  train: ImageSet,
  options: TrainGenerativeOptions,
): Promise<TrainGenerativeResult> {
  const batchSize = options.batchSize ?? 128;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const variables = model.variables();
  const inputSize = model.inputSize;
  const history: EpochMetrics[] = [];
  let startEpoch = 1;
  let totalSamples = 0;
  let totalSeconds = 0;
  const checkpoint = options.checkpoint;
  try {
    const state: TrainingState = { kind: model.kind, spec: model.spec, variables, optimizer };
    if (checkpoint?.resume) {
      const resumed = await resumeTraining<EpochMetrics>(state, checkpoint);
      history.push(...resumed.history);
      startEpoch = resumed.epochsDone + 1;
    }
    for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
      // Each epoch's randomness depends only on (seed, epoch), so a resumed run
      // draws exactly what an uninterrupted one would.
      const epochRng = createRng(options.seed).fork(epoch);
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
            () => tf.mean(model.negElboPerSample(x, noiseSeed)) as tf.Scalar,
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
      if (checkpoint !== undefined) await checkpointTraining(state, checkpoint, epoch, history);
      await options.onEpoch?.(metrics);
    }
  } finally {
    optimizer.dispose();
  }
  return {
    epochs: history,
    startEpoch,
    samplesPerSecond: totalSeconds > 0 ? totalSamples / totalSeconds : 0,
    trainingSeconds: totalSeconds,
  };
}
