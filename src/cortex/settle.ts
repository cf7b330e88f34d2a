/**
 * One settle: gradient descent on an energy with per-image step control. Every
 * image (row of the batch) keeps its own step size. An iteration proposes
 * `state − step · gradient` for each image; the proposal is accepted for an image
 * only where it does not raise that image's energy. Elsewhere the image's states
 * stay and its step halves (backtracking). So no image's energy ever rises from
 * one iteration to the next, whatever step the caller starts from.
 *
 * The energy is a parameter: the hierarchy's free energy (`Hierarchy.settle`,
 * which the live session uses) and the predictive-coding VAE's negative ELBO
 * under one step's noise (`PcVae.settle`) both descend through this one routine.
 */
import * as tf from '@tensorflow/tfjs';
import { NeocortexError } from '../errors.ts';

/** What one backtracking descent step needs; all tensors are the caller's. */
export interface DescentStepInput {
  /** The states that move, each `[batch, size]`. */
  states: readonly tf.Tensor2D[];
  /** The energy's gradient at `states`, one per state. */
  gradients: readonly tf.Tensor2D[];
  /** The energy of each image at `states`, `[batch]`. */
  energy: tf.Tensor1D;
  /** Each image's step size, `[batch, 1]`. */
  steps: tf.Tensor2D;
  /** The energy of each image at proposed states, `[batch]` (the same energy as `energy`). */
  energyAt: (states: tf.Tensor2D[]) => tf.Tensor1D;
}

/** The result of one backtracking descent step (new tensors; run it inside `tf.tidy`). */
export interface DescentStepResult {
  /** Each image's proposal where it was accepted, its old states elsewhere. */
  states: tf.Tensor2D[];
  /** The energy of each image at the returned states, `[batch]`: never above the input's. */
  energy: tf.Tensor1D;
  /** Each image's step: unchanged where accepted, halved where not, `[batch, 1]`. */
  steps: tf.Tensor2D;
  /** Where the proposal was accepted, `[batch, 1]` (bool). */
  accepted: tf.Tensor2D;
}

/** Each image's starting step, `[batch, 1]`; throws on a step that is not positive. */
export function initialSteps(batch: number, stepSize: number): tf.Tensor2D {
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `settle: stepSize must be a positive finite number, got ${stepSize}`,
    );
  }
  return tf.fill([batch, 1], stepSize);
}

/**
 * One iteration of descent with per-image backtracking: propose a step down the
 * gradient for every image, keep it where the image's energy does not rise (a
 * proposal whose energy is not a number is refused), and halve the step of every
 * image that refused it.
 */
export function descentStep(input: DescentStepInput): DescentStepResult {
  const { states, gradients, energy, steps } = input;
  const proposals = states.map((s, i) => tf.sub<tf.Tensor2D>(s, tf.mul(gradients[i]!, steps)));
  const proposed = input.energyAt(proposals);
  const keep = tf.lessEqual(proposed, energy);
  const accepted = tf.expandDims(keep, 1) as tf.Tensor2D;
  return {
    states: proposals.map((p, i) => tf.where(accepted, p, states[i]!) as tf.Tensor2D),
    energy: tf.where(keep, proposed, energy) as tf.Tensor1D,
    steps: tf.where(accepted, steps, tf.mul(steps, 0.5)) as tf.Tensor2D,
    accepted,
  };
}
