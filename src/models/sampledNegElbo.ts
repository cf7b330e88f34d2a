/**
 * Each image's −ELBO averaged over several posterior draws, the one scorer of the test −ELBO
 * (evaluate.ts), the settled −ELBO (pcvae/evaluate.ts) and the experiments' posterior settling
 * and amortization gap. With one draw it is the model's own `negElboTerms`, to the bit.
 *
 * The importance-weighted bound (pcvae/evaluate.ts, `importanceWeightedLogLikelihood`) draws
 * several posterior samples too but is not this function, for two reasons. Each of its draws
 * must be the log weight log p(x, z) − log q(z | x) of that very sample (the hierarchy's
 * `sampled` estimator), where this −ELBO takes the KL in closed form (the default estimator, a
 * lower variance for the same mean). And its rows are image-major (row i·k + j is image i's
 * j-th sample) where these are draw-major (row s·n + i): the noise of a row is drawn by its
 * position, so making either order the other's would change every number scored so far.
 */
import * as tf from '@tensorflow/tfjs';
import { mapPosterior, type PosteriorParameters } from '../cortex/index.ts';

/**
 * A model whose −ELBO can be scored per image: the VAE, the pcvae and the ssvae's lower part.
 * One that takes a posterior (the pcvae) scores under it; without one, each model scores
 * under its own recognition's.
 */
export interface NegElboScorer {
  /** −ELBO per image and its reconstruction part, [batch] each; noise drawn from `seed`. */
  negElboTerms(
    x: tf.Tensor2D,
    seed: number,
    posterior?: ReadonlyMap<string, PosteriorParameters>,
  ): { negElbo: tf.Tensor1D; reconstruction: tf.Tensor1D };
}

/** The draws of {@link sampledNegElboTerms}. */
export interface NegElboDraws {
  /** Posterior draws per image (1: the model's own `negElboTerms`). */
  samples: number;
  /** Seed of all the draws' noise. */
  seed: number;
  /** Each stochastic area's Gaussian q; omitted, the model's own amortized q. */
  posterior?: ReadonlyMap<string, PosteriorParameters> | undefined;
}

/**
 * Each image's −ELBO and its reconstruction part ([batch] each, nats; new tensors the caller
 * owns), averaged over `samples` draws from `seed`, all in one batch: row s·n + i is image i's
 * s-th draw. With no posterior given, a model with two or more stochastic areas reads each draw
 * of z1 in q(z2 | z1), not its mean.
 */
export function sampledNegElboTerms(
  model: NegElboScorer,
  x: tf.Tensor2D,
  draws: NegElboDraws,
): { negElbo: tf.Tensor1D; reconstruction: tf.Tensor1D } {
  const { samples, seed, posterior } = draws;
  if (samples === 1) return model.negElboTerms(x, seed, posterior);
  return tf.tidy(() => {
    const n = x.shape[0];
    const tile = (t: tf.Tensor2D) => tf.tile(t, [samples, 1]);
    const tiled = posterior === undefined ? undefined : mapPosterior(posterior, tile);
    const terms = model.negElboTerms(tile(x), seed, tiled);
    const mean = (t: tf.Tensor1D) => tf.mean(tf.reshape(t, [samples, n]), 0) as tf.Tensor1D;
    return { negElbo: mean(terms.negElbo), reconstruction: mean(terms.reconstruction) };
  });
}

/** Each image's −ELBO ([batch], nats; the caller owns it) of {@link sampledNegElboTerms}. */
export function sampledNegElbo(
  model: NegElboScorer,
  x: tf.Tensor2D,
  draws: NegElboDraws,
): tf.Tensor1D {
  return tf.tidy(() => sampledNegElboTerms(model, x, draws).negElbo);
}
