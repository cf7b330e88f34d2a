/**
 * What a hierarchy accepts as an input or a state, and its conversion to a
 * [batch, size] tensor with a message naming the problem when the shape is wrong.
 */
import * as tf from '@tensorflow/tfjs';

/** A batch of rows: a [batch, size] tensor, a flat array of whole rows, or a list of rows. */
export type InputLike = tf.Tensor2D | Float32Array | number[] | number[][];

/**
 * `input` as a [batch, size] tensor: a tensor of the right shape is returned as
 * it is (the caller still owns it); anything else becomes a new tensor the
 * caller must dispose. `what` names the input in errors.
 */
export function toTensor(input: InputLike, size: number, what: string): tf.Tensor2D {
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2 || input.shape[1] !== size) {
      throw new Error(`${what}: expected shape [batch, ${size}], got [${input.shape.join(', ')}]`);
    }
    return input;
  }
  if (Array.isArray(input) && Array.isArray(input[0])) {
    const rows = input as number[][];
    if (rows.some((r) => r.length !== size)) {
      throw new Error(`${what}: every row needs ${size} values`);
    }
    return tf.tensor2d(rows);
  }
  const flat = input as Float32Array | number[];
  if (flat.length === 0 || flat.length % size !== 0) {
    throw new Error(`${what}: ${flat.length} values is not a whole number of rows of ${size}`);
  }
  return tf.tensor2d(flat, [flat.length / size, size]);
}
