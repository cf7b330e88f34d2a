/**
 * Evaluation of a classifier on a labelled image set: accuracy and the
 * per-class confusion matrix, from the arg-max of the logits.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../../data/index.ts';
import type { Classifier } from './classifier.ts';
import { NeocortexError } from '../../errors.ts';

/** A classifier's test figures: accuracy, per-class accuracy and the confusion matrix. */
export interface ClassificationReport {
  /** Fraction of images whose predicted class is the true one. */
  accuracy: number;
  /** confusion[true][predicted]: how many images of each true class got each prediction. */
  confusion: number[][];
  /** Per true class, the fraction classified right (NaN for a class with no images). */
  perClassAccuracy: number[];
  count: number;
}

/** Count (true, predicted) pairs into a classes × classes matrix. */
export function confusionMatrix(
  trueLabels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  if (trueLabels.length !== predicted.length) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `confusionMatrix: ${trueLabels.length} labels but ${predicted.length} predictions`,
    );
  }
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < trueLabels.length; i++) {
    const row = confusion[trueLabels[i]!];
    const p = predicted[i]!;
    if (row === undefined || !(p >= 0 && p < classes)) {
      throw new NeocortexError(
        'DATA_INVALID',
        `confusionMatrix: pair ${i} (true ${trueLabels[i]}, predicted ${p}) is outside 0..${classes - 1}`,
      );
    }
    row[p]! += 1;
  }
  return confusion;
}

/** Accuracy, per-class accuracy and count, read off a confusion matrix. */
export function reportFromConfusion(confusion: number[][]): ClassificationReport {
  let right = 0;
  let count = 0;
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    right += row[c]!;
    count += total;
    return total > 0 ? row[c]! / total : Number.NaN;
  });
  return { accuracy: count > 0 ? right / count : Number.NaN, confusion, perClassAccuracy, count };
}

/** Anything that scores classes: the feedforward classifiers and the ssvae's class area. */
export type ClassScorer = Pick<Classifier, 'logits'> & { readonly spec: { classes: number } };

/**
 * Classify a test set in batches and report accuracy, per-class accuracy and the confusion
 * matrix.
 */
export function evaluateClassifier(
  model: ClassScorer,
  test: ImageSet,
  options: { batchSize?: number } = {},
): ClassificationReport {
  const batchSize = options.batchSize ?? 500;
  const pixels = test.height * test.width;
  const predicted = new Int32Array(test.count);
  for (let start = 0; start < test.count; start += batchSize) {
    const n = Math.min(batchSize, test.count - start);
    const classes = tf.tidy(() => {
      const x = tf.tensor2d(test.images.subarray(start * pixels, (start + n) * pixels), [
        n,
        pixels,
      ]);
      return tf.argMax(model.logits(x), 1);
    });
    predicted.set(classes.dataSync(), start);
    classes.dispose();
  }
  const classes = model.spec.classes;
  return reportFromConfusion(
    confusionMatrix(test.labels.subarray(0, test.count), predicted, classes),
  );
}
