/**
 * The one copy of the probability densities the cortex and every model use:
 * Bernoulli and Gaussian negative log-densities, the Gaussian KL divergence and
 * the reparameterised sample. Small pure functions of tensors, one value per
 * sample (shape [batch], summed over units), in nats. Callers take the mean.
 */
import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * -log p(x | logits) for a Bernoulli likelihood, summed over units:
 * softplus(l) - x·l, which is stable for large |l|.
 */
export function bernoulliNegLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1));
}

/** -log N(x; mean, diag(exp(logVar))), summed over units. */
export function gaussianNegLogDensity(
  x: tf.Tensor2D,
  mean: tf.Tensor,
  logVar: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(
      0.5,
      tf.sum(
        tf.add(tf.add(logVar, LOG_2PI), tf.div(tf.square(tf.sub(x, mean)), tf.exp(logVar))),
        1,
      ),
    ),
  );
}

/** KL( N(mean, exp(logVar)) ‖ N(0, I) ), summed over units. */
export function gaussianKlToStandardNormal(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar)), 1)),
  );
}

/**
 * KL( N(mean, exp(logVar)) ‖ N(priorMean, exp(priorLogVar)) ), summed over units:
 * ½ Σ [exp(lv − plv) + (m − pm)² / exp(plv) − 1 − (lv − plv)].
 */
export function gaussianKl(
  mean: tf.Tensor2D,
  logVar: tf.Tensor2D,
  priorMean: tf.Tensor2D,
  priorLogVar: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logVar, priorLogVar));
    const mahalanobis = tf.div(tf.square(tf.sub(mean, priorMean)), tf.exp(priorLogVar));
    return tf.mul(
      0.5,
      tf.sum(tf.sub(tf.add(ratio, mahalanobis), tf.add(1, tf.sub(logVar, priorLogVar))), 1),
    );
  });
}

/** The reparameterised sample mean + exp(logVar / 2) · noise, noise ~ N(0, I). */
export function reparameterize(
  mean: tf.Tensor2D,
  logVar: tf.Tensor2D,
  noise: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), noise)));
}

/**
 * Σ w·(softplus(l) − x·l): the Bernoulli −log p(x | logits) with each unit's term weighted
 * by `weights` (its precision; 0 for a unit whose value is unknown), summed over units.
 */
export function weightedBernoulliNegLogLikelihood(
  logits: tf.Tensor2D,
  x: tf.Tensor2D,
  weights: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(weights, tf.sub(tf.softplus(logits), tf.mul(x, logits))), 1));
}

/** Σ q·log q with 0·log 0 = 0, per row: the negative entropy of probability vectors `q`. */
function negEntropy(q: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(q, tf.log(tf.maximum(q, 1e-30))), 1);
}

/** KL( q ‖ softmax(logits) ) per row, for probability vectors `q` (one-hot rows allowed). */
export function categoricalKl(q: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sub(negEntropy(q), tf.sum(tf.mul(q, tf.logSoftmax(logits)), 1)));
}

/** KL( q ‖ uniform over the row's K classes ) = Σ q·log q + log K, per row. */
export function categoricalKlToUniform(q: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.add(negEntropy(q), Math.log(q.shape[1])));
}
