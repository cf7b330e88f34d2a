/**
 * Generative models an experiment can sample from, as data: each entry of an
 * experiment's `models` list names a model, its kind and its sizes, and
 * {@link trainGenerator} trains it and hands back a {@link PriorGenerator}.
 * A new kind of generative model (e.g. a generative predictive-coding
 * network) is one more member of {@link GeneratorSpec} and one more trainer
 * in the table below; experiments then list it like any other.
 */
import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import { wholeNumber } from '../../cortex/specFields.ts';
import type { ImageSet } from '../../data/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import { PcGen, trainPcGen } from '../../models/pcgen/index.ts';
import { trainPcVaeRoute } from './pcvae.ts';
import { routeCheckpoint } from './routeCheckpoint.ts';

const generatorName = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, 'a model name starts with a letter: letters, digits, _ . and -')
  .max(64);

/** A predictive-coding VAE: its stochastic areas' sizes bottom to top, their maps' hidden widths, its epochs. */
export const PcVaeGeneratorSpec = z
  .object({
    /** The model's name in tables, plots and cell keys, e.g. `pcvae-2`. */
    name: generatorName,
    kind: z.literal('pcvae'),
    /** Sizes of the stochastic areas z1, z2, ... bottom to top. */
    latentSizes: z.array(wholeNumber(1, 10_000)).min(1).max(8),
    /** Hidden width of the maps into and out of each stochastic area (the last repeats). */
    hiddenSizes: z.array(wholeNumber(1, 16_384)).min(1).max(8),
    /** Training epochs over every training image (no labels). */
    epochs: wholeNumber(1, 10_000),
  })
  .strict();

/** A validated pcvae entry. */
export type PcVaeGeneratorSpec = z.infer<typeof PcVaeGeneratorSpec>;

/**
 * A generative predictive-coding network (pcgen: no encoder, latents found by settling, local
 * learning): its latent areas' sizes bottom to top, its settle and its epochs.
 */
export const PcGenGeneratorSpec = z
  .object({
    /** The model's name in tables, plots and cell keys, e.g. `pcgen`. */
    name: generatorName,
    kind: z.literal('pcgen'),
    /** Sizes of the latent areas z1, z2, ... bottom to top. */
    latentSizes: z.array(wholeNumber(1, 10_000)).min(1).max(8),
    /** Settling iterations T per training batch and before each reconstruction. */
    inferenceSteps: wholeNumber(1, 10_000).default(20),
    /** Training epochs over every training image (no labels). */
    epochs: wholeNumber(1, 10_000),
  })
  .strict();

/** One generative model of an experiment's list, told apart by `kind`. */
export const GeneratorSpec = z.discriminatedUnion('kind', [PcVaeGeneratorSpec, PcGenGeneratorSpec]);
/** A validated generative model entry. */
export type GeneratorSpec = z.infer<typeof GeneratorSpec>;

/** A list of `item`s (each with a `name`) whose names are used once each (cell keys use them). */
export function namedList<T extends z.ZodType<{ name: string }>>(item: T) {
  return z
    .array(item)
    .min(1)
    .max(16)
    .superRefine((models, ctx) => {
      const seen = new Map<string, number>();
      models.forEach((model, i) => {
        const first = seen.get(model.name);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'name'],
            message: `"${model.name}" is already the name of models[${first}]`,
          });
        } else seen.set(model.name, i);
      });
    });
}

/** A list of generative models whose names are used once each. */
export const GeneratorList = namedList(GeneratorSpec);

/** A trained generative model, seen from outside: samples from its prior, reconstructions of images. */
export interface PriorGenerator {
  /**
   * `count` images generated from the prior, seeded by `seed`, as pixel
   * probabilities (the sensory area's Bernoulli means), one image after another.
   */
  sample(count: number, seed: number): Float32Array;
  /** Each of `count` images recognised and generated back down, as pixel probabilities. */
  reconstruct(images: Float32Array, count: number): Float32Array;
  /** A line saying how its samples are drawn, for reports. */
  readonly sampling: string;
  /** Its training loss per epoch (nats): the -ELBO for a pcvae, the settled free energy for a pcgen. */
  readonly history: number[];
  /** Free its weights. */
  dispose(): void;
}

/** How to train one generator: its seed, its checkpoint and a progress callback. */
export interface TrainGeneratorOptions {
  /** Seed of the weights and the batch order. */
  seed: number;
  /** Checkpoint file: written every epoch, resumed from when present. */
  checkpoint?: string;
  /** Called after each training batch. */
  onBatch?: (p: BatchProgress) => void;
}

const CHUNK = 500;

/** Run `each` over the images in chunks and put the outputs one after another. */
function inChunks(
  images: Float32Array,
  count: number,
  size: number,
  each: (x: tf.Tensor2D) => Float32Array,
): Float32Array {
  const out = new Float32Array(count * size);
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const x = tf.tensor2d(images.subarray(start * size, (start + n) * size), [n, size]);
    try {
      out.set(each(x), start * size);
    } finally {
      x.dispose();
    }
  }
  return out;
}

function pcvaeGenerator(model: PcVae, history: number[]): PriorGenerator {
  const size = model.inputSize;
  const { hierarchy } = model;
  return {
    sampling:
      'ancestral sampling: the top stochastic area drawn from N(0, I), each lower one from ' +
      'N(its prediction, its prior variance); the image is the Bernoulli means',
    history,
    sample(count, seed) {
      return hierarchy
        .generate(undefined, { seed, batch: count, sample: true })
        .dataSync()
        .slice() as Float32Array;
    },
    reconstruct(images, count) {
      return inChunks(images, count, size, (x) => {
        // Recognition up (posterior means), then generation down from the top mean.
        const top = hierarchy.recognize(x).clone();
        try {
          return hierarchy.generate(top).dataSync().slice() as Float32Array;
        } finally {
          top.dispose();
        }
      });
    },
    dispose: () => model.dispose(),
  };
}

function pcgenGenerator(model: PcGen, history: number[]): PriorGenerator {
  const size = model.inputSize;
  return {
    sampling:
      'ancestral sampling: the top latent area drawn from N(0, I), each lower one from ' +
      'N(its prediction, I); the image is the Bernoulli means (no encoder: reconstructions settle from rest)',
    history,
    sample(count, seed) {
      const t = model.sample(count, seed);
      try {
        return t.dataSync().slice() as Float32Array;
      } finally {
        t.dispose();
      }
    },
    reconstruct(images, count) {
      return inChunks(images, count, size, (x) => {
        const t = model.reconstruct(x);
        try {
          return t.dataSync().slice() as Float32Array;
        } finally {
          t.dispose();
        }
      });
    },
    dispose: () => model.dispose(),
  };
}

type Trainer<S> = (
  spec: S,
  train: ImageSet,
  options: TrainGeneratorOptions,
) => Promise<PriorGenerator>;

/** One trainer per kind of generative model. */
const trainers: { [K in GeneratorSpec['kind']]: Trainer<Extract<GeneratorSpec, { kind: K }>> } = {
  async pcvae(spec, train, options) {
    const { model, history } = await trainPcVaeRoute(train, {
      latent: spec.latentSizes,
      hidden: spec.hiddenSizes,
      epochs: spec.epochs,
      seed: options.seed,
      ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    return pcvaeGenerator(
      model,
      history.map((h) => h.trainNegElbo),
    );
  },
  async pcgen(spec, train, options) {
    const model = new PcGen(
      {
        inputSize: train.height * train.width,
        latentSizes: spec.latentSizes,
        inferenceSteps: spec.inferenceSteps,
      },
      options.seed,
    );
    const { checkpoint } = options;
    try {
      const result = await trainPcGen(model, train, {
        epochs: spec.epochs,
        seed: options.seed,
        ...(options.onBatch ? { onBatch: options.onBatch } : {}),
        ...routeCheckpoint(checkpoint, model.spec, train, options.seed),
      });
      return pcgenGenerator(
        model,
        result.epochs.map((e) => e.trainFreeEnergy),
      );
    } catch (error) {
      model.dispose();
      throw error;
    }
  },
};

/** Train the generative model `spec` describes on every image of `train` (no labels); the caller disposes it. */
export function trainGenerator(
  spec: GeneratorSpec,
  train: ImageSet,
  options: TrainGeneratorOptions,
): Promise<PriorGenerator> {
  return (trainers[spec.kind] as Trainer<GeneratorSpec>)(spec, train, options);
}

/** A one-line description of a generator's architecture for reports, e.g. `pcvae 784-400-20-200-10`. */
export function describeGenerator(spec: GeneratorSpec, inputSize: number): string {
  if (spec.kind === 'pcgen') {
    return `pcgen ${[inputSize, ...spec.latentSizes].join('-')} (T = ${spec.inferenceSteps})`;
  }
  const layers = spec.latentSizes.flatMap((size, i) => [
    spec.hiddenSizes[Math.min(i, spec.hiddenSizes.length - 1)]!,
    size,
  ]);
  return `${spec.kind} ${[inputSize, ...layers].join('-')}`;
}
