/**
 * A live session described as data: its two models (each its kind's spec narrowed for a live
 * page, or a trained model), the training batch per tick, the data set, the display limits
 * and the history kept for late joiners. Every number is bounded, so a typo
 * (`classifierHidden: [1e9]`, `curveHistory: 1e12`) is refused before anything is allocated;
 * the models' memory estimate is checked against `maxMemoryMiB` before they are built
 * (sessionMemory.ts). Tests build tiny sessions from the same description.
 */
import { z } from 'zod';
import { positiveNumber, seedNumber, wholeNumber } from '../../cortex/specFields.ts';
import { DATASET_NAMES } from '../../data/index.ts';
import { ClassifierModelSpec } from '../../models/classifier/spec.ts';
import { LIVE_MLP_HIDDEN } from '../../models/classifier/live.ts';
import { liveSizes } from '../../models/live.ts';
import { DEFAULT_MEMORY_LIMIT } from '../../models/memory.ts';
import { SessionMode } from './vocabulary.ts';
import { modelKindNames } from '../../models/kinds.ts';
import { sessionClassifierSchema } from './sessionClassifier.ts';
import { sessionGenerativeSchema } from './sessionGenerative.ts';

/**
 * Bounds of a session's own numbers: far above anything a page shows well, far below a typo.
 * Model sizes are bounded by each kind's live spec (models/live.ts LIVE_LIMITS).
 */
export const SESSION_LIMITS = {
  batchSize: 1024,
  history: 100_000,
  displayValues: 4096,
  curveEvery: 10_000,
  displayEvery: 100_000,
  learningRate: 10,
  settleStep: 100,
  memoryMiB: 1024 * 1024,
} as const;

const L = SESSION_LIMITS;

/** The session spec's object schema with these two slot schemas. */
function sessionSpecWith(
  generative: ReturnType<typeof sessionGenerativeSchema>,
  classifier: ReturnType<typeof sessionClassifierSchema>,
) {
  return z
    .object({
      seed: seedNumber().default(1),
      dataset: z.enum(DATASET_NAMES).default('mnist'),
      /**
       * The generative model. A predictive-coding VAE of any depth (`kind` "pcvae", the
       * default), described as in a pcvae model spec: `areas`, the sensory area first (its
       * `size` must match the data set's image, 784 for 28x28), then each stochastic area
       * bottom to top with its `name`, `size` and maps' `hidden` width, e.g. retina, v1, v2,
       * it. Or a generative predictive-coding network (`kind` "pcgen": `latentSizes`,
       * `activation`, `inferenceSteps`, `inferenceRate`, `optimizer`), which has no encoder
       * and learns locally. `trained` names a model trained by `neocortex train` (its run
       * folder, checkpoint or metrics.json) to start from. The page draws whatever hierarchy
       * this describes.
       */
      generative,
      /**
       * The classifier beside the generative model: `{ "kind": "mlp" }` (default), the
       * feedforward classifier with `classifierHidden`, or `{ "kind": "pcn", ... }`, a
       * predictive-coding network trained live by local learning (or backprop), with a pcn
       * model spec's fields (hiddenSizes, activation, learning, inferenceSteps,
       * inferenceRate, optimizer).
       */
      classifier,
      /**
       * Hidden (relu) areas of the feedforward (`mlp`) classifier when its spec gives no
       * `hidden`: at most 8 areas of at most 4,096 units.
       */
      classifierHidden: liveSizes(ClassifierModelSpec.shape.hidden.unwrap()).default(
        LIVE_MLP_HIDDEN,
      ),
      /** Images per training step; each train tick takes one step for each model. */
      batchSize: wholeNumber(1, L.batchSize).default(32),
      /** Adam's learning rate, for the models whose spec names no optimizer. */
      learningRate: positiveNumber(L.learningRate).default(1e-3),
      /**
       * The most memory (MiB) the session's models may need to train, as estimated from their
       * specs before anything is built (two copies with worker training); a session over it is
       * refused, naming the estimate.
       */
      maxMemoryMiB: wholeNumber(1, L.memoryMiB).default(DEFAULT_MEMORY_LIMIT / 1024 ** 2),
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
      displayEvery: wholeNumber(1, L.displayEvery).default(6),
      /** Predictive-coding iterations of one settle run, and their step on the free energy. */
      settleIterations: wholeNumber(1, 1000).default(30),
      settleStep: positiveNumber(L.settleStep).default(0.05),
      /**
       * Settle iterations per second (settle mode ticks at this pace, not at `speed`): 10 by
       * default, so a class sees a run of 30 iterations unfold over three seconds.
       */
      settleSpeed: z.number().min(0.5).max(120).default(10),
      /**
       * Settle mode: once a run has done its iterations, move to the next test
       * image by itself after a short hold (true), or stay on the settled input
       * until the user asks for the next one (false, the default: a class can
       * watch one digit settle).
       */
      settleAutoAdvance: z.boolean().default(false),
      /** Areas larger than this are averaged down to it in frames (pictures are not). */
      maxDisplayValues: wholeNumber(1, L.displayValues).default(128),
      /** Training steps averaged into one point of the curves. */
      curveEvery: wholeNumber(1, L.curveEvery).default(10),
      /** Points kept for late joiners: of the training curves, and of the latent view. */
      curveHistory: wholeNumber(1, L.history).default(600),
      latentHistory: wholeNumber(1, L.history).default(500),
      /** Test images recognised for the latent view per displayed image. */
      latentPerDisplay: wholeNumber(1, 64).default(8),
    })
    .strict();
}

/**
 * A live session as data (validated; every field has a default), with the kinds registered
 * when this module loaded (the built-in ones): the schema of the JSON Schema file and of
 * `neocortex spec session`. {@link sessionSpecSchema} also knows kinds registered since.
 */
export const SessionSpec = sessionSpecWith(sessionGenerativeSchema(), sessionClassifierSchema());

let current = { kinds: modelKindNames().join(','), schema: SessionSpec };

/**
 * The session spec's schema for the kinds registered now: {@link SessionSpec}, or, once a
 * user's kind is registered (a plugin), one whose slots know it too. Parse specs with this.
 */
export function sessionSpecSchema(): typeof SessionSpec {
  const kinds = modelKindNames().join(',');
  if (kinds !== current.kinds) {
    current = {
      kinds,
      schema: sessionSpecWith(sessionGenerativeSchema(), sessionClassifierSchema()),
    };
  }
  return current.schema;
}
/** A parsed session description. */
export type SessionSpec = z.infer<typeof SessionSpec>;
/** A session description as a user writes it (every field optional). */
export type SessionSpecInput = z.input<typeof SessionSpec>;
