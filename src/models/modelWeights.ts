/**
 * A model's weights as one flat Float32Array (every variable in order, row-major)
 * and back: what a training thread sends to the thread that displays the model.
 */
import * as tf from '@tensorflow/tfjs';

/** Copies of every variable's values, end to end. */
export function packWeights(variables: readonly tf.Variable[]): Float32Array {
  const total = variables.reduce((n, v) => n + v.size, 0);
  const flat = new Float32Array(total);
  let offset = 0;
  for (const v of variables) {
    flat.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return flat;
}

/** Assign `flat` (as made by packWeights on variables of the same shapes) to `variables`. */
export function assignWeights(variables: readonly tf.Variable[], flat: Float32Array): void {
  const total = variables.reduce((n, v) => n + v.size, 0);
  if (flat.length !== total) {
    throw new Error(`weights: expected ${total} values for these variables, got ${flat.length}`);
  }
  tf.tidy(() => {
    let offset = 0;
    for (const v of variables) {
      v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32'));
      offset += v.size;
    }
  });
}
