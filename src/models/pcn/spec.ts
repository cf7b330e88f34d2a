/**
 * The discriminative predictive-coding network (`pcn`) described as plain,
 * JSON-serialisable data: its sizes, its areas' activation, its learning rule
 * (`local`: settle then update each pathway from the two areas it joins;
 * `backprop`: the gradient of the feedforward sweep's cross-entropy), the
 * settle of a local step (iterations and first step size) and the optimizer.
 * The model spec of kind `pcn` ({@link PcnModelSpec}) is these fields and the
 * training schedule every model shares.
 */
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import { trainingFieldsWithoutRate } from '../modelSpec/schema.ts';
import { OptimizerSpec } from '../optimizerSpec.ts';

/** Largest values a pcn spec may ask for: far above anything useful, far below a typo. */
export const PCN_LIMITS = {
  inputSize: 1_000_000,
  hidden: 16_384,
  hiddenAreas: 16,
  classes: 10_000,
  inferenceSteps: 10_000,
  inferenceRate: 100,
} as const;

/** The learning rules a pcn trains with. */
export const pcnLearningRules = ['local', 'backprop'] as const;
/** `local` (predictive coding) or `backprop` (the same network as an MLP). */
export type PcnLearningRule = (typeof pcnLearningRules)[number];

/** The activations a pcn's hidden areas may have. */
export const pcnActivations = ['tanh', 'relu', 'sigmoid', 'linear'] as const;

const L = PCN_LIMITS;

const oneOf = (values: readonly string[]) => (issue: { input?: unknown }) =>
  `${JSON.stringify(issue.input)} is not one of ${values.join(', ')}`;

/** The fields of a pcn spec, shared by {@link PcnSpec} and the model spec of kind `pcn`. */
export const pcnFields = {
  kind: z.literal('pcn'),
  /** Pixels per image: the size of the image area. */
  inputSize: wholeNumber(1, L.inputSize)
    .default(784)
    .describe('Pixels per image: the size of the image area.'),
  /** Sizes of the hidden areas between the image and the label area, bottom to top. */
  hiddenSizes: z
    .array(wholeNumber(1, L.hidden))
    .min(1, { error: 'expected at least one hidden area' })
    .max(L.hiddenAreas, { error: `expected at most ${L.hiddenAreas} hidden areas` })
    .default([256, 256])
    .describe('Sizes of the hidden areas between the image and the label area, bottom to top.'),
  /** Classes: the size of the (categorical) label area. */
  classes: wholeNumber(2, L.classes)
    .default(10)
    .describe('Classes: the size of the (categorical) label area.'),
  /** Nonlinearity of the hidden areas. */
  activation: z
    .enum(pcnActivations, { error: oneOf(pcnActivations) })
    .default('tanh')
    .describe('Nonlinearity of the hidden areas.'),
  /**
   * `local`: clamp image and label, settle, then update each pathway from its two areas.
   * `backprop`: the gradient of the feedforward sweep's cross-entropy.
   */
  learning: z
    .enum(pcnLearningRules, { error: oneOf(pcnLearningRules) })
    .default('local')
    .describe(
      'local: clamp image and label, settle, then update each pathway from its two areas; ' +
        "backprop: the gradient of the feedforward sweep's cross-entropy.",
    ),
  /** Settle iterations T of a local-learning step. */
  inferenceSteps: wholeNumber(1, L.inferenceSteps)
    .default(20)
    .describe('Settle iterations T of a local-learning step.'),
  /** First step size of each settle iteration (halved per image where it would raise F). */
  inferenceRate: positiveNumber(L.inferenceRate)
    .default(0.1)
    .describe(
      'First step size of each settle iteration (halved per image where it would raise F).',
    ),
  /** The optimizer of the weight step and its learning rate. */
  optimizer: OptimizerSpec.default({ name: 'adam', learningRate: 1e-3 }).describe(
    'The optimizer of the weight step and its learning rate.',
  ),
};

/** A discriminative predictive-coding network's description (zod schema). */
export const PcnSpec = z.object(pcnFields).strict();
/** A validated pcn description, with defaults filled in. */
export type PcnSpec = z.output<typeof PcnSpec>;
/** A pcn description as a user writes it (defaults may be left out). */
export type PcnSpecInput = z.input<typeof PcnSpec>;

/** Validate a pcn description; throws a SpecError listing every problem with its path. */
export function parsePcnSpec(input: unknown): PcnSpec {
  return parseSpecWith(PcnSpec, input, 'pcn spec');
}

/**
 * The pcn's model spec: image -> hidden areas -> label, trained by local learning (settle with
 * the label clamped, then each pathway learns from its two areas) or by backprop. Its
 * optimizer and learning rate are in `optimizer`.
 */
export const PcnModelSpec = z.object({ ...pcnFields, ...trainingFieldsWithoutRate }).strict();
/** A validated pcn model spec, defaults filled in. */
export type PcnModelSpec = z.output<typeof PcnModelSpec>;
