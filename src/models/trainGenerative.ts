/**
 * The training step of the generative models (the VAE and the predictive-coding
 * VAE): each batch is binarised afresh (dynamic binarisation) and handed to
 * `generativeStep` (trainingStep.ts, the one step the live session takes too).
 * The epoch loop (shuffling, checkpoints, NaN stops) is epochLoop.ts.
 */
import { binarize, gatherImages, type ImageSet } from '../data/index.ts';
import { createAdam } from './adam.ts';
import { runEpochs, type BatchProgress, type EpochLoopResult } from './epochLoop.ts';
import type { GenerativeModel } from './generative.ts';
import type { CheckpointOptions } from './trainingCheckpoint.ts';
import { generativeStep } from './trainingStep.ts';

export { NonFiniteLossError } from './epochLoop.ts';
export type { BatchProgress } from './epochLoop.ts';

/** Options of {@link trainGenerative}. */
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

/** What one epoch of {@link trainGenerative} measured. */
export interface EpochMetrics {
  epoch: number;
  trainNegElbo: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Every epoch's metrics and the run's throughput. */
export type TrainGenerativeResult = EpochLoopResult<EpochMetrics>;

/**
 * Train a generative model (VAE or pcvae) with Adam on freshly binarised batches, epoch by
 * epoch, with optional checkpoints and resume; a NaN loss stops it with a {@link
 * NonFiniteLossError}.
 */
export async function trainGenerative(
  model: GenerativeModel,
  train: ImageSet,
  options: TrainGenerativeOptions,
): Promise<TrainGenerativeResult> {
  const optimizer = createAdam(options.learningRate ?? 1e-3);
  const variables = model.variables();
  try {
    return await runEpochs<EpochMetrics>({
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize ?? 128,
      count: train.count,
      state: { kind: model.kind, spec: model.spec, variables, optimizer },
      checkpoint: options.checkpoint,
      onBatch: options.onBatch,
      onEpoch: options.onEpoch,
      step: (indices, epochRng) => {
        const pixels = binarize(gatherImages(train, indices), epochRng);
        const { negElbo } = generativeStep(model, optimizer, variables, pixels, epochRng.uint32());
        return { loss: negElbo };
      },
      summarize: (t) => ({
        epoch: t.epoch,
        trainNegElbo: t.meanLoss,
        seconds: t.seconds,
        samplesPerSecond: t.samplesPerSecond,
      }),
    });
  } finally {
    optimizer.dispose();
  }
}
