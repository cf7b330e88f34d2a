/**
 * The pcn's training: each batch of labelled images goes to `pcnStep`
 * (trainingStep.ts), which applies the spec's learning rule; the epoch loop
 * (shuffling, checkpoints with the optimizer's state, NaN stops) is epochLoop.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import { gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import type { BatchProgress, EpochLoopResult } from '../epochLoop.ts';
import { runOptimizedEpochs } from '../optimizedEpochs.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import { pcnStep } from '../trainingStep.ts';
import type { Pcn } from './pcn.ts';
import { NeocortexError } from '../../errors.ts';

/** Options of {@link trainPcn}. */
export interface TrainPcnOptions {
  epochs: number;
  seed: number;
  batchSize: number;
  /** Called after every batch with the batch's mean cross-entropy. */
  onBatch?: (progress: BatchProgress) => void;
  /** Called after every epoch (after its checkpoint is written). */
  onEpoch?: (metrics: PcnEpochMetrics) => void | Promise<void>;
  /** Write a checkpoint at the end of every epoch; with `resume`, start from it. */
  checkpoint?: CheckpointOptions;
}

/** What one epoch of {@link trainPcn} measured. */
export interface PcnEpochMetrics {
  epoch: number;
  /** Mean cross-entropy (nats) of the feedforward sweep over the epoch's batches, before each step. */
  trainLoss: number;
  /** Fraction of the epoch's images the feedforward sweep classified right before each step. */
  trainAccuracy: number;
  /** Local learning: mean free energy (nats) at the settled states, label clamped. */
  trainSettledFreeEnergy?: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Every epoch's metrics and the run's throughput. */
export type TrainPcnResult = EpochLoopResult<PcnEpochMetrics>;

/**
 * Train a pcn on every labelled image of `train`, epoch by epoch, by its spec's learning rule
 * and optimizer, with optional checkpoints and resume.
 */
export async function trainPcn(
  model: Pcn,
  train: ImageSet,
  options: TrainPcnOptions,
): Promise<TrainPcnResult> {
  if (train.height * train.width !== model.spec.inputSize) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `trainPcn: the images have ${train.height * train.width} pixels but the image area has ${model.spec.inputSize}`,
    );
  }
  const local = model.spec.learning === 'local';
  return runOptimizedEpochs<PcnEpochMetrics, tf.Optimizer>({
    epochs: options.epochs,
    seed: options.seed,
    batchSize: options.batchSize,
    count: train.count,
    kind: 'pcn',
    spec: model.spec,
    optimizer: model.createOptimizer(),
    variables: model.variables(),
    checkpoint: options.checkpoint,
    onBatch: options.onBatch,
    onEpoch: options.onEpoch,
    step: (positions, _epochRng, optimizer) => {
      const result = pcnStep(
        model,
        optimizer,
        gatherImages(train, positions),
        gatherLabels(train, positions),
      );
      const settled = result.settledFreeEnergy;
      // A settle that diverged stops the run like a diverged loss.
      const loss =
        settled === undefined || Number.isFinite(settled) ? result.crossEntropy : settled;
      return {
        loss,
        counts: {
          correct: result.correct,
          ...(settled !== undefined ? { settledFreeEnergy: settled * positions.length } : {}),
        },
      };
    },
    figures: (t) => ({
      trainLoss: t.meanLoss,
      trainAccuracy: (t.counts['correct'] ?? 0) / t.samples,
      ...(local
        ? { trainSettledFreeEnergy: (t.counts['settledFreeEnergy'] ?? 0) / t.samples }
        : {}),
    }),
  });
}
