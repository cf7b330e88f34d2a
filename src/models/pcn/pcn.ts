/**
 * The discriminative predictive-coding network (Whittington and Bogacz 2017):
 * a cortex hierarchy whose predictions go up, image -> h1 -> ... -> label (or
 * the graph its spec's `pathways` give: skips, several sources, laterals), the
 * label a categorical area. Recognition is the feedforward sweep of
 * predictions. Local learning clamps the label, settles the hidden areas for
 * `inferenceSteps` iterations, then moves each pathway's weights by the
 * product of its presynaptic activity and its target's prediction error
 * (Hierarchy.learn). Backprop learning moves the same weights by the gradient
 * of the feedforward sweep's cross-entropy. Both rules share the network and
 * its recognition, so the same weights classify the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, type Hierarchy } from '../../cortex/index.ts';
import type { ImageSet } from '../../data/index.ts';
import { evaluateClassifier, type ClassificationReport } from '../classifier/evaluate.ts';
import { softmaxCrossEntropy } from '../classifier/losses.ts';
import { localStepTrace, type LocalStepTrace } from '../localStepTrace.ts';
import { createOptimizer } from '../optimizerSpec.ts';
import { parsePcnSpec, pcnHierarchySpec, type PcnSpec, type PcnSpecInput } from './spec.ts';

export { pcnAreaNames } from './spec.ts';

/** Floor added to a probability before its log, so a class at probability 0 stays finite. */
const PROBABILITY_FLOOR = 1e-30;

/** What one training step measured on its batch, before the weights moved. */
export interface PcnStepResult {
  /** Mean cross-entropy (nats) of the feedforward sweep. */
  crossEntropy: number;
  /** Images the feedforward sweep classified right. */
  correct: number;
  /** Local learning: mean free energy (nats) at the settled states; undefined for backprop. */
  settledFreeEnergy?: number;
  /** Local learning asked with `trace`: each area's energy per settle iteration and after the update. */
  trace?: LocalStepTrace;
}

/** Options of {@link Pcn.trainStep}. */
export interface PcnStepOptions {
  /** Local learning: also record each area's energy per settle iteration and after the update. */
  trace?: boolean;
}

/** What the {@link Pcn} constructor takes: a pcn spec without its `kind`, defaults left out. */
export type PcnOptions = Omit<PcnSpecInput, 'kind'>;

/** A discriminative predictive-coding network: recognize by a sweep up, learn locally or by backprop. */
export class Pcn {
  /** The validated description this network was built from. */
  readonly spec: PcnSpec;
  /** The seed of its initial weights. */
  readonly seed: number;
  /** The cortex the network is: inspect, lesion or watch it like any other. */
  readonly hierarchy: Hierarchy;

  /**
   * @param spec - the network's description (validated here; defaults filled in)
   * @param seed - seed of the initial weights
   */
  constructor(spec: PcnOptions = {}, seed = 0) {
    this.spec = parsePcnSpec({ ...spec, kind: 'pcn' });
    this.seed = seed;
    this.hierarchy = buildHierarchy(pcnHierarchySpec(this.spec, seed));
  }

  /** The label area's name. */
  get labelArea(): string {
    return this.hierarchy.top.name;
  }

  /**
   * Class probabilities [batch, classes] of images [batch, inputSize] by one feedforward
   * sweep (the label unclamped). The caller owns the result.
   */
  probabilities(x: tf.Tensor2D): tf.Tensor2D {
    this.hierarchy.unclamp(this.labelArea);
    // The area keeps its state until its next tick; the clone shares its data.
    return tf.clone(this.hierarchy.recognize(x));
  }

  /** Log-probabilities of the classes (logits up to a constant per row). The caller owns them. */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      tf.log<tf.Tensor2D>(tf.add<tf.Tensor2D>(this.probabilities(x), PROBABILITY_FLOOR)),
    );
  }

  /** The optimizer the spec names (`adam` or `sgd`) at its learning rate; the caller disposes it. */
  createOptimizer(): tf.Optimizer {
    return createOptimizer(this.spec.optimizer);
  }

  /**
   * One training step on images `x` [batch, inputSize] with class indices `labels` [batch]
   * (int32), by the spec's learning rule. The figures are those of the feedforward sweep
   * before the step. With `trace` (local learning only), the step also returns each area's
   * energy per settle iteration and after the weight update.
   */
  trainStep(
    optimizer: tf.Optimizer,
    x: tf.Tensor2D,
    labels: tf.Tensor1D,
    options: PcnStepOptions = {},
  ): PcnStepResult {
    return this.spec.learning === 'local'
      ? this.localStep(optimizer, x, labels, options.trace === true)
      : this.backpropStep(optimizer, x, labels);
  }

  /** Clamp the label, settle, learn from local errors (Hierarchy.learn). */
  private localStep(
    optimizer: tf.Optimizer,
    x: tf.Tensor2D,
    labels: tf.Tensor1D,
    trace: boolean,
  ): PcnStepResult {
    const { crossEntropy, correct } = this.measure(x, labels);
    const h = this.hierarchy;
    const oneHot = tf.tidy(() => tf.oneHot(labels, this.spec.classes).toFloat() as tf.Tensor2D);
    try {
      h.clamp(this.labelArea, oneHot);
      const settled = h.settle(x, {
        iterations: this.spec.inferenceSteps,
        stepSize: this.spec.inferenceRate,
        energyByArea: trace,
      });
      const { freeEnergy } = h.learn({ optimizer });
      return {
        crossEntropy,
        correct,
        settledFreeEnergy: freeEnergy,
        ...(trace ? { trace: localStepTrace(h, settled) } : {}),
      };
    } finally {
      h.unclamp(this.labelArea);
      oneHot.dispose();
    }
  }

  /** The feedforward sweep's mean cross-entropy and right answers, as numbers. */
  private measure(x: tf.Tensor2D, labels: tf.Tensor1D): { crossEntropy: number; correct: number } {
    const [loss, right] = tf.tidy(() => {
      const logits = this.logits(x);
      return [crossEntropyOf(logits, labels), correctOf(logits, labels)];
    });
    try {
      return { crossEntropy: loss.dataSync()[0]!, correct: right.dataSync()[0]! };
    } finally {
      tf.dispose([loss, right]);
    }
  }

  /** The gradient of the feedforward sweep's mean cross-entropy, through the same sweep. */
  private backpropStep(
    optimizer: tf.Optimizer,
    x: tf.Tensor2D,
    labels: tf.Tensor1D,
  ): PcnStepResult {
    const kept: tf.Tensor[] = [];
    let cost: tf.Scalar | null = null;
    try {
      cost = optimizer.minimize(
        () => {
          const logits = this.logits(x);
          kept.push(tf.keep(correctOf(logits, labels)));
          return crossEntropyOf(logits, labels);
        },
        true,
        this.variables(),
      );
      return {
        crossEntropy: cost?.dataSync()[0] ?? Number.NaN,
        correct: kept[0]?.dataSync()[0] ?? 0,
      };
    } finally {
      tf.dispose(kept);
      cost?.dispose();
    }
  }

  /** Accuracy, per-class accuracy and confusion matrix on a labelled set (feedforward sweep). */
  evaluate(test: ImageSet, options: { batchSize?: number } = {}): ClassificationReport {
    return evaluateClassifier(this, test, options);
  }

  /** Every trainable weight: each pathway's weights and each predicted area's bias. */
  variables(): tf.Variable[] {
    return this.hierarchy.variables();
  }

  /** Free the network's weights and states. */
  dispose(): void {
    this.hierarchy.dispose();
  }
}

/** Mean −log p(label) over the batch. */
function crossEntropyOf(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(softmaxCrossEntropy(logits, labels)));
}

/** How many rows' arg-max is their label (int32 scalar). */
function correctOf(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(tf.argMax(logits, 1), labels).toInt()));
}
