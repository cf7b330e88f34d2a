/**
 * The predictive-coding VAE as a cortex description: a sensory area (Bernoulli
 * for binary images, Gaussian for continuous data) under one or more stochastic
 * areas. Each stochastic area recognises the area below through an MLP
 * (amortized q(z_l | below)) and predicts it through another (p(below | z_l)).
 */
import { z } from 'zod';
import {
  reciprocalPathways,
  type HierarchySpec,
  type HierarchySpecInput,
} from '../../cortex/index.ts';
import { areaName, wholeNumber } from '../../cortex/specFields.ts';
import {
  areasTouched,
  checkPathways,
  hierarchyWeights,
  pathwaysField,
  type HierarchyWeights,
  type ModelGraphRules,
} from '../modelPathways.ts';
import {
  MODEL_LIMITS as L,
  namesUsedOnce,
  settlingFields,
  trainingFields,
  workersField,
} from '../modelSpec/schema.ts';

/**
 * The graphs a pcvae trains: every stochastic area recognized (its posterior q) by feedforward
 * pathways and predicting some area by feedback or lateral pathways, the sensory area
 * predicted (its -log p(x | z)); sources several, skips and laterals as the cortex allows.
 */
export const pcvaeGraphs: ModelGraphRules = {
  kind: 'pcvae',
  supports:
    'feedforward pathways into every stochastic area (its recognition: from one area or ' +
    'several, skips included), feedback pathways into the sensory area and from every ' +
    'stochastic area (its generative model: from one area or several, skips included), and ' +
    'lateral pathways between areas of one level',
  graphProblems(spec: HierarchySpec) {
    const [sensory, ...latents] = spec.areas.map((a) => a.name);
    const recognized = areasTouched(spec, 'to', ['feedforward']);
    const predicted = areasTouched(spec, 'to', ['feedback']);
    const predicting = areasTouched(spec, 'from', ['feedback', 'lateral']);
    const problems: string[] = [];
    if (!predicted.has(sensory!)) {
      problems.push(
        `pathways: no feedback pathway predicts the sensory area "${sensory}" (its -log p(x | z))`,
      );
    }
    for (const name of latents) {
      if (!recognized.has(name)) {
        problems.push(
          `pathways: no feedforward pathway recognizes the stochastic area "${name}" (its posterior q comes from them)`,
        );
      }
      if (!predicting.has(name)) {
        problems.push(
          `pathways: the stochastic area "${name}" predicts no area (no feedback or lateral pathway leaves it), so it would explain nothing of the image`,
        );
      }
    }
    return problems;
  },
};

/**
 * The predictive-coding VAE's description (zod schema): input size, likelihood, latent and
 * hidden sizes, area names, and the pathways when they are not the chain.
 */
export const PcVaeSpec = z
  .object({
    inputSize: wholeNumber(1, L.inputSize).default(784),
    likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
    /** Sizes of the stochastic areas, from the lowest (z1) to the top. */
    latentSizes: z.array(wholeNumber(1, L.areaSize)).min(1).default([20]),
    /** Hidden width of the maps into and out of each stochastic area (the last repeats). */
    hiddenSizes: z.array(wholeNumber(1, L.hidden)).min(1).default([400]),
    /**
     * Names of the areas, the sensory area first and then each stochastic area
     * bottom to top (default `sensory`, `z1`, `z2`, ...). One name per area.
     */
    areaNames: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z][\w-]*$/, 'area names start with a letter: letters, digits, _ and -'),
      )
      .optional(),
    /** Every pathway (the whole graph); absent: reciprocal pathways between neighbours. */
    pathways: pathwaysField(pcvaeGraphs),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.areaNames !== undefined) {
      let named = true;
      if (spec.areaNames.length !== spec.latentSizes.length + 1) {
        named = false;
        ctx.addIssue({
          code: 'custom',
          path: ['areaNames'],
          message: `expected ${spec.latentSizes.length + 1} names (the sensory area and one per latent size), got ${spec.areaNames.length}`,
        });
      }
      const seen = new Set<string>();
      spec.areaNames.forEach((name, i) => {
        if (seen.has(name)) {
          named = false;
          ctx.addIssue({
            code: 'custom',
            path: ['areaNames', i],
            message: `"${name}" is used twice`,
          });
        }
        seen.add(name);
      });
      if (!named) return;
    }
    if (spec.pathways === undefined) return;
    checkPathways(ctx, () => pcvaeHierarchySpec(spec, 0), pcvaeGraphs, [
      'inputSize',
      'latentSizes',
      'hiddenSizes',
      'pathways',
    ]);
  });
/** A validated predictive-coding VAE description. */
export type PcVaeSpec = z.infer<typeof PcVaeSpec>;
/** A pcvae description as a user writes it (defaults, and a pathway's gain, may be left out). */
export type PcVaeSpecInput = z.input<typeof PcVaeSpec>;

/** The names of a pcvae's areas: the sensory area first, then the stochastic areas bottom to top. */
export function pcvaeAreaNames(spec: PcVaeSpec): string[] {
  return spec.areaNames ?? ['sensory', ...spec.latentSizes.map((_, i) => `z${i + 1}`)];
}

/**
 * The cortex hierarchy a pcvae spec describes: its pathways, or reciprocal pathways between
 * neighbours when it gives none.
 */
export function pcvaeHierarchySpec(spec: PcVaeSpec, seed: number): HierarchySpecInput {
  const names = pcvaeAreaNames(spec);
  const areas = [
    {
      name: names[0]!,
      size: spec.inputSize,
      activation: spec.likelihood === 'bernoulli' ? ('sigmoid' as const) : ('linear' as const),
      likelihood: spec.likelihood,
    },
    ...spec.latentSizes.map((size, i) => {
      const hidden = spec.hiddenSizes[Math.min(i, spec.hiddenSizes.length - 1)]!;
      return {
        name: names[i + 1]!,
        size,
        stochastic: true,
        recognitionHidden: [hidden],
        generativeHidden: [hidden],
      };
    }),
  ];
  return { areas, pathways: spec.pathways ?? reciprocalPathways(names), seed };
}

/** The sensory area of a pcvae model spec: the image, one value a pixel (its size must match the data). */
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
    namesUsedOnce('areas')(areas, ctx);
  });

/** The default pcvae areas: 784 sensory units under one stochastic area of 20 (a fresh copy). */
export function defaultPcVaeAreas(): z.output<typeof PcVaeAreas> {
  return [
    { name: 'sensory', size: 784 },
    { name: 'z1', size: 20, hidden: 400 },
  ];
}

/** The predictive-coding VAE's model spec: a sensory area under one or more stochastic areas. */
export const PcVaeModelSpec = z
  .object({
    kind: z.literal('pcvae'),
    /** The sensory area first, then each stochastic area bottom to top. */
    areas: PcVaeAreas.default(defaultPcVaeAreas),
    ...trainingFields,
    ...workersField,
    ...settlingFields,
    /** Importance samples for the test -log p(x) (0: skip). */
    iwaeK: wholeNumber(0, L.iwaeK)
      .default(0)
      .describe('Importance samples for the test -log p(x) (0: skip).'),
    /** Every pathway between its areas (the whole graph); absent: the chain. */
    pathways: pathwaysField(pcvaeGraphs),
  })
  .strict()
  .superRefine(checkPcVaePathways);
/** A validated pcvae model spec, defaults filled in. */
export type PcVaeModelSpec = z.output<typeof PcVaeModelSpec>;

/** What of a model spec (or a live one) describes a pcvae's network: its areas and pathways. */
export type PcVaeNetwork = Pick<PcVaeModelSpec, 'areas'> &
  Partial<Pick<PcVaeModelSpec, 'pathways'>>;

/**
 * Check the pathways a pcvae's spec gives (a model spec, or a live slot: its `areas` and
 * `pathways`) as a graph the pcvae trains, one zod issue at its path per problem.
 */
export function checkPcVaePathways(spec: PcVaeNetwork, ctx: z.RefinementCtx): void {
  if (spec.pathways === undefined) return;
  checkPathways(ctx, () => pcvaeHierarchySpec(pcvaeDescription(spec), 0), pcvaeGraphs, [
    'areas',
    'pathways',
  ]);
}

/** The description a model spec's areas and pathways make, unchecked (names always given). */
function pcvaeDescription(spec: PcVaeNetwork): PcVaeSpec {
  const [sensory, ...latents] = spec.areas;
  return {
    inputSize: sensory.size,
    likelihood: 'bernoulli',
    latentSizes: latents.map((area) => area.size),
    hiddenSizes: latents.map((area) => area.hidden),
    areaNames: spec.areas.map((area) => area.name),
    ...(spec.pathways !== undefined ? { pathways: spec.pathways } : {}),
  };
}

/**
 * The weights of the pathways a model spec gives (and of the areas they wire), counted as the
 * cortex builds them, for its memory estimate; undefined for the chain.
 */
export function pcvaeGraphWeights(spec: PcVaeNetwork): HierarchyWeights | undefined {
  if (spec.pathways === undefined) return undefined;
  return hierarchyWeights(pcvaeHierarchySpec(pcvaeDescription(spec), 0));
}

/**
 * The PcVaeSpec a pcvae model spec describes (Bernoulli sensory area, the
 * data's size, its pathways if it gives them). Default names (`sensory`, `z1`,
 * ...) are left implicit, so a run with them matches checkpoints made before
 * areas had names.
 */
export function pcvaeSpecOf(spec: PcVaeNetwork): PcVaeSpec {
  const { areaNames, ...description } = pcvaeDescription(spec);
  const defaults = pcvaeAreaNames(description);
  const named = areaNames!.every((name, i) => name === defaults[i]);
  return PcVaeSpec.parse(named ? description : { ...description, areaNames });
}
