/**
 * Scoring a test set a batch at a time, written once for every scorer (the −ELBO, the settled
 * −ELBO, the importance-weighted −log p(x), a pcgen's free energy and −log p(x), the
 * amortization gap): the images are checked to be a whole, non-zero number of rows, each batch
 * becomes a tensor the visitor reads (and never owns), and progress is reported after each.
 */
import * as tf from '@tensorflow/tfjs';
import { NeocortexError } from '../errors.ts';

/** One batch of a test set, as {@link forEachTestBatch} hands it over. */
export interface TestBatch {
  /** The batch's images, `[size, inputSize]`; disposed after the visit. */
  x: tf.Tensor2D;
  /** The batch's number, from 0 (scorers draw their noise from it). */
  index: number;
  /** The position of its first image in the test set. */
  start: number;
  /** Its number of images. */
  size: number;
}

/** How {@link forEachTestBatch} cuts and reports. */
export interface TestBatchOptions {
  /** Images a batch (the last may have fewer). */
  batchSize: number;
  /** Who scores, for the message of a malformed test set (e.g. `evaluatePcGen`). */
  scorer: string;
  /** Called after each batch with the images visited so far (for a progress bar). */
  onImages?: ((done: number) => void) | undefined;
}

/**
 * Visit the images (rows of `inputSize` values) in batches of `options.batchSize`, in order,
 * and return how many images there are. Values that are not a whole, non-zero number of images
 * are a NeocortexError (`SHAPE_MISMATCH`) naming the scorer, a batch size below 1
 * `OPTION_INVALID`.
 */
export function forEachTestBatch(
  images: Float32Array,
  inputSize: number,
  options: TestBatchOptions,
  visit: (batch: TestBatch) => void,
): number {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `${options.scorer}: the batch size must be a positive whole number, got ${options.batchSize}`,
    );
  }
  const count = images.length / inputSize;
  if (!Number.isInteger(count) || count === 0) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `${options.scorer}: ${images.length} values is not a whole number of images of ${inputSize}`,
    );
  }
  for (let start = 0, index = 0; start < count; start += options.batchSize, index++) {
    const size = Math.min(options.batchSize, count - start);
    const x = tf.tensor2d(images.subarray(start * inputSize, (start + size) * inputSize), [
      size,
      inputSize,
    ]);
    try {
      visit({ x, index, start, size });
    } finally {
      x.dispose();
    }
    options.onImages?.(start + size);
  }
  return count;
}
