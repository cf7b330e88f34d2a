/**
 * Losses as small pure functions of tensors. Each returns one value per sample
 * (shape [batch]); callers take the mean. All values are in nats.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * -log p(x | logits) for a Bernoulli likelihood, summed over pixels:
 * softplus(l) - x·l, which is stable for large |l|.
 */
export function bernoulliNegLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1));
}

/** KL( N(mean, exp(logVar)) || N(0, I) ), summed over latent dimensions. */
export function gaussianKlToStandardNormal(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar)), 1)),
  );
}

/** Reparameterised sample mean + exp(logVar / 2) · noise. */
export function reparameterize(
  mean: tf.Tensor2D,
  logVar: tf.Tensor2D,
  noise: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), noise)));
}
