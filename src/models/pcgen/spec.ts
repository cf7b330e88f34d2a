/**
 * The generative predictive-coding network (`pcgen`) as a cortex description, in the style of
 * Rao and Ballard (1999) and ngc-learn's GNCN-t1 (Ororbia and Kifer 2022): a Bernoulli sensory
 * area under a chain of Gaussian latent areas, wired by feedback pathways ONLY. There is no
 * encoder: the latent states are found by settling alone, from their resting state (zeros), and
 * the weights learn by the local rule (`Hierarchy.learn`).
 */
import { z } from 'zod';
import { activations, type HierarchySpec, type HierarchySpecInput } from '../../cortex/spec.ts';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import {
  areasTouched,
  checkPathways,
  hierarchyWeights,
  pathwaysField,
  type ModelGraphRules,
} from '../modelPathways.ts';
import { MODEL_LIMITS as L, trainingFieldsWithoutRate } from '../modelSpec/schema.ts';
import { OptimizerSpec } from '../optimizerSpec.ts';

/**
 * The graphs a pcgen trains: feedback pathways (and laterals within a level) that predict the
 * sensory area and from every latent area, each one linear map; no feedforward pathway (it has
 * no encoder: settling finds the latents).
 */
export const pcgenGraphs: ModelGraphRules = {
  kind: 'pcgen',
  supports:
    'feedback pathways into the sensory area and from every latent area (from one area or ' +
    'several, skips such as z2->sensory included) and lateral pathways between areas of one ' +
    'level, each one linear map',
  pathwayProblems(pathway, at) {
    const problems: string[] = [];
    if (pathway.kind === 'feedforward') {
      problems.push(
        `${at}: feedforward ${pathway.from}->${pathway.to}: a pcgen has no encoder (settling ` +
          'finds its latents), so a feedforward pathway would be a recognition it never learns',
      );
    }
    if ((pathway.hidden ?? []).length > 0) {
      problems.push(
        `${at}.hidden: the local rule (and the proposal of its -log p(x)) needs a pathway ` +
          'to be one linear map: leave hidden out',
      );
    }
    return problems;
  },
  graphProblems(spec: HierarchySpec) {
    const [sensory, ...latents] = spec.areas.map((a) => a.name);
    const predicting = areasTouched(spec, 'from', ['feedback', 'lateral']);
    const problems: string[] = [];
    if (!areasTouched(spec, 'to', ['feedback']).has(sensory!)) {
      problems.push(`pathways: no feedback pathway predicts the sensory area "${sensory}"`);
    }
    for (const name of latents) {
      if (!predicting.has(name)) {
        problems.push(
          `pathways: the latent area "${name}" predicts no area (no feedback or lateral pathway leaves it), so it would explain nothing of the image`,
        );
      }
    }
    return problems;
  },
};

/**
 * A pcgen's network fields, with their defaults and bounds written once: shared by the
 * network's description ({@link PcGenSpec}), its model spec ({@link PcGenModelSpec}) and
 * whatever narrows them (a live session, an experiment's list of models).
 */
export const pcgenFields = {
  /** Sizes of the latent areas z1, z2, ... bottom to top (the sensory area is the data's). */
  latentSizes: z
    .array(wholeNumber(1, L.areaSize))
    .min(1)
    .max(16)
    .default([360, 360, 360])
    .describe(
      "Sizes of the latent areas z1, z2, ... bottom to top (the sensory area is the data's).",
    ),
  /**
   * Nonlinearity of the predictions of each latent area: z_l ~ N(act(W z_{l+1} + b), I).
   * The sensory prediction is always a sigmoid (Bernoulli). relu is dead at rest: see
   * docs/models.md.
   */
  activation: z
    .enum(activations)
    .default('tanh')
    .describe(
      "Nonlinearity of the latents' predictions (relu is dead at rest: see docs/models.md).",
    ),
  /** Settling iterations T per batch, in training and before every read-out. */
  inferenceSteps: wholeNumber(1, L.settleIterations)
    .default(20)
    .describe('Settling iterations T per batch (training and test).'),
  /** Each image's first settling step (halved where it would raise its free energy). */
  inferenceRate: positiveNumber(L.settleStep)
    .default(0.1)
    .describe("Each image's first settling step (halved where it would raise its free energy)."),
  /** How the local gradients are applied: `adam` or `sgd`, and its learning rate. */
  optimizer: OptimizerSpec.default({ name: 'adam', learningRate: 1e-3 }).describe(
    'Applies the local weight updates: adam or sgd, and its learning rate.',
  ),
  /** Every pathway between sensory, z1, z2, ... (the whole graph); absent: the chain. */
  pathways: pathwaysField(pcgenGraphs),
};

/**
 * The weights of a pcgen whose spec gives its pathways, for images of `inputSize` pixels,
 * counted as the cortex builds them (for its memory estimate); undefined for the chain.
 */
export function pcgenGraphParameters(
  spec: Pick<PcGenSpec, 'latentSizes' | 'activation' | 'pathways'>,
  inputSize: number,
): number | undefined {
  if (spec.pathways === undefined) return undefined;
  return hierarchyWeights(pcgenHierarchySpec({ ...spec, inputSize }, 0)).parameters;
}

/** Check a pcgen's pathways (when it gives them) as a graph the pcgen trains. */
export function checkPcGenPathways(
  spec: Pick<PcGenSpec, 'latentSizes' | 'activation' | 'pathways'> & { inputSize?: number },
  ctx: z.RefinementCtx,
): void {
  if (spec.pathways === undefined) return;
  // The sensory area's size (the data's, for a model spec) plays no part in the graph.
  checkPathways(ctx, () => pcgenHierarchySpec({ inputSize: 1, ...spec }, 0), pcgenGraphs, [
    'inputSize',
    'latentSizes',
    'activation',
    'pathways',
  ]);
}

/**
 * A pcgen's description (zod schema): input size, latent sizes bottom to top, the latents'
 * activation, the settle (T iterations of step `inferenceRate`) and the optimizer.
 */
export const PcGenSpec = z
  .object({
    /** Pixels of an image: the sensory area's size. */
    inputSize: wholeNumber(1, L.inputSize).default(784),
    ...pcgenFields,
  })
  .strict()
  .superRefine(checkPcGenPathways);
/** A validated pcgen description, with defaults filled in. */
export type PcGenSpec = z.infer<typeof PcGenSpec>;
/** A pcgen description as a user writes it: every field may be left to its default. */
export type PcGenSpecInput = z.input<typeof PcGenSpec>;

/**
 * The pcgen's model spec: its network fields, how it is tested (settling, the importance
 * sampled -log p(x)) and the training schedule (its learning rate is in `optimizer`).
 */
export const PcGenModelSpec = z
  .object({
    kind: z.literal('pcgen'),
    ...pcgenFields,
    /** Settling iterations before the test scores (default: inferenceSteps). */
    testInferenceSteps: wholeNumber(1, L.settleIterations)
      .optional()
      .describe('Settling iterations before the test scores (default: inferenceSteps).'),
    /** Importance samples per test image for -log p(x) (0: skip). */
    iwaeK: wholeNumber(0, L.iwaeK)
      .default(50)
      .describe('Importance samples per test image for -log p(x) (0: skip).'),
    /** Multiplies the Laplace proposal's variances in the -log p(x) estimate. */
    proposalScale: positiveNumber(100)
      .default(1)
      .describe("Multiplies the Laplace proposal's variances in the -log p(x) estimate."),
    ...trainingFieldsWithoutRate,
  })
  .strict()
  .superRefine(checkPcGenPathways);
/** A validated pcgen model spec, defaults filled in. */
export type PcGenModelSpec = z.output<typeof PcGenModelSpec>;

/** The area names of a pcgen: `sensory`, then `z1`, `z2`, ... bottom to top. */
export function pcgenAreaNames(spec: Pick<PcGenSpec, 'latentSizes'>): string[] {
  return ['sensory', ...spec.latentSizes.map((_, i) => `z${i + 1}`)];
}

/**
 * The hierarchy a pcgen is: sensory (sigmoid, Bernoulli) <- z1 <- ... <- zL, one feedback
 * pathway between each pair (a single linear map, as the local rule needs), no feedforward
 * pathway; or the graph its `pathways` give. A root (zL in the chain) has the prior N(0, I);
 * every other latent is N(prediction, I).
 */
export function pcgenHierarchySpec(
  spec: Pick<PcGenSpec, 'inputSize' | 'latentSizes' | 'activation' | 'pathways'>,
  seed: number,
): HierarchySpecInput {
  const names = pcgenAreaNames(spec);
  return {
    areas: [
      {
        name: names[0]!,
        size: spec.inputSize,
        activation: 'sigmoid',
        likelihood: 'bernoulli',
      },
      ...spec.latentSizes.map((size, i) => ({
        name: names[i + 1]!,
        size,
        activation: spec.activation,
      })),
    ],
    pathways:
      spec.pathways ??
      names.slice(1).map((from, i) => ({
        from,
        to: names[i]!,
        kind: 'feedback' as const,
      })),
    seed,
  };
}
