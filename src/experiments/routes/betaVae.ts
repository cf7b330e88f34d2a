/**
 * A beta-VAE (Higgins et al. 2017) for the compression experiments: the plain
 * Bernoulli VAE trained on reconstruction + beta · KL. With beta = 1 it is the
 * ordinary VAE. Its checkpoint lets an interrupted experiment continue.
 */
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import { trainGenerative } from '../../models/trainGenerative.ts';
import { Vae } from '../../models/vae.ts';
import { routeCheckpoint } from './routeCheckpoint.ts';

/** The beta-VAE's sizes, KL weight, training length and seed. */
export interface BetaVaeOptions {
  /** Latent units. */
  latent: number;
  /** Width of the one hidden layer of the encoder and of the decoder. */
  hidden: number;
  /** Weight on the KL in the training objective. */
  beta: number;
  /** Training epochs over every image. */
  epochs: number;
  /** Seed of the weights, the batch order and the noise. */
  seed: number;
  /** Checkpoint file: written every epoch, resumed from when present. */
  checkpoint?: string;
  /** Called after each training batch (progress). */
  onBatch?: (p: BatchProgress) => void;
}

/**
 * Train a beta-VAE on every image of `train` (dynamically binarised), resuming
 * from `options.checkpoint` when it exists. Returns the model (the caller
 * disposes it) and each epoch's train -ELBO (the plain one, whatever beta);
 * on an error the model is disposed.
 */
export async function trainBetaVae(
  train: ImageSet,
  options: BetaVaeOptions,
): Promise<{ model: Vae; history: number[] }> {
  const model = new Vae(
    {
      inputSize: train.height * train.width,
      hiddenSizes: [options.hidden],
      latentSize: options.latent,
      likelihood: 'bernoulli',
      beta: options.beta,
    },
    options.seed,
  );
  const { checkpoint } = options;
  try {
    const result = await trainGenerative(model, train, {
      epochs: options.epochs,
      seed: options.seed,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      ...routeCheckpoint(checkpoint, model.spec, train, options.seed),
    });
    return { model, history: result.epochs.map((e) => e.trainNegElbo) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
