/**
 * The predictive-coding VAE as an experiment's generative model: an entry lists its stochastic
 * areas' sizes bottom to top, their maps' hidden widths and its epochs; it trains on every
 * image without labels (resuming from its checkpoint) and samples ancestrally.
 */
import { z } from 'zod';
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../epochLoop.ts';
import { inChunks } from '../generatorImages.ts';
import type { GeneratorTraining, KindGenerator } from '../kind.ts';
import type { CheckpointOptions } from '../trainingCheckpoint.ts';
import { trainGenerative, type EpochMetrics } from '../trainGenerative.ts';
import { PcVae } from './pcvae.ts';
import { trainingFields } from '../modelSpec/schema.ts';
import { StochasticAreaSpec } from './spec.ts';

/** An experiment's list holds at most this many stochastic areas (and hidden widths). */
const MAX_AREAS = 8;

/** The entry of a pcvae in an experiment's list of models (without its `name`). */
export const PcVaeGeneratorEntry = z
  .object({
    kind: z.literal('pcvae'),
    /** Sizes of the stochastic areas z1, z2, ... bottom to top. */
    latentSizes: z.array(StochasticAreaSpec.shape.size).min(1).max(MAX_AREAS),
    /** Hidden width of the maps into and out of each stochastic area (the last repeats). */
    hiddenSizes: z.array(StochasticAreaSpec.shape.hidden.unwrap()).min(1).max(MAX_AREAS),
    /** Training epochs over every training image (no labels). */
    epochs: trainingFields.epochs.unwrap().max(10_000),
  })
  .strict();
/** A validated pcvae entry. */
export type PcVaeGeneratorEntry = z.output<typeof PcVaeGeneratorEntry>;

/** A pcvae's sizes, training length and seed, for {@link trainPcVaeOn}. */
export interface PcVaeTraining {
  /** Size of the latent area z1, or the sizes of the stochastic areas z1, z2, ... bottom to top. */
  latent: number | readonly number[];
  /** Hidden width of the maps into and out of z1, or of each stochastic area (the last repeats). */
  hidden: number | readonly number[];
  /** Training epochs over every image. */
  epochs: number;
  /** Seed of the weights and the batch order. */
  seed: number;
  /** The checkpoint to write every epoch and resume from, given the model's spec. */
  checkpoint?: ((spec: object) => CheckpointOptions | undefined) | undefined;
  /** Called after each training batch (progress). */
  onBatch?: ((p: BatchProgress) => void) | undefined;
}

/**
 * Train a pcvae (Bernoulli likelihood; one stochastic area, or several) on every image of
 * `train`, without labels. Returns the model (the caller disposes it), its training speed and
 * the -ELBO of each epoch; on an error the model is disposed.
 */
export async function trainPcVaeOn(
  train: ImageSet,
  options: PcVaeTraining,
): Promise<{ model: PcVae; samplesPerSecond: number; history: EpochMetrics[] }> {
  const model = new PcVae(
    {
      inputSize: train.height * train.width,
      latentSizes: typeof options.latent === 'number' ? [options.latent] : [...options.latent],
      hiddenSizes: typeof options.hidden === 'number' ? [options.hidden] : [...options.hidden],
      likelihood: 'bernoulli',
    },
    options.seed,
  );
  try {
    const checkpoint = options.checkpoint?.(model.spec);
    const result = await trainGenerative(model, train, {
      epochs: options.epochs,
      seed: options.seed,
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
      ...(checkpoint !== undefined ? { checkpoint } : {}),
    });
    return { model, samplesPerSecond: result.samplesPerSecond, history: result.epochs };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The pcvae as an experiment's generator. */
export const pcvaeGenerator: KindGenerator<PcVaeGeneratorEntry> = {
  entry: PcVaeGeneratorEntry,
  async train(entry, train, options: GeneratorTraining) {
    const { model, history } = await trainPcVaeOn(train, {
      latent: entry.latentSizes,
      hidden: entry.hiddenSizes,
      epochs: entry.epochs,
      ...options,
    });
    const size = model.inputSize;
    const { hierarchy } = model;
    return {
      sampling:
        'ancestral sampling: the top stochastic area drawn from N(0, I), each lower one from ' +
        'N(its prediction, its prior variance); the image is the Bernoulli means',
      history: history.map((h) => h.trainNegElbo),
      sample(count, seed) {
        return hierarchy
          .generate(undefined, { seed, batch: count, sample: true })
          .dataSync()
          .slice() as Float32Array;
      },
      reconstruct(images, count) {
        return inChunks(images, count, size, (x) => {
          // Recognition up (posterior means); each area then predicts the one below from its
          // own recognized state, and the image is the sensory area's prediction.
          const rebuilt = model.reconstruct(x);
          try {
            return rebuilt.dataSync().slice() as Float32Array;
          } finally {
            rebuilt.dispose();
          }
        });
      },
      dispose: () => model.dispose(),
    };
  },
  describe(entry, inputSize) {
    const layers = entry.latentSizes.flatMap((size, i) => [
      entry.hiddenSizes[Math.min(i, entry.hiddenSizes.length - 1)]!,
      size,
    ]);
    return `pcvae ${[inputSize, ...layers].join('-')}`;
  },
};
