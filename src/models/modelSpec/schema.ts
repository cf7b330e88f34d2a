/**
 * The fields every model kind's spec shares, written once: what it trains on and how (data
 * set, epochs, batch size, learning rate, seed), the test-time settling of a generative
 * model, the threads a VAE trains on, the bounds every number keeps, and the "names used
 * once" rule of a named list. Each kind's own schema lives in its folder
 * (`models/<kind>/spec.ts`) and spreads these fields into it; a user's own kind can too.
 */
import { z } from 'zod';
import {
  positiveNumber,
  schemaReference,
  seedNumber,
  wholeNumber,
} from '../../cortex/specFields.ts';
import { DATASET_NAMES } from '../../data/names.ts';

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

/** What every kind trains on and how: the data, the schedule and the seed (zod fields). */
export const trainingFields = {
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
  /** Passes over the training images. */
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
  /**
   * Modules that register model kinds (`registerModelKind`), loaded before the spec is read:
   * paths relative to the spec file (a run's metrics.json records them absolute).
   */
  plugins: z
    .array(z.string().min(1))
    .max(64)
    .optional()
    .describe(
      'Modules that register model kinds, loaded before the spec is read (paths relative to this file).',
    ),
};

/** The schedule of a model whose learning rate lives in its `optimizer` (the predictive-coding networks). */
export const trainingFieldsWithoutRate = Object.fromEntries(
  Object.entries(trainingFields).filter(([key]) => key !== 'learningRate'),
) as Omit<typeof trainingFields, 'learningRate'>;

/** Test-time settling of a generative model's posterior means (predictive coding). */
export const settlingFields = {
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
export const workersField = {
  workers: z
    .union([z.literal(1), z.literal(2)], {
      error: (issue) => `workers is 1 or 2, not ${JSON.stringify(issue.input)}`,
    })
    .default(1)
    .describe(
      'Threads to train on: 2 takes each step data-parallel, half of each batch on a second thread.',
    ),
};

/**
 * The "names used once" rule of a list of named items (a pcvae's areas, an experiment's
 * models), as a zod `superRefine` check: the second item of a name is refused, naming
 * the first (`"v1" is already the name of areas[1]`).
 * @param list - how the message names the list (`areas`, `models`)
 */
export function namesUsedOnce(list: string) {
  return (items: readonly { name: string }[], ctx: z.RefinementCtx): void => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `"${item.name}" is already the name of ${list}[${first}]`,
        });
      } else seen.set(item.name, i);
    });
  };
}
