import * as tf from '@tensorflow/tfjs';

export { expectClose } from '../../helpers/expectClose.ts';

/** Gradients of `loss` with respect to `variables`, as arrays in the variables' order. */
export function gradientsOf(loss: () => tf.Scalar, variables: tf.Variable[]): Float32Array[] {
  const { value, grads } = tf.variableGrads(loss, variables);
  const out = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
