/**
 * Training a pcgen: each batch is binarised afresh (dynamic binarisation) and handed to
 * `pcgenStep` (trainingStep.ts: settle from rest, then the local rule). The epoch loop
 * (shuffling, checkpoints, the NaN stop) is epochLoop.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, type ImageSet } from '../../data/index.ts';
import type { BatchProgress, EpochLoopResult } from '../epochLoop.ts';
import { runOptimizedEpochs } from '../optimizedEpochs.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import { pcgenStep } from '../trainingStep.ts';
import type { PcGen } from './pcgen.ts';

/** Options of {@link trainPcGen}. */
export interface TrainPcGenOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  /** Called after every batch with the batch's mean settled free energy. */
  onBatch?: (progress: BatchProgress) => void;
  /** Write a checkpoint each epoch; with `resume`, start from the one there. */
  checkpoint?: CheckpointOptions;
  /** Called after every epoch (after its checkpoint is written), e.g. to score a test set. */
  onEpoch?: (metrics: PcGenEpochMetrics) => void | Promise<void>;
  /**
   * `local` (default): each pathway learns from its own two areas (`Hierarchy.learn`);
   * `backprop`: the autodiff gradient of the free energy at the same settled states.
   */
  learning?: 'local' | 'backprop';
}

/** What one epoch of {@link trainPcGen} measured. */
export interface PcGenEpochMetrics {
  epoch: number;
  /** Mean free energy per image at the settled states (nats), over the epoch's batches. */
  trainFreeEnergy: number;
  seconds: number;
  samplesPerSecond: number;
}

/**
 * Train a pcgen by local learning (or, with `learning: 'backprop'`, by the autodiff gradient
 * of the same free energy) on freshly binarised batches, epoch by epoch, with optional
 * checkpoints and resume; a NaN or infinite free energy stops it with a NonFiniteLossError.
 */
export async function trainPcGen(
  model: PcGen,
  train: ImageSet,
  options: TrainPcGenOptions,
): Promise<EpochLoopResult<PcGenEpochMetrics>> {
  return runOptimizedEpochs<PcGenEpochMetrics, tf.Optimizer>({
    epochs: options.epochs,
    seed: options.seed,
    batchSize: options.batchSize ?? 128,
    count: train.count,
    kind: model.kind,
    spec: model.spec,
    optimizer: model.createOptimizer(),
    variables: model.variables(),
    checkpoint: options.checkpoint,
    onBatch: options.onBatch,
    onEpoch: options.onEpoch,
    step: (indices, epochRng, optimizer) => {
      const pixels = binarize(gatherImages(train, indices), epochRng);
      return { loss: pcgenStep(model, optimizer, pixels, options.learning).freeEnergy };
    },
    figures: (t) => ({ trainFreeEnergy: t.meanLoss }),
  });
}
