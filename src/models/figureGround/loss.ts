/**
 * The figure-ground likelihood and negative ELBO, as pure functions of tensors
 * (one value per image, [batch], in nats). Each pixel comes from the object
 * with probability m (the mask) and from the background otherwise:
 *
 *   p(x_i) = m_i · Bernoulli(x_i; σ(o_i)) + (1 − m_i) · Bernoulli(x_i; σ(b_i)),
 *
 * and its log is taken with logsumexp over the two components, in log space
 * throughout (log m = −softplus(−a), log(1 − m) = −softplus(a) for mask logits a),
 * so no probability is ever rounded to 0 before its log.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKlToStandardNormal } from '../../cortex/densities.ts';
import { NeocortexError } from '../../errors.ts';

/** Per-pixel log Bernoulli(x; σ(logits)) = x·l − softplus(l), [batch, pixels]. */
function bernoulliLogProbability(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.mul(x, logits), tf.softplus(logits));
}

/**
 * Per-pixel log Bernoulli(x; c·σ(l)) for a ceiling c in (0, 1): a pixel is on with
 * probability at most c. log p(1) = log c + l − softplus(l); log p(0) =
 * log(1 − c·σ(l)) = softplus(l + log(1 − c)) − softplus(l). With c = 1 it is the
 * plain Bernoulli.
 */
export function cappedBernoulliLogProbability(
  logits: tf.Tensor2D,
  x: tf.Tensor2D,
  ceiling: number,
): tf.Tensor2D {
  if (!(ceiling > 0 && ceiling <= 1)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `a Bernoulli ceiling must be in (0, 1], got ${ceiling}`,
    );
  }
  if (ceiling === 1) return bernoulliLogProbability(logits, x);
  return tf.tidy(() => {
    const softplus = tf.softplus(logits);
    const on = tf.sub(tf.add(logits, Math.log(ceiling)), softplus);
    const off = tf.sub(tf.softplus(tf.add(logits, Math.log1p(-ceiling))), softplus);
    return tf.add(tf.mul(x, on), tf.mul(tf.sub(1, x), off));
  });
}

/**
 * −log p(x | object, background, mask), summed over pixels, [batch]: the
 * negative log of the per-pixel mixture m·p(x|object) + (1−m)·p(x|background).
 * All tensors are [batch, pixels]; `maskLogits` are the logits of m. A
 * background pixel is on with probability `backgroundCeiling`·σ(background
 * logit) (default 1: a plain Bernoulli).
 */
export function mixtureNegLogLikelihood(
  x: tf.Tensor2D,
  objectLogits: tf.Tensor2D,
  backgroundLogits: tf.Tensor2D,
  maskLogits: tf.Tensor2D,
  backgroundCeiling = 1,
): tf.Tensor1D {
  return tf.tidy(() => {
    const fromObject = tf.sub(
      bernoulliLogProbability(objectLogits, x),
      tf.softplus(tf.neg(maskLogits)),
    );
    const fromBackground = tf.sub(
      cappedBernoulliLogProbability(backgroundLogits, x, backgroundCeiling),
      tf.softplus(maskLogits),
    );
    const perPixel = tf.logSumExp(tf.stack([fromObject, fromBackground]), 0);
    return tf.neg(tf.sum(perPixel, 1)) as tf.Tensor1D;
  });
}

/** A Gaussian posterior over one latent area: mean and log-variance, [batch, latent]. */
export type Posterior = {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
};

/** The parts of the figure-ground −ELBO, per image, in nats. */
export type FigureGroundTerms = {
  /** −log p(x | z_o, z_b) + KL_o + KL_b. */
  negElbo: tf.Tensor1D;
  /** −log p(x | z_o, z_b): the mixture's reconstruction term. */
  reconstruction: tf.Tensor1D;
  /** KL(q(z_o | x) ‖ p(z_o)): what the object latent costs. */
  objectKl: tf.Tensor1D;
  /** KL(q(z_b | x) ‖ p(z_b)): what the background latent costs. */
  backgroundKl: tf.Tensor1D;
};

/**
 * The single-sample −ELBO of the figure-ground model from its pieces: the
 * mixture's reconstruction term (background pixels capped at
 * `backgroundCeiling`) plus both KL terms to N(0, I) priors.
 */
export function figureGroundNegElbo(
  x: tf.Tensor2D,
  generated: { objectLogits: tf.Tensor2D; backgroundLogits: tf.Tensor2D; maskLogits: tf.Tensor2D },
  object: Posterior,
  background: Posterior,
  backgroundCeiling = 1,
): FigureGroundTerms {
  return tf.tidy(() => {
    const reconstruction = mixtureNegLogLikelihood(
      x,
      generated.objectLogits,
      generated.backgroundLogits,
      generated.maskLogits,
      backgroundCeiling,
    );
    const objectKl = gaussianKlToStandardNormal(object.mean, object.logVar);
    const backgroundKl = gaussianKlToStandardNormal(background.mean, background.logVar);
    const negElbo = tf.addN([reconstruction, objectKl, backgroundKl]) as tf.Tensor1D;
    return { negElbo, reconstruction, objectKl, backgroundKl };
  });
}
