/**
 * The semi-supervised generative classifier as a description: a predictive-coding
 * VAE (sensory area under a stochastic area z1, Kingma et al. 2014's M1) with a
 * class area on top. The class area holds two latents, the class y (categorical)
 * and a style z2 (Gaussian), and predicts z1 from both (M2 stacked on M1).
 */
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../../cortex/specFields.ts';
import { MODEL_LIMITS as L, settlingFields, trainingFields } from '../modelSpec/schema.ts';
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

/** The semi-supervised generative classifier's model spec: a pcvae with a class area on top. */
export const SsVaeModelSpec = z
  .object({
    kind: z.literal('ssvae'),
    /** The lower stochastic area z1 and the hidden width of its maps. */
    latentSize: wholeNumber(1, L.areaSize).default(20),
    hiddenSize: wholeNumber(1, L.hidden).default(400),
    /** Labelled images, balanced across classes (default: 10 a class). */
    labels: wholeNumber(1, L.labels)
      .optional()
      .describe('Labelled images, balanced across classes (default: 10 a class).'),
    /** Epochs of the class-area stage (default: `epochs`). */
    classEpochs: wholeNumber(1, L.epochs)
      .optional()
      .describe('Epochs of the class-area stage (default: `epochs`).'),
    /** Weight of the labelled images' cross-entropy. */
    labelWeight: positiveNumber(L.labelWeight)
      .default(10)
      .describe("Weight of the labelled images' cross-entropy."),
    /** The class area: its own dense networks (default) or cortex areas (see docs/models.md). */
    classArea: z
      .enum(classAreaKinds, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not one of ${classAreaKinds.join(', ')}`,
      })
      .default('dense')
      .describe('The class area: its own dense networks (default) or cortex areas.'),
    ...trainingFields,
    ...settlingFields,
  })
  .strict();
/** A validated ssvae model spec, defaults filled in. */
export type SsVaeModelSpec = z.output<typeof SsVaeModelSpec>;
