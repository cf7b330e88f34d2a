/**
 * Small operations on a posterior given per area (each stochastic area's Gaussian q as its
 * mean and log-variance, {@link PosteriorParameters}), written once for the scorers, the
 * settling and the experiments that tile, slice and free them.
 */
import * as tf from '@tensorflow/tfjs';
import type { PosteriorParameters } from './hierarchyTypes.ts';

/**
 * Each area's posterior with `f` applied to its mean and to its log-variance, both in the
 * same way (tiled for several draws, sliced to some images...); new tensors unless `f` returns
 * its argument.
 */
export function mapPosterior(
  posterior: ReadonlyMap<string, PosteriorParameters>,
  f: (rows: tf.Tensor2D) => tf.Tensor2D,
): Map<string, PosteriorParameters> {
  return new Map(
    [...posterior].map(([name, p]) => [name, { mean: f(p.mean), logVar: f(p.logVar) }]),
  );
}

/** Free every mean and log-variance of a posterior. */
export function disposePosterior(posterior: ReadonlyMap<string, PosteriorParameters>): void {
  tf.dispose([...posterior.values()].flatMap((p) => [p.mean, p.logVar]));
}
