/**
 * The figure-ground model as a description: an image explained as an object in
 * front of a background. Two stochastic areas, the object latent z_o and the
 * background latent z_b, each recognised from the image by its own encoder; the
 * object's generative map predicts the object's pixels and a per-pixel mask (the
 * object owns its silhouette), the background's predicts the background's pixels.
 * With `classes` > 0 the object's two maps also read a one-hot class (a
 * class-conditional object model, for analysis by synthesis); the background
 * never does.
 */
import { z } from 'zod';
import { wholeNumber } from '../../cortex/specFields.ts';

/** Bounds of a figure-ground spec: far above anything useful, far below a typo. */
export const FIGURE_GROUND_LIMITS = {
  inputSize: 1_000_000,
  latent: 10_000,
  hidden: 16_384,
  classes: 10_000,
} as const;

const L = FIGURE_GROUND_LIMITS;

/** One stochastic area of the figure-ground model: its size and the hidden width of its maps. */
export const FigureGroundAreaSpec = z
  .object({
    /** Units of the latent area. */
    latent: wholeNumber(1, L.latent),
    /** Hidden units of its recognition map (from the image) and its generative map (to the image). */
    hidden: wholeNumber(1, L.hidden),
  })
  .strict();

/**
 * The figure-ground model's description (zod schema): the image size, the object
 * and background areas, and the classes the object model is conditioned on (0:
 * none, an unsupervised model).
 */
export const FigureGroundSpec = z
  .object({
    inputSize: wholeNumber(1, L.inputSize).default(784),
    /** The object area z_o: predicts the object's pixels and the mask. */
    object: FigureGroundAreaSpec.default({ latent: 16, hidden: 200 }),
    /** The background area z_b: predicts the background's pixels. */
    background: FigureGroundAreaSpec.default({ latent: 8, hidden: 200 }),
    /**
     * Initial bias of the mask's logits. Negative: the background owns the scene at
     * first and learns the texture, and the object claims only the pixels the
     * background cannot explain (the two components are otherwise symmetric).
     */
    initialMaskLogit: z
      .number({ error: 'expected a number from -20 to 20' })
      .min(-20, { error: 'expected a number from -20 to 20' })
      .max(20, { error: 'expected a number from -20 to 20' })
      .default(-3),
    /**
     * Largest probability that a background pixel is on (background pixel =
     * ceiling · σ(logit)); 1 for none. Below 1, the background is a dimmer layer
     * behind the object: it cannot paint the object's bright strokes, so they
     * fall to the object and the mask becomes the object's silhouette.
     */
    backgroundCeiling: z
      .number({ error: 'expected a number greater than 0 and at most 1' })
      .gt(0, { error: 'expected a number greater than 0 and at most 1' })
      .max(1, { error: 'expected a number greater than 0 and at most 1' })
      .default(1),
    /** Classes the object's maps are conditioned on (one-hot); 0 for an unconditional model. */
    classes: z.union([z.literal(0), wholeNumber(2, L.classes)]).default(0),
  })
  .strict();

/** A validated figure-ground description. */
export type FigureGroundSpec = z.infer<typeof FigureGroundSpec>;
/** A figure-ground description as a user writes it (defaults may be left out). */
export type FigureGroundSpecInput = z.input<typeof FigureGroundSpec>;
