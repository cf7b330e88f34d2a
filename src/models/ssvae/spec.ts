/**
 * The semi-supervised generative classifier as a description: a predictive-coding
 * VAE (sensory area under a stochastic area z1, Kingma et al. 2014's M1) with a
 * class area on top. The class area holds two latents, the class y (categorical)
 * and a style z2 (Gaussian), and predicts z1 from both (M2 stacked on M1).
 */
import { z } from 'zod';
import { classAreaKinds } from './classAreaModel.ts';

/**
 * The semi-supervised generative classifier's description (zod schema): the sizes of
 * z1, the style z2 and their maps, the classes, and the weight of the labels.
 */
export const SsVaeSpec = z
  .object({
    inputSize: z.number().int().positive().default(784),
    classes: z.number().int().min(2).default(10),
    /** Size of the lower stochastic area z1 and the hidden width of its maps. */
    latentSize: z.number().int().positive().default(20),
    hiddenSize: z.number().int().positive().default(400),
    /** Size of the class area's style latent z2 and the hidden width of its maps. */
    styleSize: z.number().int().positive().default(10),
    classHiddenSize: z.number().int().positive().default(500),
    /**
     * Weight of the labelled images' cross-entropy, per image, next to the
     * -ELBO terms (Kingma et al.'s alpha divided by the number of images).
     */
    labelWeight: z.number().positive().default(10),
    /**
     * How the class area is built: `dense` (default; its own joint networks, with which the
     * committed results were made) or `cortex` (a categorical area y and a stochastic area z2
     * predicting z1 and its precision through a deterministic joint area; the same accuracy,
     * docs/models.md).
     */
    classArea: z.enum(classAreaKinds).default('dense'),
  })
  .strict();
/** A validated ssvae description. */
export type SsVaeSpec = z.infer<typeof SsVaeSpec>;
