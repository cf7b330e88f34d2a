/**
 * The pcn's training: each batch of labelled images goes to `pcnStep`
 * (trainingStep.ts), which applies the spec's learning rule; the epoch loop
 * (shuffling, checkpoints with the optimizer's state, NaN stops) is epochLoop.ts.
 */
import { gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import { runEpochs, type BatchProgress, type EpochLoopResult } from '../epochLoop.ts';
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
  const optimizer = model.createOptimizer();
  const variables = model.variables();
  const local = model.spec.learning === 'local';
  try {
    return await runEpochs<PcnEpochMetrics>({
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize,
      count: train.count,
      state: { kind: 'pcn', spec: model.spec, variables, optimizer },
      checkpoint: options.checkpoint,
      onBatch: options.onBatch,
      onEpoch: options.onEpoch,
      step: (positions) => {
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
      summarize: (t) => ({
        epoch: t.epoch,
        trainLoss: t.meanLoss,
        trainAccuracy: (t.counts['correct'] ?? 0) / t.samples,
        ...(local
          ? { trainSettledFreeEnergy: (t.counts['settledFreeEnergy'] ?? 0) / t.samples }
          : {}),
        seconds: t.seconds,
        samplesPerSecond: t.samplesPerSecond,
      }),
    });
  } finally {
    optimizer.dispose();
  }
}
