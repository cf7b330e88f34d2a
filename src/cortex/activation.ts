/** Area nonlinearities and their derivatives, as tensor functions. */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from './spec.ts';

export function activate(name: ActivationName, u: tf.Tensor2D): tf.Tensor2D {
  switch (name) {
    case 'linear':
      return u;
    case 'relu':
      return tf.relu(u);
    case 'tanh':
      return tf.tanh(u);
    case 'sigmoid':
      return tf.sigmoid(u);
  }
}

/**
 * Multiply `error` by d act(u) / du, elementwise, reusing μ = act(u) where the
 * derivative is a function of it (tanh: 1 − μ², sigmoid: μ(1 − μ)). For a linear
 * area the error passes unchanged, with no kernel at all.
 */
export function throughActivationDerivative(
  name: ActivationName,
  error: tf.Tensor2D,
  u: tf.Tensor2D,
  mu: tf.Tensor2D,
): tf.Tensor2D {
  switch (name) {
    case 'linear':
      return error;
    case 'relu':
      return tf.mul(error, tf.step(u));
    case 'tanh':
      return tf.mul(error, tf.sub(1, tf.square(mu)));
    case 'sigmoid':
      return tf.mul(error, tf.mul(mu, tf.sub(1, mu)));
  }
}
