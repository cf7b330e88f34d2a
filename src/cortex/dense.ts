/**
 * A dense (fully connected) map y = act(x·W + b), the weights of one pathway.
 * Initialised like PyTorch's nn.Linear: W, b ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 */
import * as tf from '@tensorflow/tfjs';
import { fusedDense } from '../backend/denseKernel.ts';

export type Activation = 'linear' | 'relu' | 'sigmoid';

export interface Dense {
  readonly weight: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

export function createDense(inSize: number, outSize: number, seed: number): Dense {
  const bound = 1 / Math.sqrt(inSize);
  return tf.tidy(() => ({
    weight: tf.variable<tf.Rank.R2>(
      tf.randomUniform<tf.Rank.R2>([inSize, outSize], -bound, bound, 'float32', seed),
      true,
    ),
    bias: tf.variable<tf.Rank.R1>(
      tf.randomUniform<tf.Rank.R1>([outSize], -bound, bound, 'float32', seed + 1),
      true,
    ),
  }));
}

/** act(x·W + b): one fused kernel where the backend has the project's (wasm), else tf.fused.matMul. */
export function applyDense(layer: Dense, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return fusedDense(x, layer.weight, layer.bias, activation);
}

export function disposeDense(layer: Dense): void {
  layer.weight.dispose();
  layer.bias.dispose();
}
