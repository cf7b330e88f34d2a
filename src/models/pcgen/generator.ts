/**
 * The generative predictive-coding network as an experiment's generative model: an entry
 * lists its latent areas' sizes bottom to top, its settle and its epochs; it trains by local
 * learning on every image without labels (resuming from its checkpoint), samples ancestrally
 * and reconstructs by settling from rest.
 */
import { z } from 'zod';
import { inChunks } from '../generatorImages.ts';
import { valuesOf, type KindGenerator } from '../kind.ts';
import { trainingFields } from '../modelSpec/schema.ts';
import { PcGen } from './pcgen.ts';
import { pcgenFields } from './spec.ts';
import { trainPcGen } from './train.ts';

/** The entry of a pcgen in an experiment's list of models (without its `name`). */
export const PcGenGeneratorEntry = z
  .object({
    kind: z.literal('pcgen'),
    /** Sizes of the latent areas z1, z2, ... bottom to top. */
    latentSizes: pcgenFields.latentSizes.unwrap().max(8),
    /** Settling iterations T per training batch and before each reconstruction. */
    inferenceSteps: pcgenFields.inferenceSteps.unwrap().max(10_000).default(20),
    /** Training epochs over every training image (no labels). */
    epochs: trainingFields.epochs.unwrap().max(10_000),
  })
  .strict();
/** A validated pcgen entry. */
export type PcGenGeneratorEntry = z.output<typeof PcGenGeneratorEntry>;

/** The pcgen as an experiment's generator. */
export const pcgenGenerator: KindGenerator<PcGenGeneratorEntry> = {
  entry: PcGenGeneratorEntry,
  async train(entry, train, options) {
    const model = new PcGen(
      {
        inputSize: train.height * train.width,
        latentSizes: entry.latentSizes,
        inferenceSteps: entry.inferenceSteps,
      },
      options.seed,
    );
    try {
      const checkpoint = options.checkpoint?.(model.spec);
      const result = await trainPcGen(model, train, {
        epochs: entry.epochs,
        seed: options.seed,
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
        ...(checkpoint !== undefined ? { checkpoint } : {}),
      });
      const size = model.inputSize;
      return {
        sampling:
          'ancestral sampling: the top latent area drawn from N(0, I), each lower one from ' +
          'N(its prediction, I); the image is the Bernoulli means (no encoder: reconstructions settle from rest)',
        history: result.epochs.map((e) => e.trainFreeEnergy),
        sample: (count, seed) => valuesOf(model.sample(count, seed)),
        reconstruct: (images, count) =>
          inChunks(images, count, size, (x) => valuesOf(model.reconstruct(x))),
        dispose: () => model.dispose(),
      };
    } catch (error) {
      model.dispose();
      throw error;
    }
  },
  describe: (entry, inputSize) =>
    `pcgen ${[inputSize, ...entry.latentSizes].join('-')} (T = ${entry.inferenceSteps})`,
};
