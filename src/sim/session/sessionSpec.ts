/**
 * A live session described as data: the models' sizes, the training batch per
 * tick, the data set, the display limits and the history kept for late joiners.
 * Tests build tiny sessions from the same description.
 */
import { z } from 'zod';
import { DATASET_NAMES } from '../../data/index.ts';
import { SessionMode } from './vocabulary.ts';
import { SessionClassifier } from './sessionClassifier.ts';
import { SessionGenerative } from './sessionGenerative.ts';

const positive = z.number().int().positive();

/** A live session as data (validated; every field has a default). */
export const SessionSpec = z
  .object({
    seed: z.number().int().nonnegative().default(1),
    dataset: z.enum(DATASET_NAMES).default('mnist'),
    /**
     * The generative model. A predictive-coding VAE of any depth (`kind` "pcvae", the
     * default), described as in a pcvae model spec: `areas`, the sensory area first (its
     * `size` must match the data set's image, 784 for 28x28), then each stochastic area
     * bottom to top with its `name`, `size` and maps' `hidden` width, e.g. retina, v1, v2,
     * it. Or a generative predictive-coding network (`kind` "pcgen": `latentSizes`,
     * `activation`, `inferenceSteps`, `inferenceRate`, `optimizer`), which has no encoder
     * and learns locally. The page draws whatever hierarchy this describes.
     */
    generative: SessionGenerative,
    /**
     * The classifier beside the generative model: `{ "kind": "mlp" }` (default), the
     * feedforward classifier with `classifierHidden`, or `{ "kind": "pcn", ... }`, a
     * predictive-coding network trained live by local learning (or backprop), with a pcn
     * model spec's fields (hiddenSizes, activation, learning, inferenceSteps,
     * inferenceRate, optimizer).
     */
    classifier: SessionClassifier,
    /** Hidden (relu) areas of the feedforward (`mlp`) classifier. */
    classifierHidden: z.array(positive).default([256, 256]),
    /** Images per training step; each train tick takes one step for each model. */
    batchSize: positive.default(32),
    learningRate: z.number().positive().default(1e-3),
    /**
     * Where training runs: `inline`, one step per train tick on the main thread
     * (deterministic: the same frames for the same seed), or `worker`, flat out in
     * a worker thread while train ticks only display (the live server's choice).
     */
    training: z.enum(['inline', 'worker']).default('inline'),
    /** Worker training: at most this often (ms) the display models get the weights. */
    weightSyncMs: z.number().int().min(10).max(10_000).default(300),
    /** Mode and ticks per second at start. */
    mode: SessionMode.default('train'),
    speed: z.number().min(0.5).max(120).default(30),
    playing: z.boolean().default(true),
    /** Train ticks between changes of the displayed test image. */
    displayEvery: positive.default(6),
    /** Predictive-coding iterations of one settle run, and their step on the free energy. */
    settleIterations: positive.max(1000).default(30),
    settleStep: z.number().positive().default(0.05),
    /**
     * Settle mode: once a run has done its iterations, move to the next test
     * image by itself after a short hold (true), or stay on the settled input
     * until the user asks for the next one (false, the default: a class can
     * watch one digit settle).
     */
    settleAutoAdvance: z.boolean().default(false),
    /** Areas larger than this are averaged down to it in frames (pictures are not). */
    maxDisplayValues: positive.default(128),
    /** Training steps averaged into one point of the curves. */
    curveEvery: positive.default(10),
    /** Points kept for late joiners. */
    curveHistory: positive.default(600),
    latentHistory: positive.default(500),
    /** Test images recognised for the latent view per displayed image. */
    latentPerDisplay: positive.max(64).default(8),
  })
  .strict();
/** A parsed session description. */
export type SessionSpec = z.infer<typeof SessionSpec>;
/** A session description as a user writes it (every field optional). */
export type SessionSpecInput = z.input<typeof SessionSpec>;
