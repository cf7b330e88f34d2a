/**
 * Where each variable's values sit in a flat array of all of a model's weights
 * (or of their gradients), in the order of `model.variables()`.
 */
import * as tf from '@tensorflow/tfjs';
import { copyTensorInto } from '../../backend/index.ts';
import { NeocortexError } from '../../errors.ts';

/** Offsets and shapes of a model's variables in one flat array. */
export interface ParameterLayout {
  shapes: number[][];
  offsets: number[];
  sizes: number[];
  /** Values in all. */
  total: number;
}

/** The flat layout of `variables`, in their order. */
export function layoutOf(variables: readonly tf.Variable[]): ParameterLayout {
  const shapes = variables.map((v) => [...v.shape]);
  const sizes = variables.map((v) => v.size);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) {
    offsets.push(total);
    total += size;
  }
  return { shapes, offsets, sizes, total };
}

/** Copy `tensors` (one per variable, in layout order; null: zeros) into `out`. */
export function writeFlat(
  tensors: readonly (tf.Tensor | null)[],
  layout: ParameterLayout,
  out: Float32Array,
): void {
  tensors.forEach((t, i) => {
    if (t === null) {
      out.fill(0, layout.offsets[i]!, layout.offsets[i]! + layout.sizes[i]!);
      return;
    }
    if (t.size !== layout.sizes[i]) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `parameter ${i}: ${t.size} values where the layout has ${layout.sizes[i]}`,
      );
    }
    copyTensorInto(t, out, layout.offsets[i]!);
  });
}

/** One tensor per variable from the flat `values` (new tensors: the caller disposes them). */
export function tensorsOf(values: Float32Array, layout: ParameterLayout): tf.Tensor[] {
  return layout.shapes.map((shape, i) =>
    tf.tensor(values.subarray(layout.offsets[i]!, layout.offsets[i]! + layout.sizes[i]!), shape),
  );
}

/**
 * The update to apply: one entry per variable, the combined gradient's tensor,
 * or null where this thread's own gradient was null (`reached` false) (a variable the objective
 * does not reach: both threads have the same, and Adam leaves it alone).
 */
export function updateOf(
  variables: readonly tf.Variable[],
  update: readonly tf.Tensor[],
  reached: readonly boolean[],
): { name: string; tensor: tf.Tensor }[] {
  return variables.map((v, i) => ({
    name: v.name,
    tensor: (reached[i] === false ? null : update[i]!) as tf.Tensor,
  }));
}
