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
import type { AreaSpecInput, HierarchySpec, HierarchySpecInput } from '../../cortex/spec.ts';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import { parseSpecWith } from '../../cortex/specError.ts';
import {
  areasTouched,
  checkPathways,
  hierarchyWeights,
  pathwaysField,
  type ModelGraphRules,
} from '../modelPathways.ts';
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

/** What the pcn trains, in a sentence (its refusals and its `pathways` field say it). */
const pcnSupports =
  'feedforward pathways that predict every area above the image, from one area or several ' +
  '(skips such as image->label included), and lateral pathways between areas of one level; ' +
  'no feedback pathway (its predictions go up), and with local learning no hidden layers in a map';

/**
 * The graphs a pcn trains with the learning rule `learning`: every area above the image
 * predicted, every area below the label predicting some area (so each reaches the label), and
 * under local learning each map one linear layer (its update joins two areas only).
 */
export function pcnGraphs(learning: PcnLearningRule): ModelGraphRules {
  return {
    kind: 'pcn',
    supports: pcnSupports,
    pathwayProblems(pathway, at) {
      if (learning !== 'local' || (pathway.hidden ?? []).length === 0) return [];
      return [
        `${at}.hidden: local learning moves each pathway's weights from the two areas it joins, ` +
          'so its map is one linear layer: leave hidden out (or train with learning "backprop")',
      ];
    },
    graphProblems(spec: HierarchySpec) {
      const names = spec.areas.map((a) => a.name);
      const predicted = areasTouched(spec, 'to', ['feedforward', 'lateral']);
      const predicting = areasTouched(spec, 'from', ['feedforward', 'lateral']);
      const problems: string[] = [];
      for (const name of names.slice(1)) {
        if (!predicted.has(name)) {
          problems.push(
            `pathways: nothing predicts the area "${name}" (its state is its prediction from below)`,
          );
        }
      }
      for (const name of names.slice(0, -1)) {
        if (!predicting.has(name)) {
          problems.push(
            `pathways: the area "${name}" predicts no area, so it would not reach the label "${names.at(-1)}"`,
          );
        }
      }
      return problems;
    },
  };
}

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
  /** Every pathway between image, h1..hn and label (the whole graph); absent: the chain. */
  pathways: pathwaysField({ kind: 'pcn', supports: pcnSupports }),
};

/** What of a pcn spec describes its network. */
export type PcnNetwork = Pick<
  z.output<z.ZodObject<typeof pcnFields>>,
  'inputSize' | 'hiddenSizes' | 'classes' | 'activation' | 'pathways'
>;

/** Area names of a pcn: image, h1..hn, label. */
export function pcnAreaNames(hiddenAreas: number): string[] {
  return ['image', ...Array.from({ length: hiddenAreas }, (_, i) => `h${i + 1}`), 'label'];
}

/**
 * The hierarchy a pcn is: the image (no prior: always clamped), the hidden areas, the
 * categorical label, its predictions going up: its pathways, or a feedforward pathway from
 * each area to the next when it gives none.
 */
export function pcnHierarchySpec(spec: PcnNetwork, seed: number): HierarchySpecInput {
  const { inputSize, hiddenSizes, classes, activation } = spec;
  const names = pcnAreaNames(hiddenSizes.length);
  const areas: AreaSpecInput[] = [
    { name: names[0]!, size: inputSize, prior: 'none' },
    ...hiddenSizes.map((size, i) => ({ name: names[i + 1]!, size, activation })),
    { name: names.at(-1)!, size: classes, likelihood: 'categorical' as const },
  ];
  const chain = names.slice(1).map((to, i) => ({
    from: names[i]!,
    to,
    kind: 'feedforward' as const,
  }));
  return { areas, pathways: spec.pathways ?? chain, predictions: 'up', seed };
}

/**
 * The weights of a pcn whose spec gives its pathways, counted as the cortex builds them (for
 * its memory estimate); undefined for the chain.
 */
export function pcnGraphParameters(spec: PcnNetwork): number | undefined {
  if (spec.pathways === undefined) return undefined;
  return hierarchyWeights(pcnHierarchySpec(spec, 0)).parameters;
}

/** Check a pcn spec's pathways (when it gives them) as a graph the pcn trains. */
export function checkPcnPathways(
  spec: PcnNetwork & { learning: PcnLearningRule },
  ctx: z.RefinementCtx,
): void {
  if (spec.pathways === undefined) return;
  checkPathways(ctx, () => pcnHierarchySpec(spec, 0), pcnGraphs(spec.learning), [
    'inputSize',
    'hiddenSizes',
    'classes',
    'activation',
    'learning',
    'pathways',
  ]);
}

/** A discriminative predictive-coding network's description (zod schema). */
export const PcnSpec = z.object(pcnFields).strict().superRefine(checkPcnPathways);
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
export const PcnModelSpec = z
  .object({ ...pcnFields, ...trainingFieldsWithoutRate })
  .strict()
  .superRefine(checkPcnPathways);
/** A validated pcn model spec, defaults filled in. */
export type PcnModelSpec = z.output<typeof PcnModelSpec>;
