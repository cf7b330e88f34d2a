/**
 * The amortized hybrid's description (zod): an encoder (amortized recognition) gives
 * the first guess, settling refines it, and the generative weights learn by the local
 * predictive-coding rule, as in ngc-learn's amortized demo.
 */
import { z } from 'zod';

/** The amortized hybrid's description, with its defaults. */
export const HybridSpec = z
  .object({
    inputSize: z.number().int().min(1).max(65_536).default(784),
    /** Units of the latent area (Gaussian, prior N(0, I)). */
    latentSize: z.number().int().min(1).max(4096).default(64),
    /** Hidden layers of the encoder (the feedforward pathway); the decoder has none: it learns locally. */
    recognitionHidden: z.array(z.number().int().min(1).max(8192)).max(4).default([256]),
    /** Settling iterations per training step (T). */
    inferenceSteps: z.number().int().min(1).max(10_000).default(20),
    /** Each image's first settling step (backtracking halves it where it would raise F). */
    inferenceRate: z.number().positive().max(100).default(0.1),
    /** Adam's learning rate, for the local update and for the encoder. */
    learningRate: z.number().positive().max(1).default(1e-3),
    seed: z.number().int().nonnegative().default(1),
  })
  .strict();
/** A validated hybrid description. */
export type HybridSpec = z.infer<typeof HybridSpec>;
/** A hybrid description as a user writes it. */
export type HybridSpecInput = z.input<typeof HybridSpec>;
