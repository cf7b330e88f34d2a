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

/** d act(u) / du, elementwise. */
export function activationDerivative(name: ActivationName, u: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    switch (name) {
      case 'linear':
        return tf.onesLike(u);
      case 'relu':
        return tf.step(u);
      case 'tanh':
        return tf.sub(1, tf.square(tf.tanh(u)));
      case 'sigmoid': {
        const s = tf.sigmoid(u);
        return tf.mul(s, tf.sub(1, s));
      }
    }
  });
}
