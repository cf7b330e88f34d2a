/**
 * The unsupervised route's first step: a predictive-coding VAE trained on
 * every image, without labels (models/pcvae/generator.ts). Its checkpoint lets an
 * interrupted experiment continue training, or reuse the finished model, when it runs again.
 */
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import { trainPcVaeOn } from '../../models/pcvae/generator.ts';
import { routeCheckpoint } from './routeCheckpoint.ts';

/** The pcvae of the unsupervised route: its sizes, training length and seed. */
export interface PcVaeRouteOptions {
  /** Size of the latent area z1, or the sizes of the stochastic areas z1, z2, ... bottom to top. */
  latent: number | readonly number[];
  /** Hidden width of the maps into and out of z1, or of each stochastic area (the last repeats). */
  hidden: number | readonly number[];
  /** Training epochs over every image. */
  epochs: number;
  /** Seed of the weights and the batch order. */
  seed: number;
  /** Checkpoint file: written every epoch, resumed from when present. */
  checkpoint?: string;
  /** Called after each training batch (progress). */
  onBatch?: (p: BatchProgress) => void;
}

/**
 * Train a pcvae (Bernoulli likelihood; one stochastic area, or several) on every image of `train`,
 * without labels, resuming from `options.checkpoint` when it exists. Returns
 * the model (the caller disposes it), its training speed and the -ELBO of each
 * epoch; on an error the model is disposed.
 */
export function trainPcVaeRoute(
  train: ImageSet,
  options: PcVaeRouteOptions,
): Promise<{ model: PcVae; samplesPerSecond: number; history: { trainNegElbo: number }[] }> {
  return trainPcVaeOn(train, {
    ...options,
    checkpoint: (spec) => routeCheckpoint(options.checkpoint, spec, train, options.seed).checkpoint,
  });
}
