/**
 * The two models of a live session side by side, and what one tick asks of them: a training
 * step for each (each with its own optimizer, by its own rule), a recognition with the
 * prediction back down, a dream from a top state, and a predictive-coding settle run. Each
 * model is built by its kind's live facet (models/<kind>/live.ts, found by liveSlots.ts) and
 * used only through it: this file never asks which kind it holds. Everything returned is a
 * Float32Array copy; no tensor outlives a call.
 */
import type {
  ClassifierView,
  GenerativeView,
  LiveBuildContext,
  LiveClassifierModel,
  LiveGenerativeModel,
  LiveSlot,
  Recognition,
  SettleStart,
  SettleStep,
} from '../../models/live.ts';
import type { LocalStepTrace } from '../../models/localStepTrace.ts';
import type { TrainedModel } from '../../models/trainedModel.ts';
import { liveFacet } from './liveSlots.ts';
import type { SessionSpec } from './sessionSpec.ts';
import { slotSpecs } from './slotSpecs.ts';
import type { TrainStepLosses } from './training/curves.ts';
import type { LocalLearningTrace } from './vocabulary.ts';

export type { ClassifierView, GenerativeView, Recognition, SettleStep };

/** One training step's losses, and the local-learning trace of each model that learned locally. */
export interface SessionStepResult extends TrainStepLosses {
  /** Each locally trained model's step, area by area (no step number yet). */
  localLearning: Omit<LocalLearningTrace, 'step'>[];
}

/** Trained models to start from, by slot (read by `loadTrainedModel`). */
export type TrainedSlots = Partial<Record<LiveSlot, TrainedModel>>;

/** The session's generative model and classifier, each through its kind's live facet. */
export class SessionModels {
  /**
   * The session spec the models were built from: the one given, each slot completed by the
   * trained model it names (its kind's `fromTrained`: a trained run's pathways). A copy of the
   * models (the training worker's) is built from this one.
   */
  readonly spec: SessionSpec;
  /** How many of `weights()`' values are the generative model's (the classifier's follow). */
  private readonly generativeWeights: number;
  private generativeModel: LiveGenerativeModel;
  private classifierModel: LiveClassifierModel;
  /** What a fresh build of the models needs (`restartFromScratch`). */
  private readonly buildContext: LiveBuildContext;
  /** The feedback pathways are silenced (kept across a restart from scratch). */
  private feedbackLesioned = false;

  /**
   * @param spec - the session (its two slots, seed, rate, batch); its memory estimate was
   *   checked where the spec met its data (the Session, or `serve` before the backend started)
   * @param inputSize - pixels per image of the data set
   * @param classes - number of classes
   * @param trained - trained models to load into the slots (checked against them)
   */
  constructor(
    spec: SessionSpec,
    readonly inputSize: number,
    classes: number,
    trained: TrainedSlots = {},
  ) {
    const context: LiveBuildContext = {
      inputSize,
      classes,
      seed: spec.seed,
      learningRate: spec.learningRate,
      batchSize: spec.batchSize,
    };
    const given = slotSpecs(spec);
    const slots = {
      generative: completedBy('generative', given.generative, trained.generative, context),
      classifier: completedBy('classifier', given.classifier, trained.classifier, context),
    };
    this.spec = { ...spec, ...slots };
    this.buildContext = context;
    const built = buildFresh(this.spec, context);
    this.generativeModel = built.generative;
    this.classifierModel = built.classifier;
    try {
      if (trained.generative !== undefined) this.generative.loadTrained(trained.generative);
      if (trained.classifier !== undefined) this.classifier.loadTrained(trained.classifier);
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.generativeWeights = this.generative.weights().length;
  }

  /** The generative model (recognize, generate, settle, learn). */
  get generative(): LiveGenerativeModel {
    return this.generativeModel;
  }

  /** The classifier (classify, learn). */
  get classifier(): LiveClassifierModel {
    return this.classifierModel;
  }

  /**
   * Throw both models and their optimisers away and build them afresh from `spec` and its
   * seed: the random weights a session started from scratch has (no trained model is loaded),
   * fresh optimiser state, and the feedback lesion as it was. The old tensors are freed.
   */
  restartFromScratch(): void {
    const fresh = buildFresh(this.spec, this.buildContext);
    this.dispose();
    this.generativeModel = fresh.generative;
    this.classifierModel = fresh.classifier;
    if (this.feedbackLesioned) this.generativeModel.lesionFeedback(true);
  }

  /** Units in the top generative area (the one clamped and dreamed from). */
  get topSize(): number {
    return this.generative.topSize;
  }

  /** The generative model's areas above the sensory one, bottom to top. */
  get latentAreas(): readonly string[] {
    return this.generative.latentAreas;
  }

  /**
   * One step for each model on the same images, the step the CLI takes: the generative model
   * on `binary` (dynamically binarised) with posterior noise from `noiseSeed`, the classifier
   * on the grey levels `grey` with their labels. A model learning locally also reports its
   * step's trace: each area's energy per settle iteration and after the weight update.
   */
  trainStep(
    binary: Float32Array,
    grey: Float32Array,
    labels: Uint8Array,
    noiseSeed: number,
  ): SessionStepResult {
    const g = this.generative.trainStep(binary, noiseSeed);
    const c = this.classifier.trainStep(grey, labels);
    const localLearning: Omit<LocalLearningTrace, 'step'>[] = [];
    if (g.trace !== undefined) localLearning.push(traceOf('generative', g.trace));
    if (c.trace !== undefined) localLearning.push(traceOf('classifier', c.trace));
    return {
      negElbo: g.negElbo,
      reconstruction: g.reconstruction,
      kl: g.negElbo - g.reconstruction,
      accuracy: c.correct / labels.length,
      crossEntropy: c.crossEntropy,
      localLearning,
    };
  }

  /**
   * Recognise `inputs` (rows; the first is the one shown), score the first, and predict it
   * back: each area's prediction of the one below from its own recognized state (with
   * `clamp`ed top units, from the clamped top down).
   */
  recognize(inputs: Float32Array, clamp: readonly (number | null)[], seed: number): Recognition {
    return this.generative.recognize(inputs, clamp, seed);
  }

  /** A dream: every area's state generated down the feedback pathways from one top state. */
  generate(top: Float32Array): GenerativeView {
    return this.generative.generate(top);
  }

  /** The classifier's areas and logits for one input, by one sweep up. */
  classify(input: Float32Array): ClassifierView {
    return this.classifier.classify(input);
  }

  /**
   * Predictive-coding settling on one input: `iterations` rounds of predictions down, errors
   * up and a step on the free energy, recorded per iteration, from the recognition's guess (a
   * model without an encoder starts at rest) or from where the last settle left the areas
   * (`current`). `known` (1 seen, 0 hidden, one per pixel) marks occluded pixels as unknown:
   * precision 0, so the prediction fills them in.
   */
  settle(
    input: Float32Array,
    iterations: number,
    stepSize: number,
    start: SettleStart = 'recognition',
    known?: Float32Array,
  ): SettleStep[] {
    return this.generative.settle(input, iterations, stepSize, start, known);
  }

  /** Every weight of both models, as one flat copy (the generative model's, then the classifier's). */
  weights(): Float32Array {
    const g = this.generative.weights();
    const c = this.classifier.weights();
    const flat = new Float32Array(g.length + c.length);
    flat.set(g);
    flat.set(c, g.length);
    return flat;
  }

  /** Take the weights another copy of these models made with `weights()`. */
  loadWeights(flat: Float32Array): void {
    this.generative.loadWeights(flat.subarray(0, this.generativeWeights));
    this.classifier.loadWeights(flat.subarray(this.generativeWeights));
  }

  /** Silence (or restore) every feedback pathway of the generative model. */
  lesionFeedback(lesioned: boolean): void {
    this.generative.lesionFeedback(lesioned);
    this.feedbackLesioned = lesioned;
  }

  /** Free both models and their optimisers. */
  dispose(): void {
    this.generative.dispose();
    this.classifier.dispose();
  }
}

/** Both models built from their slots' specs and the seed: random weights, fresh optimisers. */
function buildFresh(
  spec: SessionSpec,
  context: LiveBuildContext,
): { generative: LiveGenerativeModel; classifier: LiveClassifierModel } {
  const slots = slotSpecs(spec);
  const generative = liveFacet('generative', slots.generative.kind).build(
    slots.generative,
    context,
  );
  try {
    const classifier = liveFacet('classifier', slots.classifier.kind).build(
      slots.classifier,
      context,
    );
    return { generative, classifier };
  } catch (error) {
    generative.dispose();
    throw error;
  }
}

/** A slot's spec completed by the trained model it names, through its kind's live facet. */
function completedBy<Slot extends LiveSlot, S extends { kind: string }>(
  slot: Slot,
  spec: S,
  trained: TrainedModel | undefined,
  context: LiveBuildContext,
): S {
  const facet = liveFacet(slot, spec.kind);
  if (trained === undefined || facet.fromTrained === undefined) return spec;
  return facet.fromTrained(spec, trained, context) as S;
}

/** A model's step trace as it travels: its areas bottom to top (the hierarchy's order). */
function traceOf(model: LiveSlot, trace: LocalStepTrace): Omit<LocalLearningTrace, 'step'> {
  return {
    model,
    areas: Object.entries(trace.settle).map(([name, settle]) => ({
      name,
      settle,
      afterUpdate: trace.afterUpdate[name]!,
    })),
  };
}
