/**
 * A model a user can write as JSON: which network (`kind`), its hierarchy and
 * sizes, and how to train and evaluate it. `neocortex train --spec model.json`
 * runs it; `neocortex spec model <kind>` prints a complete default; every run's
 * metrics.json embeds the resolved spec it ran, so the run can be rebuilt.
 * Every number is bounded, so a typo (`epochs: 1e12`) is refused before anything runs.
 */
import { z } from 'zod';
import { modelKinds as kinds } from './kinds.ts';
import {
  areaName,
  positiveNumber,
  schemaReference,
  seedNumber,
  wholeNumber,
} from '../../cortex/specFields.ts';
import { DATASET_NAMES } from '../../data/index.ts';
import { pcnFields } from '../pcn/spec.ts';
import { activations } from '../../cortex/spec.ts';
import { OptimizerSpec } from '../optimizerSpec.ts';
import { classAreaKinds } from '../ssvae/classAreaModel.ts';

/** Largest sizes a spec may ask for: far above anything useful, far below a typo. */
export const MODEL_LIMITS = {
  inputSize: 1_000_000,
  areaSize: 10_000,
  hidden: 16_384,
  epochs: 100_000,
  batchSize: 65_536,
  learningRate: 10,
  settleIterations: 100_000,
  settleStep: 100,
  iwaeK: 10_000,
  labels: 10_000_000,
  labelWeight: 1_000_000,
} as const;

const L = MODEL_LIMITS;

/** What every kind trains on and how: the data, the schedule and the seed. */
const training = {
  $schema: schemaReference(),
  /** Data set to train and test on. */
  dataset: z
    .enum(DATASET_NAMES, {
      error: (issue) =>
        `unknown dataset ${JSON.stringify(issue.input)}; choose one of ${DATASET_NAMES.join(', ')}`,
    })
    .default('mnist')
    .describe('Data set to train and test on.'),
  /** Read IDX files (MNIST format) from this folder instead of the embedded copy. */
  dataDir: z
    .string()
    .min(1)
    .optional()
    .describe('Read IDX files (MNIST format) from this folder instead of the embedded copy.'),
  epochs: wholeNumber(1, L.epochs).default(10).describe('Passes over the training images.'),
  /** Images per batch (default: 128; the MLP classifier 32). */
  batchSize: wholeNumber(1, L.batchSize)
    .optional()
    .describe('Images per batch (default: 128; the MLP classifier 32).'),
  /** Adam's learning rate. */
  learningRate: positiveNumber(L.learningRate).default(1e-3).describe("Adam's learning rate."),
  /** Seed of the initial weights, the batch order, the labelled subset and the noise. */
  seed: seedNumber()
    .default(1)
    .describe('Seed of the initial weights, the batch order, the labelled subset and the noise.'),
};

/** The schedule of a model whose learning rate lives in its `optimizer` (pcn, pcgen). */
const trainingWithoutRate = Object.fromEntries(
  Object.entries(training).filter(([key]) => key !== 'learningRate'),
) as Omit<typeof training, 'learningRate'>;

/** Test-time settling of a generative model's posterior means (predictive coding). */
const settling = {
  /** Settling steps at test time (0: none). */
  settleIterations: wholeNumber(0, L.settleIterations)
    .default(50)
    .describe('Settling steps at test time (0: none).'),
  /** Step size of each settling step on the free energy. */
  settleStep: positiveNumber(L.settleStep)
    .default(0.02)
    .describe('Step size of each settling step on the free energy.'),
};

/**
 * Threads a VAE or pcvae trains on: 2 takes every step data-parallel, half of
 * each batch on a second thread (sim/dataParallel). The second half's posterior
 * noise comes from its own seed, so a run with 2 differs from one with 1 by
 * that noise: part of the spec, like the seed.
 */
const workers = {
  workers: z
    .union([z.literal(1), z.literal(2)], {
      error: (issue) => `workers is 1 or 2, not ${JSON.stringify(issue.input)}`,
    })
    .default(1)
    .describe(
      'Threads to train on: 2 takes each step data-parallel, half of each batch on a second thread.',
    ),
};

/** The sensory area: the image, one value a pixel (its size must match the data). */
export const SensoryAreaSpec = z
  .object({
    name: areaName().default('sensory'),
    size: wholeNumber(1, L.inputSize).default(784),
  })
  .strict();

/** A stochastic area above the sensory area, and the hidden width of its two maps. */
export const StochasticAreaSpec = z
  .object({
    name: areaName(),
    size: wholeNumber(1, L.areaSize),
    /** Hidden units of its recognition map (from below) and its generative map (to below). */
    hidden: wholeNumber(1, L.hidden)
      .default(400)
      .describe(
        'Hidden units of its recognition map (from below) and its generative map (to below).',
      ),
  })
  .strict();

/** The one-latent VAE (Kingma and Welling 2014). */
export const VaeModelSpec = z
  .object({
    kind: z.literal('vae'),
    latentSize: wholeNumber(1, L.areaSize).default(20),
    hiddenSize: wholeNumber(1, L.hidden).default(400),
    ...training,
    ...workers,
  })
  .strict();

/**
 * A pcvae's areas as a user lists them: the sensory area first, then each
 * stochastic area bottom to top, with names used once. The model spec and the
 * live session's spec describe a pcvae with this same list.
 */
export const PcVaeAreas = z
  .tuple([SensoryAreaSpec], StochasticAreaSpec)
  .superRefine((areas, ctx) => {
    if (areas.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected the sensory area and at least one stochastic area above it',
      });
    }
    const seen = new Map<string, number>();
    areas.forEach((area, i) => {
      const first = seen.get(area.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `"${area.name}" is already the name of areas[${first}]`,
        });
      } else seen.set(area.name, i);
    });
  });

/** The default pcvae areas: 784 sensory units under one stochastic area of 20 (a fresh copy). */
export function defaultPcVaeAreas(): z.output<typeof PcVaeAreas> {
  return [
    { name: 'sensory', size: 784 },
    { name: 'z1', size: 20, hidden: 400 },
  ];
}

/** The predictive-coding VAE: a sensory area under one or more stochastic areas. */
export const PcVaeModelSpec = z
  .object({
    kind: z.literal('pcvae'),
    /** The sensory area first, then each stochastic area bottom to top. */
    areas: PcVaeAreas.default(defaultPcVaeAreas),
    ...training,
    ...workers,
    ...settling,
    /** Importance samples for the test -log p(x) (0: skip). */
    iwaeK: wholeNumber(0, L.iwaeK)
      .default(0)
      .describe('Importance samples for the test -log p(x) (0: skip).'),
  })
  .strict();

/** A feedforward classifier: the MLP hierarchy or the conv net. */
export const ClassifierModelSpec = z
  .object({
    kind: z.literal('classifier'),
    classifier: z
      .enum(['mlp', 'conv'], {
        error: (issue) => `${JSON.stringify(issue.input)} is not one of mlp, conv`,
      })
      .default('mlp'),
    /** mlp: sizes of the hidden (relu) areas between the sensory and the class area. */
    hidden: z
      .array(wholeNumber(1, L.hidden))
      .max(16)
      .default([512, 512])
      .describe('mlp: sizes of the hidden (relu) areas between the sensory and the class area.'),
    /** Train on this many labels, balanced across classes (default: all). */
    labels: wholeNumber(1, L.labels)
      .optional()
      .describe('Train on this many labels, balanced across classes (default: all).'),
    /** Train on batches binarised afresh and test on a test set binarised once. */
    binarize: z
      .boolean()
      .default(false)
      .describe('Train on batches binarised afresh and test on a test set binarised once.'),
    ...training,
  })
  .strict();

/** The semi-supervised generative classifier: a pcvae with a class area on top. */
export const SsVaeModelSpec = z
  .object({
    kind: z.literal('ssvae'),
    /** The lower stochastic area z1 and the hidden width of its maps. */
    latentSize: wholeNumber(1, L.areaSize).default(20),
    hiddenSize: wholeNumber(1, L.hidden).default(400),
    /** Labelled images, balanced across classes (default: 10 a class). */
    labels: wholeNumber(1, L.labels)
      .optional()
      .describe('Labelled images, balanced across classes (default: 10 a class).'),
    /** Epochs of the class-area stage (default: `epochs`). */
    classEpochs: wholeNumber(1, L.epochs)
      .optional()
      .describe('Epochs of the class-area stage (default: `epochs`).'),
    /** Weight of the labelled images' cross-entropy. */
    labelWeight: positiveNumber(L.labelWeight)
      .default(10)
      .describe("Weight of the labelled images' cross-entropy."),
    /** The class area: its own dense networks (default) or cortex areas (see docs/models.md). */
    classArea: z
      .enum(classAreaKinds, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not one of ${classAreaKinds.join(', ')}`,
      })
      .default('dense')
      .describe('The class area: its own dense networks (default) or cortex areas.'),
    ...training,
    ...settling,
  })
  .strict();

/**
 * The discriminative predictive-coding network: image -> hidden areas -> label, trained by
 * local learning (settle with the label clamped, then each pathway learns from its two
 * areas) or by backprop. Its optimizer and learning rate are in `optimizer`.
 */
export const PcnModelSpec = z.object({ ...pcnFields, ...trainingWithoutRate }).strict();

/**
 * The generative predictive-coding network (Rao and Ballard 1999; GNCN-t1): no encoder, the
 * latents settle from rest on every batch, and the weights learn by the local rule.
 */
export const PcGenModelSpec = z
  .object({
    kind: z.literal('pcgen'),
    /** Sizes of the latent areas z1, z2, ... bottom to top (the sensory area is the data's). */
    latentSizes: z
      .array(wholeNumber(1, L.areaSize))
      .min(1)
      .max(16)
      .default([360, 360, 360])
      .describe(
        "Sizes of the latent areas z1, z2, ... bottom to top (the sensory area is the data's).",
      ),
    /** Nonlinearity of the latents' predictions (relu is dead at rest: see docs/models.md). */
    activation: z
      .enum(activations)
      .default('tanh')
      .describe(
        "Nonlinearity of the latents' predictions (relu is dead at rest: see docs/models.md).",
      ),
    /** Settling iterations T per batch (training and test). */
    inferenceSteps: wholeNumber(1, L.settleIterations)
      .default(20)
      .describe('Settling iterations T per batch (training and test).'),
    /** Settling iterations before the test scores (default: inferenceSteps). */
    testInferenceSteps: wholeNumber(1, L.settleIterations)
      .optional()
      .describe('Settling iterations before the test scores (default: inferenceSteps).'),
    /** Each image's first settling step (halved where it would raise its free energy). */
    inferenceRate: positiveNumber(L.settleStep)
      .default(0.1)
      .describe("Each image's first settling step (halved where it would raise its free energy)."),
    /** Applies the local weight updates: `adam` or `sgd`, and its learning rate. */
    optimizer: OptimizerSpec.default({ name: 'adam', learningRate: 1e-3 }).describe(
      'Applies the local weight updates: adam or sgd, and its learning rate.',
    ),
    /** Importance samples per test image for -log p(x) (0: skip). */
    iwaeK: wholeNumber(0, L.iwaeK)
      .default(50)
      .describe('Importance samples per test image for -log p(x) (0: skip).'),
    /** Multiplies the Laplace proposal's variances in the -log p(x) estimate. */
    proposalScale: positiveNumber(100)
      .default(1)
      .describe("Multiplies the Laplace proposal's variances in the -log p(x) estimate."),
    ...trainingWithoutRate,
  })
  .strict();

/** Any model spec, told apart by `kind`. */
export const ModelSpec = z.discriminatedUnion(
  'kind',
  [VaeModelSpec, PcVaeModelSpec, ClassifierModelSpec, SsVaeModelSpec, PcnModelSpec, PcGenModelSpec],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `${JSON.stringify((issue.input as { kind?: unknown } | undefined)?.kind)} is not a model; choose one of ${kinds.join(', ')}`
        : undefined,
  },
);
/** A validated model spec with every default filled in. */
export type ModelSpec = z.output<typeof ModelSpec>;
/** A model spec as a user writes it (defaults may be left out). */
export type ModelSpecInput = z.input<typeof ModelSpec>;
/** The kinds of model a spec can describe. */
export type ModelKind = ModelSpec['kind'];
/** The kinds, in the order `neocortex spec model` lists them (each one a kind of {@link ModelSpec}). */
export const modelKinds = kinds satisfies readonly ModelKind[];
/** The pcn kind of {@link ModelSpec}. */
export type PcnModelSpec = z.output<typeof PcnModelSpec>;
/** The pcvae kind of {@link ModelSpec}. */
export type PcVaeModelSpec = z.output<typeof PcVaeModelSpec>;
/** The pcgen kind of {@link ModelSpec}. */
export type PcGenModelSpec = z.output<typeof PcGenModelSpec>;
