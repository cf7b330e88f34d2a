/**
 * The options and results of a hierarchy's calls (settle, learn, negElbo), and the context a
 * tick's phases run in. Kept apart from hierarchy.ts so the class is the behaviour only.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TickMode } from './activity.ts';

/**
 * What {@link Hierarchy.settle} does when an option is not given: 20 iterations, a first step
 * of 0.1 (the README's example).
 */
export const settleDefaults = { iterations: 20, stepSize: 0.1 } as const;

/** Options of {@link Hierarchy.settle}; every one has a default ({@link settleDefaults}). */
export interface SettleOptions {
  /** Iterations of predictions down and errors up after the start (default 20). */
  iterations?: number;
  /**
   * Each image's first gradient step on the free energy (default 0.1). A step
   * that would raise an image's free energy is refused and that image's step
   * halves (see settle.ts), so each image's free energy never rises. The steps
   * carry over when settling continues (`continueFrom: 'current'`) and start
   * again from `stepSize` after a recognition sweep.
   */
  stepSize?: number;
  /**
   * Where the iterations start: `recognition` (default) from a fresh recognition
   * sweep of the input; `current` from the states the areas hold now (the last
   * settle's), so settling can run a few iterations at a time. Continuing N times by
   * one iteration is one settle of N iterations; `prior` from no guess at all: every
   * area but the sensory one at its prior mean (zeros; uniform for a categorical area),
   * which is how a network without amortized recognition starts, and what the
   * encoder's guess is measured against.
   */
  continueFrom?: 'recognition' | 'current' | 'prior';
  /**
   * The fixed-prediction assumption (Millidge et al. 2022): every pathway predicts from the
   * states the areas held when the settle began (their feedforward values), not from the moving
   * ones. The iterations then take plain steps of `stepSize` (no backtracking: the dynamics are
   * no longer a descent on one energy), and a following `learn({ fixedPredictions: true })`
   * uses the same held activity. Under it the local updates equal backprop's gradients.
   */
  fixedPredictions?: boolean;
  /**
   * Also return each area's share of the free energy at every iteration
   * ({@link SettleResult.areaEnergy}); read back with the total, in the same transfer.
   */
  energyByArea?: boolean;
}

/** Options of {@link Hierarchy.learn}. */
export interface LearnOptions {
  /** Applies the local gradients (SGD, Adam, ... from tf.train). */
  optimizer: tf.Optimizer;
  /** Predict from the states held by the last `settle({ fixedPredictions: true })`. */
  fixedPredictions?: boolean;
}

/** What {@link Hierarchy.learn} returns. */
export interface LearnResult {
  /** Mean free energy per sample (nats) at the settled states, before the weights move. */
  freeEnergy: number;
}

/** The Gaussian posterior of a stochastic area: its mean and log-variance, `[batch, size]` each. */
export interface PosteriorParameters {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/** Options of {@link Hierarchy.negElbo}. */
export interface InferOptions {
  /** Seed of the posterior samples' noise. */
  seed: number;
  /** Posterior parameters to use instead of recognition, by area name. */
  posterior?: ReadonlyMap<string, PosteriorParameters>;
  /** `analytic` KL terms (default) or `sampled` log q − log p terms. */
  estimator?: 'analytic' | 'sampled';
}

/** The negative ELBO of a batch, in total and per area. */
export interface NegElboResult {
  /** Per sample, [batch]. */
  negElbo: tf.Tensor1D;
  /** Each area's term, per sample. */
  terms: Record<string, tf.Tensor1D>;
}

/** What {@link Hierarchy.settle} returns. */
export interface SettleResult {
  /** Mean free energy per sample (nats) at each iteration's compare phase. */
  freeEnergy: number[];
  /** Each image's free energy (nats) at each iteration's compare phase: `[iteration][image]`. */
  freeEnergyPerImage: number[][];
  /**
   * With `energyByArea`: each area's energy (mean per sample, nats) at each iteration's
   * compare phase, by area name: `areaEnergy[name][iteration]`. The areas' values of one
   * iteration sum to its `freeEnergy`.
   */
  areaEnergy?: Record<string, number[]>;
}

/** Where a phase runs: its tick, the tick's mode, the settle iteration and the batch size. */
export interface TickContext {
  tick: number;
  mode: TickMode;
  iteration: number;
  batch: number;
}
