/**
 * The predictive-coding VAE as a cortex description: a sensory area (Bernoulli
 * for binary images, Gaussian for continuous data) under one or more stochastic
 * areas. Each stochastic area recognises the area below through an MLP
 * (amortized q(z_l | below)) and predicts it through another (p(below | z_l)).
 */
import { z } from 'zod';
import { reciprocalPathways, type HierarchySpecInput } from '../../cortex/index.ts';

export const PcVaeSpec = z
  .object({
    inputSize: z.number().int().positive().default(784),
    likelihood: z.enum(['bernoulli', 'gaussian']).default('bernoulli'),
    /** Sizes of the stochastic areas, from the lowest (z1) to the top. */
    latentSizes: z.array(z.number().int().positive()).min(1).default([20]),
    /** Hidden width of the maps into and out of each stochastic area (the last repeats). */
    hiddenSizes: z.array(z.number().int().positive()).min(1).default([400]),
  })
  .strict();
export type PcVaeSpec = z.infer<typeof PcVaeSpec>;

export function pcvaeHierarchySpec(spec: PcVaeSpec, seed: number): HierarchySpecInput {
  const areas = [
    {
      name: 'sensory',
      size: spec.inputSize,
      activation: spec.likelihood === 'bernoulli' ? ('sigmoid' as const) : ('linear' as const),
      likelihood: spec.likelihood,
    },
    ...spec.latentSizes.map((size, i) => {
      const hidden = spec.hiddenSizes[Math.min(i, spec.hiddenSizes.length - 1)]!;
      return {
        name: `z${i + 1}`,
        size,
        stochastic: true,
        recognitionHidden: [hidden],
        generativeHidden: [hidden],
      };
    }),
  ];
  return { areas, pathways: reciprocalPathways(areas.map((a) => a.name)), seed };
}
