/**
 * Nearest neighbours in pixel space: for each query image, the reference image
 * at the smallest Euclidean distance, e.g. each generated sample's nearest
 * training image. The search is one matrix product per chunk of queries
 * (‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r, with the references transposed once: a
 * plain product is much faster on wasm than one with `transposeB`); the
 * reported distance is then recomputed exactly, in float64, for the pair found.
 */
import * as tf from '@tensorflow/tfjs';

/** Each query's nearest reference: its index and its Euclidean distance. */
export interface NearestNeighbours {
  /** Index of the nearest reference image, per query. */
  index: Int32Array;
  /** Euclidean distance to it, per query. */
  distance: Float64Array;
}

function countOf(values: Float32Array, dim: number, what: string): number {
  const count = values.length / dim;
  if (!Number.isInteger(count)) {
    throw new Error(
      `nearestNeighbours: ${what} hold ${values.length} values, not a whole number of ${dim}-pixel images`,
    );
  }
  return count;
}

/**
 * For each of the images in `queries` (stored one after another, `dim` values
 * each), the nearest of the images in `references` by Euclidean distance.
 * Queries are searched `chunk` at a time (default 500). No reference images is
 * an error.
 */
export function nearestNeighbours(
  queries: Float32Array,
  references: Float32Array,
  dim: number,
  options: { chunk?: number } = {},
): NearestNeighbours {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`nearestNeighbours: dim must be ≥ 1, got ${dim}`);
  const queryCount = countOf(queries, dim, 'queries');
  const referenceCount = countOf(references, dim, 'references');
  if (referenceCount === 0) throw new Error('nearestNeighbours: no reference images');
  const chunk = options.chunk ?? 500;
  const index = new Int32Array(queryCount);
  const [referencesT, referenceNorms] = tf.tidy(() => {
    const r = tf.tensor2d(references, [referenceCount, dim]);
    const t = tf.transpose(r);
    return [t, tf.sum(tf.square(t), 0)];
  });
  try {
    for (let start = 0; start < queryCount; start += chunk) {
      const n = Math.min(chunk, queryCount - start);
      const nearest = tf.tidy(() => {
        const q = tf.tensor2d(queries.subarray(start * dim, (start + n) * dim), [n, dim]);
        const squared = tf.add(
          tf.sub(tf.sum(tf.square(q), 1, true), tf.mul(2, tf.matMul(q, referencesT))),
          referenceNorms,
        );
        return tf.argMin(squared, 1);
      });
      index.set(nearest.dataSync(), start);
      nearest.dispose();
    }
  } finally {
    tf.dispose([referencesT, referenceNorms]);
  }
  const distance = new Float64Array(queryCount);
  for (let i = 0; i < queryCount; i++) {
    const q = i * dim;
    const r = index[i]! * dim;
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += (queries[q + k]! - references[r + k]!) ** 2;
    distance[i] = Math.sqrt(sum);
  }
  return { index, distance };
}
