/**
 * The configuration of the `predictive-coding` experiment as data (a zod
 * schema), with the values of its full and quick runs. Four parts: the
 * amortization gap, filling in, input noise, and local against backprop
 * learning.
 */
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import { namedList, PcVaeGeneratorSpec } from '../routes/generators.ts';
import { NOISE_KINDS } from './inputNoise.ts';
import { OCCLUSIONS } from './occlusionMasks.ts';

/** A list of numbers in strictly ascending order. */
const ascending = <T extends z.ZodType<number>>(item: T, max = 20) =>
  z
    .array(item)
    .min(1)
    .max(max)
    .superRefine((values, ctx) => {
      values.forEach((v, i) => {
        if (i > 0 && v <= values[i - 1]!) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${v} does not come after ${values[i - 1]}: list the values in ascending order, once each`,
          });
        }
      });
    });

const Gap = z
  .object({
    /** Test images whose gap is measured (default: every test image). */
    images: wholeNumber(1, 1_000_000).optional(),
    /** Settling iterations at which the test −ELBO is reported, from 0 (the encoder's guess). */
    iterations: ascending(wholeNumber(0, 100_000), 30).refine((v) => v[0] === 0, {
      message: 'the first iteration must be 0 (the encoder’s guess)',
    }),
    /** Iterations that give q*, the per-image optimum (at least the last reported iteration). */
    optimalIterations: wholeNumber(1, 100_000),
    /** Adam's learning rate on each image's posterior means and log-variances. */
    learningRate: positiveNumber(10),
    /** Posterior samples per image in each settling step. */
    samples: wholeNumber(1, 1000),
    /** Posterior samples per image when the −ELBO is scored. */
    evalSamples: wholeNumber(1, 10_000),
    /** Importance samples K of −log p(x). */
    iwaeK: wholeNumber(1, 100_000),
    /** Images settled at once. */
    batchSize: wholeNumber(1, 100_000),
  })
  .strict()
  .refine((g) => g.optimalIterations >= g.iterations.at(-1)!, {
    message: 'optimalIterations must be at least the last of iterations',
    path: ['optimalIterations'],
  });

const FillIn = z
  .object({
    /** Test images filled in (default: every test image). */
    images: wholeNumber(1, 1_000_000).optional(),
    occlusions: z
      .array(z.enum(OCCLUSIONS))
      .min(1)
      .refine((v) => new Set(v).size === v.length, { message: 'an occlusion is listed twice' }),
    /** `random`: the fraction of each image's pixels hidden. */
    randomFraction: z.number().gt(0).lt(1),
    /** Settling iterations T and first step size. */
    iterations: wholeNumber(1, 100_000),
    stepSize: positiveNumber(100),
    /** Examples per row of the grid picture. */
    gridImages: wholeNumber(0, 50),
  })
  .strict();

const Noise = z
  .object({
    kind: z.enum(NOISE_KINDS),
    /** Noise levels: standard deviation (gaussian) or fraction of pixels (salt-and-pepper). */
    levels: ascending(z.number().min(0).max(10)),
    /** Settling iterations T and first step size. */
    iterations: wholeNumber(1, 100_000),
    stepSize: positiveNumber(100),
    /** Training steps of the latent classifier (latent-128-classes). */
    classifierSteps: wholeNumber(1, 10_000_000),
  })
  .strict();

const PcnPart = z
  .object({
    hiddenSizes: z.array(wholeNumber(1, 16_384)).min(1).max(16),
    epochs: wholeNumber(1, 10_000),
    batchSize: wholeNumber(1, 100_000),
    learningRate: positiveNumber(10),
    /** Settle iterations T of the local rule in the learning curves. */
    inferenceSteps: wholeNumber(1, 10_000),
    inferenceRate: positiveNumber(100),
    /** The T swept for local learning's accuracy against inference steps. */
    stepsSweep: ascending(wholeNumber(1, 10_000)),
  })
  .strict();

const PcGenPart = z
  .object({
    latentSizes: z.array(wholeNumber(1, 16_384)).min(1).max(8),
    epochs: wholeNumber(1, 10_000),
    batchSize: wholeNumber(1, 100_000),
    learningRate: positiveNumber(10),
    inferenceSteps: wholeNumber(1, 10_000),
    inferenceRate: positiveNumber(100),
    /** Importance samples K of the test −log p(x) after each epoch. */
    samples: wholeNumber(1, 100_000),
    /** Test images scored after each epoch (default: every test image). */
    testImages: wholeNumber(1, 1_000_000).optional(),
  })
  .strict();

/** What a run of `predictive-coding` may configure (`neocortex spec experiment predictive-coding`). */
export const PredictiveCodingConfig = z
  .object({
    /** Training and test images (default: the whole data set). */
    train: wholeNumber(1, 1_000_000).optional(),
    test: wholeNumber(1, 1_000_000).optional(),
    /** The pcvaes of parts 1-3, each trained as `neocortex train --model pcvae` trains. */
    models: namedList(PcVaeGeneratorSpec),
    gap: Gap,
    fillIn: FillIn,
    noise: Noise,
    pcn: PcnPart,
    pcgen: PcGenPart,
  })
  .strict();
/** A validated configuration. */
export type PredictiveCodingConfig = z.infer<typeof PredictiveCodingConfig>;

/** The full run: embedded MNIST, pcvaes of one and two stochastic areas, 3 seeds. */
export const FULL_CONFIG: z.input<typeof PredictiveCodingConfig> = {
  models: [
    { name: 'pcvae-1', kind: 'pcvae', latentSizes: [20], hiddenSizes: [400], epochs: 20 },
    { name: 'pcvae-2', kind: 'pcvae', latentSizes: [20, 10], hiddenSizes: [400, 200], epochs: 20 },
  ],
  gap: {
    images: 1000,
    iterations: [0, 1, 2, 5, 10, 20, 50, 100, 200],
    optimalIterations: 1000,
    learningRate: 0.01,
    samples: 1,
    evalSamples: 10,
    iwaeK: 1000,
    batchSize: 500,
  },
  fillIn: {
    occlusions: ['quadrant', 'bottom-half', 'centre', 'random'],
    randomFraction: 0.25,
    iterations: 50,
    stepSize: 0.02,
    gridImages: 8,
  },
  noise: {
    kind: 'gaussian',
    levels: [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1],
    iterations: 50,
    stepSize: 0.02,
    classifierSteps: 1000,
  },
  pcn: {
    hiddenSizes: [256, 256],
    epochs: 10,
    batchSize: 128,
    learningRate: 1e-3,
    inferenceSteps: 20,
    inferenceRate: 0.1,
    stepsSweep: [2, 5, 10, 20, 50],
  },
  pcgen: {
    latentSizes: [360, 360, 360],
    epochs: 10,
    batchSize: 128,
    learningRate: 1e-3,
    inferenceSteps: 20,
    inferenceRate: 0.1,
    samples: 500,
    testImages: 500,
  },
};

/** The quick run (CI): a few hundred images, tiny networks, one or two epochs. */
export const QUICK_CONFIG: z.input<typeof PredictiveCodingConfig> = {
  train: 1000,
  test: 100,
  models: [
    { name: 'pcvae-1', kind: 'pcvae', latentSizes: [8], hiddenSizes: [64], epochs: 4 },
    { name: 'pcvae-2', kind: 'pcvae', latentSizes: [8, 4], hiddenSizes: [64, 32], epochs: 4 },
  ],
  gap: {
    iterations: [0, 1, 2, 5, 10, 20],
    optimalIterations: 40,
    learningRate: 0.05,
    samples: 1,
    evalSamples: 4,
    iwaeK: 50,
    batchSize: 100,
  },
  fillIn: {
    occlusions: ['quadrant', 'bottom-half', 'centre', 'random'],
    randomFraction: 0.25,
    iterations: 10,
    stepSize: 0.02,
    gridImages: 4,
  },
  noise: {
    kind: 'gaussian',
    levels: [0, 0.3, 0.6],
    iterations: 10,
    stepSize: 0.02,
    classifierSteps: 300,
  },
  pcn: {
    hiddenSizes: [32],
    epochs: 2,
    batchSize: 64,
    learningRate: 1e-3,
    inferenceSteps: 5,
    inferenceRate: 0.1,
    stepsSweep: [2, 5],
  },
  pcgen: {
    latentSizes: [16],
    epochs: 2,
    batchSize: 64,
    learningRate: 1e-3,
    inferenceSteps: 5,
    inferenceRate: 0.1,
    samples: 10,
  },
};
