/**
 * The classifier's training step: each batch of (labelled) images, grey levels
 * or binarised afresh, is scored by the mean softmax cross-entropy of its logits
 * and stepped with Adam. The epoch loop (shuffling, checkpoints, NaN stops) is
 * epochLoop.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { binarize, gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import { runEpochs, type BatchProgress, type EpochLoopResult } from '../epochLoop.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import type { Classifier } from './classifier.ts';
import { softmaxCrossEntropy } from './losses.ts';

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
  if (labelled.length === 0) throw new RangeError('trainClassifier: no labelled images');
  for (const [k, index] of labelled.entries()) {
    if (index < 0 || index >= train.count) {
      throw new RangeError(
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
  const pixels = train.height * train.width;
  const labelled = options.labelled ?? Int32Array.from({ length: train.count }, (_, i) => i);
  checkLabelled(train, labelled);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const variables = model.trainableVariables();
  try {
    return await runEpochs<ClassifierEpochMetrics>({
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize ?? 128,
      count: labelled.length,
      state: { kind: 'classifier', spec: model.spec, variables, optimizer },
      checkpoint: options.checkpoint,
      onBatch: options.onBatch,
      onEpoch: options.onEpoch,
      step: (positions, epochRng) => {
        const indices = positions.map((p) => labelled[p]!);
        const images = gatherImages(train, indices);
        const x = tf.tensor2d(options.binarize ? binarize(images, epochRng) : images, [
          indices.length,
          pixels,
        ]);
        const labels = tf.tensor1d(Int32Array.from(gatherLabels(train, indices)), 'int32');
        // The number of right answers in the batch, kept out of the step's scope.
        const hits: tf.Tensor[] = [];
        let cost: tf.Scalar | null = null;
        try {
          cost = optimizer.minimize(
            () => {
              const logits = model.logits(x);
              hits.push(tf.keep(tf.sum(tf.equal(tf.argMax(logits, 1), labels).toInt())));
              return tf.mean(softmaxCrossEntropy(logits, labels)) as tf.Scalar;
            },
            true,
            variables,
          );
          return {
            loss: cost?.dataSync()[0] ?? Number.NaN,
            counts: { correct: hits[0]?.dataSync()[0] ?? 0 },
          };
        } finally {
          tf.dispose([x, labels, ...hits]);
          cost?.dispose();
        }
      },
      summarize: (t) => ({
        epoch: t.epoch,
        trainLoss: t.meanLoss,
        trainAccuracy: (t.counts['correct'] ?? 0) / t.samples,
        seconds: t.seconds,
        samplesPerSecond: t.samplesPerSecond,
      }),
    });
  } finally {
    optimizer.dispose();
  }
}
