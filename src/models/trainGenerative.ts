/**
 * The training step of the generative models (the VAE and the predictive-coding
 * VAE): each batch is binarised afresh (dynamic binarisation) and handed to
 * `generativeStep` (trainingStep.ts, the one step the live session takes too).
 * The epoch loop (shuffling, checkpoints, NaN stops) is epochLoop.ts.
 */
import { binarize, gatherImages, type ImageSet } from '../data/index.ts';
import { createAdam } from './adam.ts';
import type { BatchProgress, EpochLoopResult } from './epochLoop.ts';
import { runOptimizedEpochs } from './optimizedEpochs.ts';
import type { GenerativeModel } from './generative.ts';
import type { CheckpointOptions } from './trainingCheckpoint.ts';
import { generativeStep, type GenerativeStepResult } from './trainingStep.ts';
import type * as tf from '@tensorflow/tfjs';

export { NonFiniteLossError } from './epochLoop.ts';
export type { BatchProgress } from './epochLoop.ts';

/**
 * Takes the optimizer steps of a training run in place of {@link generativeStep}: for
 * instance on two threads, each with half of every batch (sim/dataParallel). It must
 * leave `variables` and the optimizer's state as one step on the whole batch would,
 * up to float rounding and the posterior noise drawn.
 */
export interface GenerativeStepper {
  /** One step on a binarised batch (rows of `model.inputSize`), noise from `noiseSeed`. */
  step(pixels: Float32Array, noiseSeed: number): Promise<GenerativeStepResult>;
  /** Release what the stepper holds (threads, buffers); called once, when training ends. */
  dispose(): Promise<void>;
}

/** What a {@link GenerativeStepper} is made from: the run's model, its variables and optimizer. */
export interface GenerativeStepperContext {
  model: GenerativeModel;
  variables: tf.Variable[];
  optimizer: tf.AdamOptimizer;
  learningRate: number;
  batchSize: number;
}

/** Makes the run's stepper, after any resume has put back the weights and the optimizer's state. */
export type GenerativeStepperFactory = (
  context: GenerativeStepperContext,
) => Promise<GenerativeStepper>;

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
  /** Who takes the steps (default: this thread, {@link generativeStep}). */
  stepper?: GenerativeStepperFactory;
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
  const learningRate = options.learningRate ?? 1e-3;
  const batchSize = options.batchSize ?? 128;
  const variables = model.variables();
  // Made at the first step, after a resume has restored the weights and optimizer.
  let stepper: Promise<GenerativeStepper> | undefined;
  return runOptimizedEpochs<EpochMetrics, tf.AdamOptimizer>({
    epochs: options.epochs,
    seed: options.seed,
    batchSize,
    count: train.count,
    kind: model.kind,
    spec: model.spec,
    optimizer: createAdam(learningRate),
    variables,
    checkpoint: options.checkpoint,
    onBatch: options.onBatch,
    onEpoch: options.onEpoch,
    step: async (indices, epochRng, optimizer) => {
      const pixels = binarize(gatherImages(train, indices), epochRng);
      const noiseSeed = epochRng.uint32();
      if (options.stepper === undefined) {
        return { loss: generativeStep(model, optimizer, variables, pixels, noiseSeed).negElbo };
      }
      stepper ??= options.stepper({ model, variables, optimizer, learningRate, batchSize });
      return { loss: (await (await stepper).step(pixels, noiseSeed)).negElbo };
    },
    figures: (t) => ({ trainNegElbo: t.meanLoss }),
    release: async () => {
      // A stepper that failed to start has nothing to release.
      const started = await stepper?.catch(() => undefined);
      await started?.dispose();
    },
  });
}
