/**
 * A dense (fully connected) map y = act(x·W + b), the weights of one pathway.
 * Initialised like PyTorch's nn.Linear: W, b ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
 */
import * as tf from '@tensorflow/tfjs';

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

export function applyDense(layer: Dense, x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.weight, bias: layer.bias, activation }) as tf.Tensor2D;
}

export function disposeDense(layer: Dense): void {
  layer.weight.dispose();
  layer.bias.dispose();
}
