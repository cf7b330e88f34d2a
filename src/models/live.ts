/**
 * What a model kind does in a live session: its live facet. A session has two slots, a
 * generative model (recognize, generate, settle, learn) and a classifier (classify, learn);
 * a kind that can fill one offers a facet for it: how the live page's narrowing of its spec
 * reads, how a model is built from that spec and the data's shape, how much memory it would
 * take, which trained models it accepts, and the captions the page shows for it. The session
 * dispatches through the facet and never asks which kind it holds.
 *
 * Everything a live model returns is a Float32Array copy or a plain number: no tensor leaves
 * a call.
 */
import { z } from 'zod';
import type { HierarchySpec } from '../cortex/spec.ts';
import type { MemoryEstimate } from './kind.ts';
import type { LocalStepTrace } from './localStepTrace.ts';
import type { TrainedModel } from './trainedModel.ts';

/**
 * Largest models a live page runs: areas above the sensory one, units of an area (or of a
 * map's hidden layer), and settle iterations of a local step (every frame carries each area,
 * and each iteration of the latest local step).
 */
export const LIVE_LIMITS = { areas: 8, units: 4096, inferenceSteps: 200 } as const;

/** The field every slot takes: a trained model to watch instead of fresh weights. */
export const trainedField = z
  .string()
  .min(1)
  .optional()
  .describe(
    'A trained model for this slot: a run folder of `neocortex train`, its checkpoint.bin or ' +
      'its metrics.json (of the same kind and areas).',
  );

/**
 * Add an issue for every entry of `sizes` above {@link LIVE_LIMITS}.units, and one when
 * there are more than {@link LIVE_LIMITS}.areas; `path` leads from the refined value to the
 * list, `first` is the index of its first entry there, `what` names an entry ("units").
 */
export function checkLiveSizes(
  ctx: z.RefinementCtx,
  sizes: readonly number[],
  path: (string | number)[] = [],
  what = 'units',
  first = 0,
): void {
  if (sizes.length > LIVE_LIMITS.areas) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `expected at most ${LIVE_LIMITS.areas} areas on a live page, got ${sizes.length}`,
    });
  }
  sizes.forEach((size, i) => {
    if (size > LIVE_LIMITS.units) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, first + i],
        message: `expected at most ${LIVE_LIMITS.units} ${what} on a live page, got ${size}`,
      });
    }
  });
}

/** Check a live bound only on a value its kind's own bounds let through (one problem a field). */
const ownBoundsPassed = (payload: { issues: readonly unknown[] }): boolean =>
  payload.issues.length === 0;

/** Run a refinement only on a value that passed its kind's own bounds (one problem a field). */
export const afterOwnBounds = { when: ownBoundsPassed };

/**
 * A bound's parameters with its message, checked only once the kind's own bounds passed (zod
 * runs a check's `when` at parse time; its typings leave it out of `max`'s parameters).
 */
function liveBound(message: (input: unknown) => string): {
  error: (issue: { input?: unknown }) => string;
} {
  return { error: (issue) => message(issue.input), when: ownBoundsPassed } as {
    error: (issue: { input?: unknown }) => string;
  };
}

/**
 * A kind's list of area sizes, narrowed to what a live page runs: at most
 * {@link LIVE_LIMITS}.areas areas of at most {@link LIVE_LIMITS}.units units, on top of the
 * kind's own checks (kept as they are). The JSON Schema shows the tighter bounds.
 */
export function liveSizes(sizes: z.ZodArray<z.ZodNumber>): z.ZodArray<z.ZodNumber> {
  const unit = sizes.element.max(
    LIVE_LIMITS.units,
    liveBound(
      (input) => `expected at most ${LIVE_LIMITS.units} units on a live page, got ${String(input)}`,
    ),
  );
  const own = (sizes._zod.def.checks ?? []) as z.core.$ZodCheck<number[]>[];
  return z
    .array(unit)
    .check(...own)
    .max(
      LIVE_LIMITS.areas,
      liveBound(
        (input) =>
          `expected at most ${LIVE_LIMITS.areas} areas on a live page, got ${(input as unknown[]).length}`,
      ),
    );
}

/** A kind's settle iterations, narrowed to what a live page runs (a frame carries each). */
export function liveSettleSteps(steps: z.ZodNumber): z.ZodNumber {
  return steps.max(
    LIVE_LIMITS.inferenceSteps,
    liveBound(
      (input) =>
        `expected at most ${LIVE_LIMITS.inferenceSteps} settle iterations on a live page, got ${String(input)}`,
    ),
  );
}

/** `schema` with `from`'s description, if it has one (a narrowed field keeps its words). */
export function describedAs<T extends z.ZodType>(schema: T, from: z.ZodType): T {
  return from.description === undefined ? schema : (schema.describe(from.description) as T);
}

/** The two places a live session holds a model. */
export type LiveSlot = 'generative' | 'classifier';

/** What a live model is built with besides its own spec. */
export interface LiveBuildContext {
  /** Pixels per image of the session's data set (the sensory area's size). */
  inputSize: number;
  /** Classes of the data set (the size of a classifier's class area). */
  classes: number;
  /** Seed of the initial weights. */
  seed: number;
  /** The session's learning rate, for a kind whose spec names no optimizer (Adam at this rate). */
  learningRate: number;
  /** Images per training step (for the memory estimate). */
  batchSize: number;
}

/**
 * Words the page shows for a model, provided by its kind (the page names no kind). Panel and
 * mode captions left out keep the page's general wording.
 */
export interface LiveCaptions {
  /** Above the model's column of the diagram, e.g. "Predictive-coding VAE". */
  title: string;
  /** The heading of the model's panel (its top-area code, or its class probabilities). */
  heading: string;
  /** A longer description shown when the heading is pointed at. */
  headingTitle?: string;
  /** Captions of page panels that differ for this kind, by panel (`diagram`, `compare`, `curves`, ...). */
  panels?: Readonly<Record<string, string>>;
  /** Captions of the session's modes that differ for this kind, by mode (`train`, `recognize`, ...). */
  modes?: Readonly<Record<string, string>>;
  /** A generative model's training curve: its title and the names of its three series. */
  curve?: { title: string; negElbo: string; reconstruction: string; kl: string };
  /** A generative model's free-energy chart title outside settle mode (train, recognize). */
  freeEnergy?: string;
  /**
   * A model that learns locally: the title of its local-learning chart and what its step holds
   * fixed while the rest settles (one sentence).
   */
  localLearning?: { title: string; clamped: string };
}

/** What every live model offers, whatever its slot. */
export interface LiveModel {
  /** Its kind's name (shown, never compared, by the page). */
  readonly kind: string;
  /** How it learns: `local` (each pathway from its own two areas) or `backprop`. */
  readonly learning: 'local' | 'backprop';
  /** What the page says about it. */
  readonly captions: LiveCaptions;
  /** Its hierarchy as built, for the diagram. */
  readonly hierarchySpec: HierarchySpec;
  /** Every weight, as one flat copy (the order `loadWeights` takes). */
  weights(): Float32Array;
  /** Take weights another copy of this model made with `weights()`. */
  loadWeights(flat: Float32Array): void;
  /**
   * Take a trained model's weights (from its checkpoint): refused with a clear error, nothing
   * changed, when its kind, its areas or its weights' shapes differ from this model's.
   */
  loadTrained(trained: TrainedModel): void;
  /** Free its tensors and optimizer. */
  dispose(): void;
}

/** The generative areas' activity for one input, bottom (sensory) to top. */
export interface GenerativeView {
  /** Each area above the sensory one, bottom to top: its state. */
  latents: Float32Array[];
  /** RMS prediction error of each area above the sensory one, bottom to top. */
  latentErrors: number[];
  /** The prediction of the sensory area, 0..1. */
  prediction: Float32Array;
}

/** What recognizing inputs found for the first of them. */
export interface Recognition extends GenerativeView {
  /** The top area's state for every input, one row each (rows * topSize). */
  topMeans: Float32Array;
  /** The free energy of the first input (nats): its -ELBO, or its free energy after settling. */
  negElbo: number;
}

/** One predictive-coding iteration, as it ended. */
export interface SettleStep extends GenerativeView {
  /** Free energy at the iteration's compare phase (nats). */
  freeEnergy: number;
}

/** What one training step of a generative model measured (means per image, nats). */
export interface GenerativeStepReport {
  /** Its cost: the -ELBO, or the free energy at the settled states. */
  negElbo: number;
  /** The sensory area's share of the cost (reconstruction); the rest is the latents' (KL). */
  reconstruction: number;
  /** A local step's energies, area by area (a model learning by backprop has none). */
  trace?: LocalStepTrace;
}

/** What one training step of a classifier measured on its batch. */
export interface ClassifierStepReport {
  /** Mean cross-entropy (nats). */
  crossEntropy: number;
  /** Images of the batch classified right (before the step). */
  correct: number;
  /** A local step's energies, area by area (a model learning by backprop has none). */
  trace?: LocalStepTrace;
}

/** Where a settle run starts: the recognition's guess, where the last run left, or at rest. */
export type SettleStart = 'recognition' | 'current';

/** A live generative model: recognize, generate, settle and learn. */
export interface LiveGenerativeModel extends LiveModel {
  /** The sensory area's name. */
  readonly sensoryArea: string;
  /** The areas above the sensory one, bottom to top. */
  readonly latentAreas: readonly string[];
  /** Units of the top area (clamped and dreamed from). */
  readonly topSize: number;
  /** One training step on binary images (rows), posterior noise (if any) from `noiseSeed`. */
  trainStep(binary: Float32Array, noiseSeed: number): GenerativeStepReport;
  /**
   * Recognize `inputs` (rows; the first is the one shown) and predict the first back: each
   * area's prediction of the one below from its own recognized state. With `clamp`ed top units
   * (one entry per unit, null for free), the prediction comes down from the clamped top instead.
   */
  recognize(inputs: Float32Array, clamp: readonly (number | null)[], seed: number): Recognition;
  /** A dream: every area's state generated down from one top state. */
  generate(top: Float32Array): GenerativeView;
  /**
   * Settle `input` (one row) for `iterations` predictive-coding iterations of first step
   * `stepSize`, from the recognition's guess (a model without an encoder starts at rest) or
   * from where the last settle left (`current`); `known` (1 seen, 0 hidden, a pixel each)
   * marks occluded pixels as unknown. Each iteration as it ended.
   */
  settle(
    input: Float32Array,
    iterations: number,
    stepSize: number,
    start: SettleStart,
    known?: Float32Array,
  ): SettleStep[];
  /** Silence (or restore) every feedback pathway. */
  lesionFeedback(lesioned: boolean): void;
}

/** The classifier's areas and logits for one input. */
export interface ClassifierView {
  /** Each area above the image, bottom to top, for the first input. */
  areas: Float32Array[];
  /** The class logits (or log-probabilities). */
  logits: Float32Array;
}

/** A live classifier: classify and learn. */
export interface LiveClassifierModel extends LiveModel {
  /** One training step on grey-level images (rows) and their labels. */
  trainStep(grey: Float32Array, labels: Uint8Array): ClassifierStepReport;
  /** The classifier's areas and logits for one input, by one sweep up. */
  classify(input: Float32Array): ClassifierView;
}

/** The model a slot holds. */
export interface LiveModelOf {
  generative: LiveGenerativeModel;
  classifier: LiveClassifierModel;
}

/**
 * A model kind's live facet for one slot: `S` is the session's narrowing of the kind's spec
 * (zod schema `spec`, with `kind` its discriminator).
 */
export interface LiveFacet<Slot extends LiveSlot = LiveSlot, S extends { kind: string } = never> {
  /** The kind's name, as a session spec's `kind` gives it. */
  readonly kind: string;
  /** The slot it fills. */
  readonly slot: Slot;
  /**
   * The live session's narrowing of the kind's one spec: the fields a live page uses, with
   * tighter bounds where a page needs them (every frame carries each area).
   */
  readonly spec: z.ZodType<S>;
  /**
   * The memory the model would take to train live (weights, gradients, optimizer moments and
   * one batch's activity), estimated from its spec alone, before anything is allocated.
   */
  estimateBytes(spec: S, context: LiveBuildContext): MemoryEstimate;
  /** Build the model (its weights from `context.seed`) and its optimizer. */
  build(spec: S, context: LiveBuildContext): LiveModelOf[Slot];
  /**
   * The slot's spec completed by the trained model it names (a kind whose spec gives pathways
   * takes the trained run's when the slot gives none), before anything is built; a trained
   * model that cannot fill the slot is refused (a CheckpointError naming both). Left out, the
   * spec is built as given and the model's `loadTrained` checks the weights.
   */
  fromTrained?(spec: S, trained: TrainedModel, context: LiveBuildContext): S;
}

/** Any facet of a slot, whatever its spec. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLiveFacet<Slot extends LiveSlot = LiveSlot> = LiveFacet<Slot, any>;
