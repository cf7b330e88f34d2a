import * as tf from '@tensorflow/tfjs';

export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 1e-5): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - b[i]!);
    if (!(diff <= tolerance * Math.max(1, Math.abs(b[i]!)))) {
      throw new Error(`index ${i}: ${a[i]} vs ${b[i]} (diff ${diff})`);
    }
  }
}

/** Gradients of `loss` with respect to `variables`, as arrays in the variables' order. */
export function gradientsOf(loss: () => tf.Scalar, variables: tf.Variable[]): Float32Array[] {
  const { value, grads } = tf.variableGrads(loss, variables);
  const out = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
