/**
 * The predictive-coding VAE as a cortex description: a sensory area (Bernoulli
 * for binary images, Gaussian for continuous data) under one or more stochastic
 * areas. Each stochastic area recognises the area below through an MLP
 * (amortized q(z_l | below)) and predicts it through another (p(below | z_l)).
 */
import { z } from 'zod';
import { reciprocalPathways, type HierarchySpecInput } from '../../cortex/index.ts';

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
