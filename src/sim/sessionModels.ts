/**
 * The two models of a live session side by side, and what one tick asks of
 * them: a training step for each (the -ELBO of the predictive-coding VAE, the
 * cross-entropy of the feedforward classifier, each with its own Adam), a
 * recognition pass with its top-down reconstruction, a dream from a top state,
 * and a predictive-coding settle run. Everything returned is a Float32Array
 * copy; no tensor outlives a call.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivitySnapshot } from '../cortex/activity.ts';
import { MlpClassifier, mlpAreaNames } from '../models/classifier/mlpClassifier.ts';
import { softmaxCrossEntropy } from '../models/classifier/losses.ts';
import { PcVae } from '../models/pcvae/pcvae.ts';
import type { TrainStepLosses } from './curves.ts';
import { assignWeights, packWeights } from './modelWeights.ts';
import type { SessionSpec } from './sessionSpec.ts';

/** Name of the top (and only) latent area of the session's VAE. */
export const TOP_AREA = 'z1';

export interface Recognition {
  /** Posterior means of the top area, one row per input (rows * latentSize). */
  means: Float32Array;
  /** Top-down prediction of the first input from its (clamped) mean, 0..1. */
  prediction: Float32Array;
  /** The top state that made the prediction (the mean with clamped units replaced). */
  top: Float32Array;
  /** -ELBO of the first input (nats), one posterior sample drawn from `seed`. */
  negElbo: number;
}

export interface ClassifierView {
  /** Each hidden and class area's state for the first input, bottom to top (sensory excluded). */
  areas: Float32Array[];
  logits: Float32Array;
}

export interface SettleTrajectory {
  /** Free energy at each iteration's compare phase (nats). */
  freeEnergy: number[];
  /** The sensory prediction compared at each iteration, 0..1. */
  predictions: Float32Array[];
  /** The top state after each iteration's update. */
  tops: Float32Array[];
}

export class SessionModels {
  readonly generative: PcVae;
  readonly classifier: MlpClassifier;
  readonly classifierAreas: string[];
  private readonly generativeOptimizer: tf.Optimizer;
  private readonly classifierOptimizer: tf.Optimizer;
  private readonly generativeVariables: tf.Variable[];
  private readonly classifierVariables: tf.Variable[];

  constructor(
    spec: SessionSpec,
    readonly inputSize: number,
    classes: number,
  ) {
    this.generative = new PcVae(
      { inputSize, latentSizes: [spec.latentSize], hiddenSizes: [spec.hiddenSize] },
      spec.seed,
    );
    this.classifier = new MlpClassifier({
      inputSize,
      hiddenSizes: spec.classifierHidden,
      classes,
      seed: spec.seed,
    });
    this.classifierAreas = mlpAreaNames(spec.classifierHidden.length);
    this.generativeOptimizer = tf.train.adam(spec.learningRate);
    this.classifierOptimizer = tf.train.adam(spec.learningRate);
    this.generativeVariables = this.generative.variables();
    this.classifierVariables = this.classifier.trainableVariables();
  }

  get latentSize(): number {
    return this.generative.hierarchy.top.size;
  }

  /**
   * One Adam step for each model on the same images: the VAE on `binary`
   * (dynamically binarised) with posterior noise from `noiseSeed`, the
   * classifier on the grey levels `grey` with their labels.
   */
  trainStep(
    binary: Float32Array,
    grey: Float32Array,
    labels: Uint8Array,
    noiseSeed: number,
  ): TrainStepLosses {
    const n = labels.length;
    const x = tf.tensor2d(binary, [n, this.inputSize]);
    const xGrey = tf.tensor2d(grey, [n, this.inputSize]);
    const y = tf.tensor1d(Int32Array.from(labels), 'int32');
    // Parts of each loss, kept out of the optimizer's scope until read.
    const parts: { reconstruction?: tf.Tensor; hits?: tf.Tensor } = {};
    let negElbo: tf.Scalar | null = null;
    let crossEntropy: tf.Scalar | null = null;
    try {
      negElbo = this.generativeOptimizer.minimize(
        () => {
          const terms = this.generative.negElboTerms(x, noiseSeed);
          parts.reconstruction = tf.keep(tf.mean(terms.reconstruction));
          return tf.mean(terms.negElbo) as tf.Scalar;
        },
        true,
        this.generativeVariables,
      );
      crossEntropy = this.classifierOptimizer.minimize(
        () => {
          const logits = this.classifier.logits(xGrey);
          parts.hits = tf.keep(tf.sum(tf.equal(tf.argMax(logits, 1), y).toInt()));
          return tf.mean(softmaxCrossEntropy(logits, y)) as tf.Scalar;
        },
        true,
        this.classifierVariables,
      );
      const read = (t: tf.Tensor | null | undefined): number => t?.dataSync()[0] ?? Number.NaN;
      const elbo = read(negElbo);
      const reconstruction = read(parts.reconstruction);
      return {
        negElbo: elbo,
        reconstruction,
        kl: elbo - reconstruction,
        accuracy: read(parts.hits) / n,
        crossEntropy: read(crossEntropy),
      };
    } finally {
      tf.dispose(
        [x, xGrey, y, negElbo, crossEntropy, parts.reconstruction, parts.hits].filter(
          (t): t is tf.Tensor => t !== null && t !== undefined,
        ),
      );
    }
  }

  /**
   * Recognise `rows` inputs at once (the first is the one shown), score the first
   * one's -ELBO, and predict it back down from its mean with `clamp`ed units held.
   */
  recognize(inputs: Float32Array, clamp: readonly (number | null)[], seed: number): Recognition {
    const hierarchy = this.generative.hierarchy;
    const rows = inputs.length / this.inputSize;
    const first = tf.tensor2d(inputs.subarray(0, this.inputSize), [1, this.inputSize]);
    const all = rows === 1 ? first : tf.tensor2d(inputs, [rows, this.inputSize]);
    try {
      const negElbo = tf.tidy(() => this.generative.negElboPerSample(first, seed).dataSync()[0]!);
      hierarchy.recognize(all);
      const means = hierarchy.readState(TOP_AREA);
      const top = applyClamp(means.subarray(0, this.latentSize), clamp);
      return { means, prediction: this.generate(top), top, negElbo };
    } finally {
      first.dispose();
      if (all !== first) all.dispose();
    }
  }

  /** The sensory prediction (0..1) of one top state, down the feedback pathways. */
  generate(top: Float32Array): Float32Array {
    this.generative.hierarchy.generate(top);
    return this.generative.hierarchy.readState('sensory');
  }

  /** The classifier's areas and logits for one input. */
  classify(input: Float32Array): ClassifierView {
    const x = tf.tensor2d(input, [1, this.inputSize]);
    try {
      tf.dispose(this.classifier.logits(x));
      const hierarchy = this.classifier.hierarchy;
      const areas = this.classifierAreas.slice(1).map((name) => hierarchy.readState(name));
      return { areas, logits: areas.at(-1)! };
    } finally {
      x.dispose();
    }
  }

  /**
   * Predictive-coding settling on one input: `iterations` rounds of predictions
   * down, errors up and a gradient step on the free energy, recorded per
   * iteration, starting from a recognition sweep's guess (`recognition`) or from
   * where the last settle left the areas (`current`).
   */
  settle(
    input: Float32Array,
    iterations: number,
    stepSize: number,
    continueFrom: 'recognition' | 'current' = 'recognition',
  ): SettleTrajectory {
    const hierarchy = this.generative.hierarchy;
    const predictions: Float32Array[] = [];
    const tops: Float32Array[] = [];
    const record = (s: ActivitySnapshot): void => {
      if (s.mode !== 'settle') return;
      if (s.area === 'sensory' && s.kind === 'prediction') predictions.push(s.values);
      if (s.area === TOP_AREA && s.kind === 'state') tops.push(s.values);
    };
    const subscription = hierarchy.activity$.subscribe(record);
    try {
      const { freeEnergy } = hierarchy.settle(input, { iterations, stepSize, continueFrom });
      return { freeEnergy, predictions, tops };
    } finally {
      subscription.unsubscribe();
    }
  }

  /** Every weight of both models, as one flat copy (the VAE's, then the classifier's). */
  weights(): Float32Array {
    return packWeights([...this.generativeVariables, ...this.classifierVariables]);
  }

  /** Take the weights another copy of these models made with `weights()`. */
  loadWeights(flat: Float32Array): void {
    assignWeights([...this.generativeVariables, ...this.classifierVariables], flat);
  }

  /** Silence (or restore) every feedback pathway of the generative model. */
  lesionFeedback(lesioned: boolean): void {
    for (const pathway of this.generative.hierarchy.pathwaysOfKind('feedback')) {
      if (lesioned) pathway.lesion();
      else pathway.restore();
    }
  }

  dispose(): void {
    this.generativeOptimizer.dispose();
    this.classifierOptimizer.dispose();
    this.generative.dispose();
    this.classifier.dispose();
  }
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
