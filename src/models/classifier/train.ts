/**
 * The classifier training loop, short enough to read in one sitting: each epoch
 * shuffles the (labelled) training images, and each batch of grey-level images
 * is scored by the mean softmax cross-entropy of its logits and stepped with Adam.
 */
import * as tf from '@tensorflow/tfjs';
import {
  binarize,
  gatherImages,
  gatherLabels,
  shuffledBatches,
  type ImageSet,
} from '../../data/index.ts';
import { createRng } from '../../random/rng.ts';
import {
  checkpointTraining,
  resumeTraining,
  type CheckpointOptions,
  type TrainingState,
} from '../trainingCheckpoint.ts';
import { NonFiniteLossError } from '../trainGenerative.ts';
import type { Classifier } from './classifier.ts';
import { softmaxCrossEntropy } from './losses.ts';

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

export interface ClassifierBatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  samplesPerSecond: number;
}

export interface ClassifierEpochMetrics {
  epoch: number;
  /** Mean cross-entropy (nats) over the epoch's batches, as they were trained. */
  trainLoss: number;
  /** Fraction of the epoch's images classified right at the time they were trained on. */
  trainAccuracy: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface TrainClassifierResult {
  /** Every epoch's metrics, including those done before a resume. */
  epochs: ClassifierEpochMetrics[];
  /** The epoch a resumed run started from (1 for a fresh run). */
  startEpoch: number;
  samplesPerSecond: number;
  trainingSeconds: number;
}

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

export async function trainClassifier(
  model: Classifier,
  train: ImageSet,
  options: TrainClassifierOptions,
): Promise<TrainClassifierResult> {
  const batchSize = options.batchSize ?? 128;
  const pixels = train.height * train.width;
  const labelled = options.labelled ?? Int32Array.from({ length: train.count }, (_, i) => i);
  checkLabelled(train, labelled);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const variables = model.trainableVariables();
  const history: ClassifierEpochMetrics[] = [];
  let totalSamples = 0;
  let totalSeconds = 0;
  let startEpoch = 1;
  const state: TrainingState = { kind: 'classifier', spec: model.spec, variables, optimizer };
  const checkpoint = options.checkpoint;
  try {
    if (checkpoint?.resume) {
      const resumed = await resumeTraining<ClassifierEpochMetrics>(state, checkpoint);
      history.push(...resumed.history);
      startEpoch = resumed.epochsDone + 1;
    }
    for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
      // Each epoch's randomness depends only on (seed, epoch): a resumed run repeats it exactly.
      const epochRng = createRng(options.seed).fork(epoch);
      const batches = shuffledBatches(labelled.length, batchSize, epochRng);
      const started = performance.now();
      let lossSum = 0;
      let correct = 0;
      let samples = 0;
      for (const [b, positions] of batches.entries()) {
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
        let loss: number;
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
          loss = cost?.dataSync()[0] ?? Number.NaN;
          correct += hits[0]?.dataSync()[0] ?? 0;
        } finally {
          tf.dispose([x, labels, ...hits]);
          cost?.dispose();
        }
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
        trainLoss: lossSum / samples,
        trainAccuracy: correct / samples,
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
