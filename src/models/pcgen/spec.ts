/**
 * The generative predictive-coding network (`pcgen`) as a cortex description, in the style of
 * Rao and Ballard (1999) and ngc-learn's GNCN-t1 (Ororbia and Kifer 2022): a Bernoulli sensory
 * area under a chain of Gaussian latent areas, wired by feedback pathways ONLY. There is no
 * encoder: the latent states are found by settling alone, from their resting state (zeros), and
 * the weights learn by the local rule (`Hierarchy.learn`).
 */
import { z } from 'zod';
import { activations, type HierarchySpecInput } from '../../cortex/spec.ts';
import { OptimizerSpec } from '../optimizerSpec.ts';

/**
 * A pcgen's description (zod schema): input size, latent sizes bottom to top, the latents'
 * activation, the settle (T iterations of step `inferenceRate`) and the optimizer.
 */
export const PcGenSpec = z
  .object({
    /** Pixels of an image: the sensory area's size. */
    inputSize: z.number().int().positive().default(784),
    /** Sizes of the latent areas, from the lowest (z1) to the root (the top). */
    latentSizes: z.array(z.number().int().positive()).min(1).default([360, 360, 360]),
    /**
     * Nonlinearity of the predictions of each latent area: z_l ~ N(act(W z_{l+1} + b), I).
     * The sensory prediction is always a sigmoid (Bernoulli).
     */
    activation: z.enum(activations).default('tanh'),
    /** Settling iterations T per batch, in training and before every read-out. */
    inferenceSteps: z.number().int().positive().default(20),
    /** Each image's first settling step (halved where it would raise its free energy). */
    inferenceRate: z.number().positive().default(0.1),
    /** How the local gradients are applied: `adam` or `sgd`, and its learning rate. */
    optimizer: OptimizerSpec.prefault({}),
  })
  .strict();
/** A validated pcgen description, with defaults filled in. */
export type PcGenSpec = z.infer<typeof PcGenSpec>;
/** A pcgen description as a user writes it: every field may be left to its default. */
export type PcGenSpecInput = z.input<typeof PcGenSpec>;

/** The area names of a pcgen: `sensory`, then `z1`, `z2`, ... bottom to top. */
export function pcgenAreaNames(spec: Pick<PcGenSpec, 'latentSizes'>): string[] {
  return ['sensory', ...spec.latentSizes.map((_, i) => `z${i + 1}`)];
}

/**
 * The hierarchy a pcgen is: sensory (sigmoid, Bernoulli) <- z1 <- ... <- zL, one feedback
 * pathway between each pair (a single linear map, as the local rule needs), no feedforward
 * pathway. The root zL has the prior N(0, I); every other latent is N(prediction, I).
 */
export function pcgenHierarchySpec(spec: PcGenSpec, seed: number): HierarchySpecInput {
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
    pathways: names.slice(1).map((from, i) => ({
      from,
      to: names[i]!,
      kind: 'feedback' as const,
    })),
    seed,
  };
}
