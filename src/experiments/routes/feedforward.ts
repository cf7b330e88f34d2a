/**
 * The discriminative route: the feedforward MLP classifier (784-512-512-10 by
 * default) trained on the labelled images only, for a fixed number of
 * optimisation steps whatever the number of labels, so that a run with 100
 * labels gets as many updates as one with all of them (many epochs of few images).
 */
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import {
  buildClassifier,
  evaluateClassifier,
  trainClassifier,
  type Classifier,
  type ClassificationReport,
} from '../../models/classifier/index.ts';

/** The feedforward route's classifier: training length, seed and shape. */
export interface FeedforwardOptions {
  /** Optimisation steps at least, whatever the number of labelled images. */
  steps: number;
  /** Seed of the weights and the batch order. */
  seed: number;
  /** Images per batch; default 128. */
  batchSize?: number;
  /** Hidden layer sizes; default the classifier's (512, 512). */
  hiddenSizes?: number[];
  /** Called after each training batch (progress). */
  onBatch?: (p: BatchProgress) => void;
}

/** Epochs of `labelled` images in batches of `batchSize` that give at least `steps` steps. */
export function epochsForSteps(labelled: number, batchSize: number, steps: number): number {
  return Math.max(1, Math.ceil(steps / Math.ceil(labelled / batchSize)));
}

/**
 * Train the MLP classifier on the `labelled` images of `train` for enough epochs
 * to make at least `options.steps` steps. Returns the model (the caller
 * disposes it) and the epochs run; on an error the model is disposed.
 */
export async function trainFeedforward(
  train: ImageSet,
  labelled: Int32Array,
  options: FeedforwardOptions,
): Promise<{ model: Classifier; epochs: number }> {
  const batchSize = options.batchSize ?? 128;
  const model = buildClassifier({
    kind: 'mlp',
    inputSize: train.height * train.width,
    classes: train.classNames.length,
    seed: options.seed,
    ...(options.hiddenSizes ? { hiddenSizes: options.hiddenSizes } : {}),
  });
  const epochs = epochsForSteps(labelled.length, batchSize, options.steps);
  try {
    await trainClassifier(model, train, {
      epochs,
      seed: options.seed,
      batchSize,
      labelled,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    return { model, epochs };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Train, score on each test set, dispose. */
export async function feedforwardAccuracy(
  train: ImageSet,
  labelled: Int32Array,
  tests: ImageSet[],
  options: FeedforwardOptions,
): Promise<ClassificationReport[]> {
  const { model } = await trainFeedforward(train, labelled, options);
  try {
    return tests.map((test) => evaluateClassifier(model, test));
  } finally {
    model.dispose();
  }
}
