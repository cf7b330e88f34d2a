/**
 * What a hierarchy accepts as an input or a state, and its conversion to a
 * [batch, size] tensor with a message naming the problem when the shape is wrong.
 */
import * as tf from '@tensorflow/tfjs';
import { NeocortexError } from '../errors.ts';

/** A batch of rows: a [batch, size] tensor, a flat array of whole rows, or a list of rows. */
export type InputLike = tf.Tensor2D | Float32Array | number[] | number[][];

/**
 * `input` as a [batch, size] tensor: a tensor of the right shape is returned as
 * it is (the caller still owns it); anything else becomes a new tensor the
 * caller must dispose. `what` names the input in errors, which have code `SHAPE_MISMATCH`.
 */
export function toTensor(input: InputLike, size: number, what: string): tf.Tensor2D {
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2 || input.shape[1] !== size) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `${what}: expected shape [batch, ${size}], got [${input.shape.join(', ')}]`,
      );
    }
    return input;
  }
  if (Array.isArray(input) && Array.isArray(input[0])) {
    const rows = input as number[][];
    const bad = rows.findIndex((r) => !Array.isArray(r) || r.length !== size);
    if (bad !== -1) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `${what}: every row needs ${size} values; row ${bad} has ${Array.isArray(rows[bad]) ? rows[bad].length : 'none'}`,
      );
    }
    return tf.tensor2d(rows);
  }
  if (!(input instanceof Float32Array) && !Array.isArray(input)) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `${what}: expected a [batch, ${size}] tensor, a Float32Array or an array of rows, got ${input === null ? 'null' : typeof input}`,
    );
  }
  const flat = input as Float32Array | number[];
  if (flat.length === 0 || flat.length % size !== 0) {
    throw new NeocortexError(
      'SHAPE_MISMATCH',
      `${what}: ${flat.length} values is not a whole number of rows of ${size}`,
    );
  }
  return tf.tensor2d(flat, [flat.length / size, size]);
}
