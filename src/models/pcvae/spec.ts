/**
 * The predictive-coding VAE as a cortex description: a sensory area (Bernoulli
 * for binary images, Gaussian for continuous data) under one or more stochastic
 * areas. Each stochastic area recognises the area below through an MLP
 * (amortized q(z_l | below)) and predicts it through another (p(below | z_l)).
 */
import { z } from 'zod';
import { reciprocalPathways, type HierarchySpecInput } from '../../cortex/index.ts';
import { areaName, wholeNumber } from '../../cortex/specFields.ts';
import {
  MODEL_LIMITS as L,
  namesUsedOnce,
  settlingFields,
  trainingFields,
  workersField,
} from '../modelSpec/schema.ts';

/**
 * The predictive-coding VAE's description (zod schema): input size, likelihood, latent and
 * hidden sizes, area names.
 */
export const PcVaeSpec = z
  .object({
    inputSize: z.number().int().positive().default(784),
    likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
    /** Sizes of the stochastic areas, from the lowest (z1) to the top. */
    latentSizes: z.array(z.number().int().positive()).min(1).default([20]),
    /** Hidden width of the maps into and out of each stochastic area (the last repeats). */
    hiddenSizes: z.array(z.number().int().positive()).min(1).default([400]),
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
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.areaNames === undefined) return;
    if (spec.areaNames.length !== spec.latentSizes.length + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['areaNames'],
        message: `expected ${spec.latentSizes.length + 1} names (the sensory area and one per latent size), got ${spec.areaNames.length}`,
      });
    }
    const seen = new Set<string>();
    spec.areaNames.forEach((name, i) => {
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['areaNames', i],
          message: `"${name}" is used twice`,
        });
      }
      seen.add(name);
    });
  });
/** A validated predictive-coding VAE description. */
export type PcVaeSpec = z.infer<typeof PcVaeSpec>;

/** The names of a pcvae's areas: the sensory area first, then the stochastic areas bottom to top. */
export function pcvaeAreaNames(spec: PcVaeSpec): string[] {
  return spec.areaNames ?? ['sensory', ...spec.latentSizes.map((_, i) => `z${i + 1}`)];
}

/** The cortex hierarchy a pcvae spec describes (reciprocal pathways between neighbours). */
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
  return { areas, pathways: reciprocalPathways(areas.map((a) => a.name)), seed };
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
  })
  .strict();
/** A validated pcvae model spec, defaults filled in. */
export type PcVaeModelSpec = z.output<typeof PcVaeModelSpec>;

/**
 * The PcVaeSpec a pcvae model spec describes (Bernoulli sensory area, the
 * data's size). Default names (`sensory`, `z1`, ...) are left implicit, so a
 * run with them matches checkpoints made before areas had names.
 */
export function pcvaeSpecOf(spec: Pick<PcVaeModelSpec, 'areas'>): PcVaeSpec {
  const [sensory, ...latents] = spec.areas;
  const names = spec.areas.map((area) => area.name);
  const parsed = PcVaeSpec.parse({
    inputSize: sensory.size,
    likelihood: 'bernoulli',
    latentSizes: latents.map((area) => area.size),
    hiddenSizes: latents.map((area) => area.hidden),
  });
  const defaults = pcvaeAreaNames(parsed);
  if (names.every((name, i) => name === defaults[i])) return parsed;
  return PcVaeSpec.parse({ ...parsed, areaNames: names });
}
