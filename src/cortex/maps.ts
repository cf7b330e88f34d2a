/**
 * The weights between two areas. A map is a small MLP: hidden layers with ReLU
 * and a bias, then a final linear layer WITHOUT bias, so that it produces a
 * *drive*. The receiving area adds its own bias and nonlinearity, which means a
 * silent (lesioned) pathway leaves the area at its bias: its prior.
 */
import * as tf from '@tensorflow/tfjs';
import { applyDense, createDense, disposeDense, type Dense } from './dense.ts';

/**
 * A map between two areas: hidden dense layers, then a last linear layer without bias (the
 * receiving area adds its own).
 */
export interface CortexMap {
  readonly inSize: number;
  readonly outSize: number;
  readonly hidden: readonly Dense[];
  readonly weight: tf.Variable<tf.Rank.R2>;
}

export function createMap(
  inSize: number,
  hiddenSizes: readonly number[],
  outSize: number,
  seed: number,
): CortexMap {
  const sizes = [inSize, ...hiddenSizes];
  const hidden = hiddenSizes.map((h, i) => createDense(sizes[i]!, h, seed + 2 * i));
  const last = sizes.at(-1)!;
  const bound = 1 / Math.sqrt(last);
  const weight = tf.tidy(() =>
    tf.variable<tf.Rank.R2>(
      tf.randomUniform<tf.Rank.R2>([last, outSize], -bound, bound, 'float32', seed + 101),
      true,
    ),
  );
  return { inSize, outSize, hidden, weight };
}

/** The drive the map produces from `x` ([batch, inSize] to [batch, outSize]). */
export function applyMap(map: CortexMap, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const layer of map.hidden) h = applyDense(layer, h, 'relu');
    return tf.matMul(h, map.weight);
  });
}

/**
 * Jᵀ·e: the map's Jacobian at `x`, transposed, applied to `e` (a vector-Jacobian
 * product). For a single linear layer that is e·Wᵀ; with hidden layers it is
 * taken by automatic differentiation.
 */
export function transposeJacobian(map: CortexMap, x: tf.Tensor2D, e: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    if (map.hidden.length === 0) return tf.matMul(e, map.weight, false, true);
    const vjp = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(applyMap(map, input as tf.Tensor2D), e)),
    );
    return vjp(x) as tf.Tensor2D;
  });
}

export function mapVariables(map: CortexMap): tf.Variable[] {
  return [...map.hidden.flatMap((l) => [l.weight, l.bias]), map.weight];
}

export function disposeMap(map: CortexMap): void {
  for (const layer of map.hidden) disposeDense(layer);
  map.weight.dispose();
}
