/**
 * A model's weights as one flat Float32Array (every variable in order, row-major)
 * and back: what a training thread sends to the thread that displays the model;
 * and a trained model's weights (a checkpoint's) into a model of the same shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, type NamedArray } from './checkpoint.ts';
import { NeocortexError } from '../errors.ts';

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
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `weights: expected ${total} values for these variables, got ${flat.length}`,
    );
  }
  tf.tidy(() => {
    let offset = 0;
    for (const v of variables) {
      v.assign(tf.tensor(flat.subarray(offset, offset + v.size), v.shape, 'float32'));
      offset += v.size;
    }
  });
}

/**
 * Assign a trained model's weights (as a checkpoint holds them, in variable order) to
 * `variables`, after checking every one's shape: a difference is a CheckpointError naming
 * the weight and both shapes, and then nothing is changed.
 */
export function assignTrainedWeights(
  variables: readonly tf.Variable[],
  weights: readonly NamedArray[],
  file: string,
): void {
  if (weights.length !== variables.length) {
    throw new CheckpointError(
      file,
      `holds ${weights.length} weights, but this model has ${variables.length}`,
    );
  }
  variables.forEach((v, i) => {
    const saved = weights[i]!.shape.join('x');
    if (saved !== v.shape.join('x')) {
      throw new CheckpointError(
        file,
        `weight ${i} is ${saved || 'a scalar'}, but this model's is ${v.shape.join('x') || 'a scalar'}`,
      );
    }
  });
  tf.tidy(() => {
    variables.forEach((v, i) => v.assign(tf.tensor(weights[i]!.values, v.shape, 'float32')));
  });
}
