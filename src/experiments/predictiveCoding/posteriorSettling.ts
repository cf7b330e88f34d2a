/**
 * Settling a pcvae's posterior, means AND log-variances, per image: from the
 * encoder's guess (each stochastic area's Gaussian as the deterministic recognition sweep
 * gives it, so with two or more areas q is factorised across areas and z2's guess is read
 * from z1's mean), Adam steps on each image's -ELBO (fresh reparameterisation
 * noise every step, Cremer et al. 2018's local optimisation of q). Adam moves
 * each parameter by its own gradient history, so every image follows its own
 * -ELBO whatever else is in the batch. At chosen iterations the -ELBO of each
 * image is scored under one fixed evaluation noise (the same draw at every
 * checkpoint, so the curve is not shaken by the noise).
 */
import * as tf from '@tensorflow/tfjs';
import { disposePosterior, type PosteriorParameters } from '../../cortex/index.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import { sampledNegElbo } from '../../models/sampledNegElbo.ts';

/** How {@link settlePosterior} optimises and scores the posterior. */
export interface PosteriorSettlingOptions {
  /** Iterations after which each image's -ELBO is scored (0: the encoder's guess), ascending. */
  checkpoints: readonly number[];
  /** Adam's learning rate on the means and log-variances. */
  learningRate: number;
  /** Posterior samples per image in each step's -ELBO estimate. */
  samples: number;
  /** Posterior samples per image when scoring (the analytic KL, a sampled reconstruction). */
  evalSamples: number;
  /** Seed of the steps' noise (step t uses seed + t). */
  seed: number;
  /** Seed of the scoring noise, the same at every checkpoint. */
  evalSeed: number;
}

/** What {@link settlePosterior} returns. */
export interface PosteriorSettlingResult {
  /** Each image's -ELBO (nats) at each checkpoint: `[checkpoint][image]`. */
  negElbo: number[][];
  /** The posterior after the last checkpoint's iterations; the caller disposes it. */
  posterior: Map<string, PosteriorParameters>;
}

/**
 * Optimise each image's posterior (means and log-variances of every stochastic
 * area) from the encoder's guess by Adam on its -ELBO, scoring every image at
 * each checkpoint. An empty or unsorted checkpoint list, or a negative
 * checkpoint, is an error.
 */
export function settlePosterior(
  model: PcVae,
  x: tf.Tensor2D,
  options: PosteriorSettlingOptions,
): PosteriorSettlingResult {
  const { checkpoints } = options;
  if (checkpoints.length === 0) throw new Error('settlePosterior: no checkpoints');
  checkpoints.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || (i > 0 && c <= checkpoints[i - 1]!)) {
      throw new Error(
        `settlePosterior: checkpoints must be ascending whole numbers from 0, got ${checkpoints.join(', ')}`,
      );
    }
  });
  const start = model.recognizePosterior(x);
  const names = [...start.keys()];
  const means = names.map((n) => tf.variable(start.get(n)!.mean, true));
  const logVars = names.map((n) => tf.variable(start.get(n)!.logVar, true));
  disposePosterior(start);
  const posteriorOf = () =>
    new Map(
      names.map((n, i) => [n, { mean: means[i]!, logVar: logVars[i]! } as PosteriorParameters]),
    );
  const optimizer = tf.train.adam(options.learningRate);
  const negElbo: number[][] = [];
  try {
    const last = checkpoints.at(-1)!;
    for (let t = 0; t <= last; t++) {
      if (checkpoints.includes(t)) {
        const scored = sampledNegElbo(model, x, {
          samples: options.evalSamples,
          seed: options.evalSeed,
          posterior: posteriorOf(),
        });
        negElbo.push(Array.from(scored.dataSync()));
        scored.dispose();
      }
      if (t === last) break;
      // The sum over images: each image's parameters get its own -ELBO's gradient.
      const cost = optimizer.minimize(
        () =>
          tf.sum(
            sampledNegElbo(model, x, {
              samples: options.samples,
              seed: options.seed + t,
              posterior: posteriorOf(),
            }),
          ),
        false,
        [...means, ...logVars],
      );
      cost?.dispose();
    }
    return {
      negElbo,
      posterior: new Map(
        names.map((n, i) => [n, { mean: tf.clone(means[i]!), logVar: tf.clone(logVars[i]!) }]),
      ),
    };
  } finally {
    optimizer.dispose();
    tf.dispose([...means, ...logVars]);
  }
}
