/**
 * The classifier's training: each batch of (labelled) images, grey levels or
 * binarised afresh, goes to `classifierStep` (trainingStep.ts, the one step the
 * live session takes too). The epoch loop (shuffling, checkpoints, NaN stops) is
 * epochLoop.ts.
 */
import type * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import { createAdam } from '../adam.ts';
import type { BatchProgress, EpochLoopResult } from '../epochLoop.ts';
import { runOptimizedEpochs } from '../optimizedEpochs.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import type { Classifier } from './classifier.ts';
import { classifierStep } from '../trainingStep.ts';
import { NeocortexError } from '../../errors.ts';

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  learningRate?: number;
  /** Indices of the images whose labels may be used (default: all of `train`). */
  labelled?: Int32Array;
  /** Called after every batch with the batch's mean cross-entropy. */
  onBatch?: (progress: ClassifierBatchProgress) => void;
  /** Called after every epoch (after its checkpoint is written). */
  onEpoch?: (metrics: ClassifierEpochMetrics) => void | Promise<void>;
  /**
   * Binarise each batch afresh (pixel -> 1 with probability = its value), as the
   * PyTorch reference figures do; evaluate on a test set binarised once.
   */
  binarize?: boolean;
  /** Write a checkpoint at the end of every epoch; with `resume`, start from it. */
  checkpoint?: CheckpointOptions;
}

/** What {@link trainClassifier} reports after each batch. */
export type ClassifierBatchProgress = BatchProgress;

/** What one epoch of {@link trainClassifier} measured. */
export interface ClassifierEpochMetrics {
  epoch: number;
  /** Mean cross-entropy (nats) over the epoch's batches, as they were trained. */
  trainLoss: number;
  /** Fraction of the epoch's images classified right at the time they were trained on. */
  trainAccuracy: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Every epoch's metrics and the run's throughput. */
export type TrainClassifierResult = EpochLoopResult<ClassifierEpochMetrics>;

function checkLabelled(train: ImageSet, labelled: Int32Array): void {
  if (labelled.length === 0)
    throw new NeocortexError('DATA_INVALID', 'trainClassifier: no labelled images');
  for (const [k, index] of labelled.entries()) {
    if (index < 0 || index >= train.count) {
      throw new NeocortexError(
        'DATA_INVALID',
        `trainClassifier: labelled index ${index} (position ${k}) outside 0..${train.count - 1}`,
      );
    }
  }
}

/**
 * Train a classifier with softmax cross-entropy and Adam on labelled images, epoch by epoch,
 * with optional checkpoints and resume.
 */
export async function trainClassifier(
  model: Classifier,
  train: ImageSet,
  options: TrainClassifierOptions,
): Promise<TrainClassifierResult> {
  const labelled = options.labelled ?? Int32Array.from({ length: train.count }, (_, i) => i);
  checkLabelled(train, labelled);
  const variables = model.trainableVariables();
  return runOptimizedEpochs<ClassifierEpochMetrics, tf.AdamOptimizer>({
    epochs: options.epochs,
    seed: options.seed,
    batchSize: options.batchSize ?? 128,
    count: labelled.length,
    kind: 'classifier',
    spec: model.spec,
    optimizer: createAdam(options.learningRate ?? 1e-3),
    variables,
    checkpoint: options.checkpoint,
    onBatch: options.onBatch,
    onEpoch: options.onEpoch,
    step: (positions, epochRng, optimizer) => {
      const indices = positions.map((p) => labelled[p]!);
      const images = gatherImages(train, indices);
      const pixels = options.binarize ? binarize(images, epochRng) : images;
      const labels = gatherLabels(train, indices);
      const result = classifierStep(model, optimizer, variables, pixels, labels);
      return { loss: result.crossEntropy, counts: { correct: result.correct } };
    },
    figures: (t) => ({
      trainLoss: t.meanLoss,
      trainAccuracy: (t.counts['correct'] ?? 0) / t.samples,
    }),
  });
}
