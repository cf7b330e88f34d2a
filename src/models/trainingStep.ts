/**
 * One training step per model, the only copy: the CLI's and the experiments'
 * epoch loops (trainGenerative, trainClassifier) and the live session (inline
 * and in its training worker) all call these. Each takes one optimizer step on
 * one batch and returns plain numbers; no tensor outlives the call.
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier } from './classifier/classifier.ts';
import { softmaxCrossEntropy } from './classifier/losses.ts';
import type { GenerativeModel } from './generative.ts';
import type { Pcn, PcnStepOptions, PcnStepResult } from './pcn/pcn.ts';
import type { PcGen, PcGenStepResult } from './pcgen/pcgen.ts';
import { NeocortexError } from '../errors.ts';

/** What one generative step measured on its batch (means per image, nats). */
export interface GenerativeStepResult {
  negElbo: number;
  /** The reconstruction part of the -ELBO (−log p(x | z)); the rest is the KL. */
  reconstruction: number;
}

/** The gradient of one generative step's objective and what the step measured. */
export interface GenerativeGradients extends GenerativeStepResult {
  /**
   * d objective / d variable, in the order of the variables given (the caller
   * disposes them); null for a variable the objective does not reach, which the
   * optimizer then leaves alone (as `optimizer.minimize` does).
   */
  gradients: (tf.Tensor | null)[];
}

/**
 * The gradient of the mean single-sample -ELBO of `pixels` (rows of
 * `model.inputSize`, already binarised for a Bernoulli model), posterior noise
 * drawn from `noiseSeed`, with respect to `variables`. A model with a `beta`
 * other than 1 differentiates reconstruction + beta · KL instead (beta-VAE); the
 * -ELBO it reports is still the plain one. The gradients are new tensors the
 * caller owns; nothing else outlives the call.
 */
export function generativeGradients(
  model: GenerativeModel,
  variables: tf.Variable[],
  pixels: Float32Array,
  noiseSeed: number,
): GenerativeGradients {
  const rows = pixels.length / model.inputSize;
  const x = tf.tensor2d(pixels, [rows, model.inputSize]);
  const beta = model.beta ?? 1;
  const kept: tf.Tensor[] = [];
  let value: tf.Scalar | null = null;
  let grads: tf.NamedTensorMap = {};
  try {
    ({ value, grads } = tf.variableGrads(() => {
      const terms = model.negElboTerms(x, noiseSeed);
      const reconstruction = tf.mean(terms.reconstruction) as tf.Scalar;
      const negElbo = tf.mean(terms.negElbo) as tf.Scalar;
      kept.push(tf.keep(reconstruction));
      if (beta === 1) return negElbo;
      kept.push(tf.keep(negElbo));
      const kl = tf.sub(negElbo, reconstruction);
      return tf.add(reconstruction, tf.mul(beta, kl)) as tf.Scalar;
    }, variables));
    const gradients = variables.map((v) => grads[v.name] ?? null);
    return {
      gradients,
      negElbo: (beta === 1 ? value : kept[1])?.dataSync()[0] ?? Number.NaN,
      reconstruction: kept[0]?.dataSync()[0] ?? Number.NaN,
    };
  } catch (error) {
    tf.dispose(Object.values(grads));
    throw error;
  } finally {
    tf.dispose([x, ...kept]);
    value?.dispose();
  }
}

/**
 * One optimizer step on the mean single-sample -ELBO of `pixels` (see
 * {@link generativeGradients}): the gradient, then `optimizer.applyGradients`.
 */
export function generativeStep(
  model: GenerativeModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  pixels: Float32Array,
  noiseSeed: number,
): GenerativeStepResult {
  const { gradients, negElbo, reconstruction } = generativeGradients(
    model,
    variables,
    pixels,
    noiseSeed,
  );
  try {
    // Positions matter to Adam (its moments are kept by position): a null stays in its place.
    optimizer.applyGradients(
      variables.map((v, i) => ({ name: v.name, tensor: gradients[i] as tf.Tensor })),
    );
  } finally {
    tf.dispose(gradients.filter((g) => g !== null));
  }
  return { negElbo, reconstruction };
}

/** What one classifier step measured on its batch. */
export interface ClassifierStepResult {
  /** Mean softmax cross-entropy (nats). */
  crossEntropy: number;
  /** Images of the batch classified right (before the step). */
  correct: number;
}

/** One Adam step on the mean softmax cross-entropy of `pixels` (rows) against `labels`. */
export function classifierStep(
  model: Classifier,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  pixels: Float32Array,
  labels: ArrayLike<number>,
): ClassifierStepResult {
  const rows = labels.length;
  const x = tf.tensor2d(pixels, [rows, pixels.length / rows]);
  const y = tf.tensor1d(Int32Array.from(labels), 'int32');
  const kept: tf.Tensor[] = [];
  let cost: tf.Scalar | null = null;
  try {
    cost = optimizer.minimize(
      () => {
        const logits = model.logits(x);
        kept.push(tf.keep(tf.sum(tf.equal(tf.argMax(logits, 1), y).toInt())));
        return tf.mean(softmaxCrossEntropy(logits, y)) as tf.Scalar;
      },
      true,
      variables,
    );
    return {
      crossEntropy: cost?.dataSync()[0] ?? Number.NaN,
      correct: kept[0]?.dataSync()[0] ?? 0,
    };
  } finally {
    tf.dispose([x, y, ...kept]);
    cost?.dispose();
  }
}

/**
 * One pcn step by its spec's learning rule (local: clamp the label, settle, learn; backprop:
 * the feedforward sweep's cross-entropy gradient) on `pixels` (rows) against `labels`.
 */
export function pcnStep(
  model: Pcn,
  optimizer: tf.Optimizer,
  pixels: Float32Array,
  labels: ArrayLike<number>,
  options: PcnStepOptions = {},
): PcnStepResult {
  const classes = model.spec.classes;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new NeocortexError(
        'DATA_INVALID',
        `pcnStep: label ${label} (position ${i}) is outside 0..${classes - 1}`,
      );
    }
  }
  const rows = labels.length;
  const x = tf.tensor2d(pixels, [rows, pixels.length / rows]);
  const y = tf.tensor1d(Int32Array.from(labels), 'int32');
  try {
    return model.trainStep(optimizer, x, y, options);
  } finally {
    tf.dispose([x, y]);
  }
}

/**
 * One training step of a pcgen on `pixels` (rows of `model.inputSize`, already binarised):
 * settle from rest for T iterations, then, by the `local` rule (default), every pathway learns
 * from its own two areas, or, by `backprop`, every weight moves by the autodiff gradient of the
 * free energy at those settled states (PcGen.backpropStep). Returns the mean free energy per
 * image at the settled states (nats).
 */
export function pcgenStep(
  model: PcGen,
  optimizer: tf.Optimizer,
  pixels: Float32Array,
  learning: 'local' | 'backprop' = 'local',
  options: { trace?: boolean } = {},
): PcGenStepResult {
  const x = tf.tensor2d(pixels, [pixels.length / model.inputSize, model.inputSize]);
  try {
    return learning === 'backprop'
      ? model.backpropStep(x, optimizer)
      : model.trainStep(x, optimizer, options);
  } finally {
    x.dispose();
  }
}
