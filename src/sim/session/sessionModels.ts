/**
 * The two models of a live session side by side, and what one tick asks of
 * them: a training step for each (trainingStep.ts: the -ELBO of the
 * predictive-coding VAE; the cross-entropy of the feedforward classifier, or a
 * pcn's step by its learning rule, local or backprop; each with its own
 * optimizer), a recognition sweep up with a prediction back down, a
 * dream down from a top state, and a predictive-coding settle run. The VAE is
 * whatever hierarchy the session spec describes (any number of stochastic
 * areas, named by the user). Everything returned is a Float32Array copy; no
 * tensor outlives a call.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivitySnapshot } from '../../cortex/activity.ts';
import { MlpClassifier, mlpAreaNames } from '../../models/classifier/mlpClassifier.ts';
import type { LocalStepTrace } from '../../models/localStepTrace.ts';
import { pcvaeSpecOf } from '../../models/modelSpec/index.ts';
import { PcGen } from '../../models/pcgen/pcgen.ts';
import { pcgenAreaNames } from '../../models/pcgen/spec.ts';
import { Pcn, pcnAreaNames } from '../../models/pcn/pcn.ts';
import { PcVae } from '../../models/pcvae/pcvae.ts';
import {
  classifierStep,
  generativeStep,
  pcgenStep,
  pcnStep,
  type GenerativeStepResult,
} from '../../models/trainingStep.ts';
import type { TrainStepLosses } from './training/curves.ts';
import type { LocalLearningTrace } from './vocabulary.ts';
import { difference, rootMeanSquare } from './frameEncoding.ts';
import { assignWeights, packWeights } from '../../models/modelWeights.ts';
import type { SessionSpec } from './sessionSpec.ts';

/** The generative areas' activity for one input, bottom (sensory) to top. */
export interface GenerativeView {
  /** Each stochastic area's state, bottom to top (the sensory area is not included). */
  latents: Float32Array[];
  /** RMS prediction error of each stochastic area, bottom to top. */
  latentErrors: number[];
  /** The top-down prediction of the sensory area, 0..1. */
  prediction: Float32Array;
}

/** What a recognition sweep up and prediction down found for the first input. */
export interface Recognition extends GenerativeView {
  /** Posterior means of the top area, one row per input (rows * topSize). */
  topMeans: Float32Array;
  /** -ELBO of the first input (nats), one posterior sample drawn from `seed`. */
  negElbo: number;
}

/** One predictive-coding iteration, as it ended. */
export interface SettleStep extends GenerativeView {
  /** Free energy at the iteration's compare phase (nats). */
  freeEnergy: number;
}

/** The classifier's areas and logits for one input. */
export interface ClassifierView {
  /** Each hidden and class area's state for the first input, bottom to top (sensory excluded). */
  areas: Float32Array[];
  logits: Float32Array;
}

/** One training step's losses, and the local-learning trace of each model that learned locally. */
export interface SessionStepResult extends TrainStepLosses {
  /** Each locally trained model's step, area by area (no step number yet). */
  localLearning: Omit<LocalLearningTrace, 'step'>[];
}

/**
 * The session's generative model (the predictive-coding VAE, or a pcgen) and its classifier
 * (MLP or pcn), with their optimisers.
 */
export class SessionModels {
  /** The generative model: the predictive-coding VAE, or a pcgen (no encoder, local learning). */
  readonly generative: PcVae | PcGen;
  /** The classifier: the feedforward MLP, or a predictive-coding network (`pcn`). */
  readonly classifier: MlpClassifier | Pcn;
  readonly classifierAreas: string[];
  /** The stochastic areas' names, bottom to top. */
  readonly latentAreas: string[];
  private readonly generativeOptimizer: tf.Optimizer;
  private readonly classifierOptimizer: tf.Optimizer;
  private readonly generativeVariables: tf.Variable[];
  private readonly classifierVariables: tf.Variable[];
  /** Changes whenever the weights or the wiring change (a step, a weight load, a lesion). */
  private modelVersion = 0;
  /**
   * A pcgen's last recognition: settling from rest is deterministic, so the same inputs and
   * clamp on the same weights settle the same way; recognize mode shows one input for many
   * ticks, and T settle iterations a tick would cost frames.
   */
  private lastSettled:
    { version: number; inputs: Float32Array; clamp: string; result: Recognition } | undefined;

  /**
   * @param spec - the session (its `generative` pcvae, classifier sizes, seed, rate)
   * @param inputSize - pixels per image of the data set
   * @param classes - number of classes
   */
  constructor(
    spec: SessionSpec,
    readonly inputSize: number,
    classes: number,
  ) {
    const generative = spec.generative;
    if (generative.kind === 'pcgen') {
      const { latentSizes, activation, inferenceSteps, inferenceRate, optimizer } = generative;
      const pcgen = new PcGen(
        { inputSize, latentSizes, activation, inferenceSteps, inferenceRate, optimizer },
        spec.seed,
      );
      this.generative = pcgen;
      this.latentAreas = pcgenAreaNames(pcgen.spec).slice(1);
      this.generativeOptimizer = pcgen.createOptimizer();
    } else {
      const sensorySize = generative.areas[0].size;
      if (sensorySize !== inputSize) {
        throw new RangeError(
          `session: generative.areas[0].size is ${sensorySize} but the data set's images have ${inputSize} pixels`,
        );
      }
      const pcvae = new PcVae(pcvaeSpecOf(generative), spec.seed);
      this.generative = pcvae;
      this.latentAreas = pcvae.latentAreas;
      this.generativeOptimizer = tf.train.adam(spec.learningRate);
    }
    this.generativeVariables = this.generative.variables();
    if (spec.classifier.kind === 'pcn') {
      const pcn = spec.classifier;
      const network = new Pcn({ ...pcn, inputSize, classes }, spec.seed);
      this.classifier = network;
      this.classifierAreas = pcnAreaNames(pcn.hiddenSizes.length);
      this.classifierOptimizer = network.createOptimizer();
      this.classifierVariables = network.variables();
    } else {
      const mlp = new MlpClassifier({
        inputSize,
        hiddenSizes: spec.classifierHidden,
        classes,
        seed: spec.seed,
      });
      this.classifier = mlp;
      this.classifierAreas = mlpAreaNames(spec.classifierHidden.length);
      this.classifierOptimizer = tf.train.adam(spec.learningRate);
      this.classifierVariables = mlp.trainableVariables();
    }
  }

  /** The classifier's kind: the feedforward `mlp` or a predictive-coding `pcn`. */
  get classifierKind(): 'mlp' | 'pcn' {
    return this.classifier instanceof Pcn ? 'pcn' : 'mlp';
  }

  /** The pcn classifier's learning rule (undefined for the MLP, which learns by backprop). */
  get classifierLearning(): 'local' | 'backprop' | undefined {
    return this.classifier instanceof Pcn ? this.classifier.spec.learning : undefined;
  }

  /** The generative model's kind: the predictive-coding VAE or a pcgen. */
  get generativeKind(): 'pcvae' | 'pcgen' {
    return this.generative instanceof PcGen ? 'pcgen' : 'pcvae';
  }

  /** Units in the top generative area (the one clamped and dreamed from). */
  get topSize(): number {
    return this.generative.hierarchy.top.size;
  }

  /** The sensory area's name (the first of the VAE's areas). */
  get sensoryArea(): string {
    return this.generative.hierarchy.sensory.name;
  }

  /**
   * One step for each model on the same images, the step the CLI takes
   * (trainingStep.ts): the VAE on `binary` (dynamically binarised) with posterior
   * noise from `noiseSeed`, the classifier on the grey levels `grey` with their labels.
   * A pcn learning locally also reports its step's trace: each area's energy per
   * settle iteration and after the weight update.
   */
  trainStep(
    binary: Float32Array,
    grey: Float32Array,
    labels: Uint8Array,
    noiseSeed: number,
  ): SessionStepResult {
    this.modelVersion += 1;
    const localLearning: Omit<LocalLearningTrace, 'step'>[] = [];
    let g: GenerativeStepResult;
    if (this.generative instanceof PcGen) {
      // A pcgen learns locally: settle from rest, then each pathway from its own two areas.
      const { trace } = pcgenStep(this.generative, this.generativeOptimizer, binary, 'local', {
        trace: true,
      });
      localLearning.push(traceOf('pcgen', trace!));
      // Its curve: the free energy at the settled states, the sensory area's share apart.
      g = {
        negElbo: trace!.freeEnergy.at(-1)!,
        reconstruction: trace!.settle[this.sensoryArea]!.at(-1)!,
      };
    } else {
      g = generativeStep(
        this.generative,
        this.generativeOptimizer,
        this.generativeVariables,
        binary,
        noiseSeed,
      );
    }
    let c: { crossEntropy: number; correct: number };
    if (this.classifier instanceof Pcn) {
      const local = this.classifier.spec.learning === 'local';
      const result = pcnStep(this.classifier, this.classifierOptimizer, grey, labels, {
        trace: local,
      });
      if (result.trace !== undefined) localLearning.push(traceOf('pcn', result.trace));
      c = result;
    } else {
      c = classifierStep(
        this.classifier,
        this.classifierOptimizer,
        this.classifierVariables,
        grey,
        labels,
      );
    }
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
   * Recognise `inputs` (rows; the first is the one shown) in one sweep up, score
   * the first one's -ELBO, and predict it back down from its top mean with
   * `clamp`ed units held: each area's error is its recognised state against the
   * prediction from above (the top's against its prior mean 0).
   */
  recognize(inputs: Float32Array, clamp: readonly (number | null)[], seed: number): Recognition {
    const generative = this.generative;
    if (generative instanceof PcGen) return this.recognizeBySettling(generative, inputs, clamp);
    const hierarchy = generative.hierarchy;
    const rows = inputs.length / this.inputSize;
    const first = tf.tensor2d(inputs.subarray(0, this.inputSize), [1, this.inputSize]);
    const all = rows === 1 ? first : tf.tensor2d(inputs, [rows, this.inputSize]);
    try {
      const negElbo = tf.tidy(() => generative.negElboPerSample(first, seed).dataSync()[0]!);
      hierarchy.recognize(all);
      const topMeans = hierarchy.readState(hierarchy.top.name);
      const recognized = this.latentAreas.map((name, k) => {
        const size = this.generative.spec.latentSizes[k]!;
        return hierarchy.readState(name).subarray(0, size);
      });
      return { topMeans, negElbo, ...this.predictedFrom(recognized, clamp) };
    } finally {
      first.dispose();
      if (all !== first) all.dispose();
    }
  }

  /**
   * A pcgen has no encoder: recognition is settling. Every row of `inputs` settles from rest
   * for the pcgen's T iterations; the first row's last iteration is shown, with its free
   * energy (at that iteration's compare phase, as in settle mode). With `clamp`ed top units, the prediction comes down from the clamped top instead.
   */
  private recognizeBySettling(
    pcgen: PcGen,
    inputs: Float32Array,
    clamp: readonly (number | null)[],
  ): Recognition {
    const key = JSON.stringify(clamp);
    const cached = this.lastSettled;
    if (
      cached !== undefined &&
      cached.version === this.modelVersion &&
      cached.clamp === key &&
      sameValues(cached.inputs, inputs)
    ) {
      return cached.result;
    }
    const result = this.settleFromRest(pcgen, inputs, clamp);
    this.lastSettled = { version: this.modelVersion, inputs: inputs.slice(), clamp: key, result };
    return result;
  }

  /** {@link recognizeBySettling} without its memory: settle every row from rest, T iterations. */
  private settleFromRest(
    pcgen: PcGen,
    inputs: Float32Array,
    clamp: readonly (number | null)[],
  ): Recognition {
    const rows = inputs.length / this.inputSize;
    const all = tf.tensor2d(inputs, [rows, this.inputSize]);
    try {
      const { inferenceSteps, inferenceRate } = pcgen.spec;
      // Only the last iteration is shown: the others run unwatched (no snapshots), and the
      // last continues from them (the same run as one settle of T iterations).
      if (inferenceSteps > 1) {
        pcgen.hierarchy.settle(all, {
          iterations: inferenceSteps - 1,
          stepSize: inferenceRate,
          continueFrom: 'prior',
        });
      }
      const from = inferenceSteps > 1 ? 'current' : 'prior';
      const last = this.recordedSettle(all, 1, inferenceRate, from).at(-1)!;
      const topMeans = pcgen.hierarchy.readState(pcgen.hierarchy.top.name);
      const recognition = { topMeans, negElbo: last.freeEnergy };
      if (clamp.every((c) => c === null || c === undefined)) {
        return {
          ...recognition,
          latents: last.latents,
          latentErrors: last.latentErrors,
          prediction: last.prediction,
        };
      }
      return { ...recognition, ...this.predictedFrom(last.latents, clamp) };
    } finally {
      all.dispose();
    }
  }

  /**
   * The recognised latents (bottom to top) with the top's `clamp`ed units held, predicted back
   * down from the top: each area's error is its recognised state against the prediction from
   * above (the top's against its prior mean 0).
   */
  private predictedFrom(
    recognized: readonly Float32Array[],
    clamp: readonly (number | null)[],
  ): GenerativeView {
    const latents = [...recognized];
    latents[latents.length - 1] = applyClamp(latents.at(-1)!, clamp);
    const predicted = this.generateAll(latents.at(-1)!);
    return {
      latents,
      prediction: predicted.prediction,
      latentErrors: latents.map((state, k) =>
        k === latents.length - 1
          ? rootMeanSquare(state)
          : rootMeanSquare(difference(state, predicted.latents[k]!)),
      ),
    };
  }

  /** A dream: every area's state generated down the feedback pathways from one top state. */
  generate(top: Float32Array): GenerativeView {
    const view = this.generateAll(top);
    return {
      ...view,
      latentErrors: view.latents.map((state, k) =>
        k === view.latents.length - 1 ? rootMeanSquare(state) : 0,
      ),
    };
  }

  /**
   * The classifier's areas and logits for one input, by one feedforward sweep (a pcn's
   * label area holds class probabilities; its logits are their logs).
   */
  classify(input: Float32Array): ClassifierView {
    const x = tf.tensor2d(input, [1, this.inputSize]);
    try {
      const logitsTensor = this.classifier.logits(x);
      const logits = Float32Array.from(logitsTensor.dataSync());
      logitsTensor.dispose();
      const hierarchy = this.classifier.hierarchy;
      const areas = this.classifierAreas.slice(1).map((name) => hierarchy.readState(name));
      return { areas, logits };
    } finally {
      x.dispose();
    }
  }

  /**
   * Predictive-coding settling on one input: `iterations` rounds of predictions
   * down, errors up and a gradient step on the free energy, recorded per
   * iteration, starting from a recognition sweep's guess (`recognition`; a pcgen, which
   * has no encoder, starts from rest instead) or from where the last settle left the areas
   * (`current`). `known` (1 seen, 0 hidden, one per pixel) marks occluded pixels as
   * unknown: precision 0, so the prediction fills them in.
   */
  settle(
    input: Float32Array,
    iterations: number,
    stepSize: number,
    continueFrom: 'recognition' | 'current' = 'recognition',
    known?: Float32Array,
  ): SettleStep[] {
    const start =
      continueFrom === 'recognition' && this.generative instanceof PcGen ? 'prior' : continueFrom;
    return this.recordedSettle(input, iterations, stepSize, start, known);
  }

  /**
   * Settle `input` (one row or more) and record each iteration as the first row saw it: its
   * areas' states and prediction errors, the sensory prediction and its free energy.
   */
  private recordedSettle(
    input: Float32Array | tf.Tensor2D,
    iterations: number,
    stepSize: number,
    continueFrom: 'recognition' | 'current' | 'prior',
    known?: Float32Array,
  ): SettleStep[] {
    const hierarchy = this.generative.hierarchy;
    const sensory = this.sensoryArea;
    const index = new Map(this.latentAreas.map((name, k) => [name, k]));
    // Each iteration's snapshots, in iteration order (the sweep that starts a run is not one).
    const byIteration = new Map<number, Omit<SettleStep, 'freeEnergy'>>();
    const record = (s: ActivitySnapshot): void => {
      if (s.mode !== 'settle') return;
      let step = byIteration.get(s.iteration);
      if (step === undefined) {
        step = {
          latents: this.latentAreas.map(() => new Float32Array(0)),
          latentErrors: this.latentAreas.map(() => 0),
          prediction: new Float32Array(0),
        };
        byIteration.set(s.iteration, step);
      }
      if (s.area === sensory) {
        if (s.kind === 'prediction') step.prediction = s.values;
        return;
      }
      const k = index.get(s.area);
      if (k === undefined) return;
      if (s.kind === 'state') step.latents[k] = s.values;
      if (s.kind === 'predictionError') step.latentErrors[k] = rootMeanSquare(s.values);
    };
    const subscription = hierarchy.activity$.subscribe(record);
    hierarchy.occlude(known);
    try {
      const result = hierarchy.settle(input, { iterations, stepSize, continueFrom });
      return [...byIteration.values()].map((step, i) => ({
        ...step,
        freeEnergy: result.freeEnergyPerImage[i]![0]!,
      }));
    } finally {
      hierarchy.occlude(undefined);
      subscription.unsubscribe();
    }
  }

  /** Every weight of both models, as one flat copy (the VAE's, then the classifier's). */
  weights(): Float32Array {
    return packWeights([...this.generativeVariables, ...this.classifierVariables]);
  }

  /** Take the weights another copy of these models made with `weights()`. */
  loadWeights(flat: Float32Array): void {
    this.modelVersion += 1;
    assignWeights([...this.generativeVariables, ...this.classifierVariables], flat);
  }

  /** Silence (or restore) every feedback pathway of the generative model. */
  lesionFeedback(lesioned: boolean): void {
    this.modelVersion += 1;
    for (const pathway of this.generative.hierarchy.pathwaysOfKind('feedback')) {
      if (lesioned) pathway.lesion();
      else pathway.restore();
    }
  }

  /** Free both models and their optimisers. */
  dispose(): void {
    this.generativeOptimizer.dispose();
    this.classifierOptimizer.dispose();
    this.generative.dispose();
    this.classifier.dispose();
  }

  /** One sweep down from `top`: every stochastic area's state and the sensory prediction. */
  private generateAll(top: Float32Array): Omit<GenerativeView, 'latentErrors'> {
    const hierarchy = this.generative.hierarchy;
    hierarchy.generate(top);
    return {
      latents: this.latentAreas.map((name) => hierarchy.readState(name)),
      prediction: hierarchy.readState(this.sensoryArea),
    };
  }
}

/** A model's step trace as it travels: its areas bottom to top (the hierarchy's order). */
function traceOf(model: 'pcn' | 'pcgen', trace: LocalStepTrace): Omit<LocalLearningTrace, 'step'> {
  return {
    model,
    areas: Object.entries(trace.settle).map(([name, settle]) => ({
      name,
      settle,
      afterUpdate: trace.afterUpdate[name]!,
    })),
  };
}

/** Whether `a` and `b` hold the same values. */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `values` with every non-null clamp entry in place of the value at its index. */
export function applyClamp(values: Float32Array, clamp: readonly (number | null)[]): Float32Array {
  const out = values.slice();
  for (let i = 0; i < out.length; i++) {
    const c = clamp[i];
    if (c !== undefined && c !== null) out[i] = c;
  }
  return out;
}
