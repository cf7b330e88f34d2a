/**
 * What the ssvae asks of its class area (M2 on top of M1's z1), whichever way it is built:
 * the dense class area (denseClassArea.ts, the default) or the one built from cortex areas
 * (classArea.ts). All energies are per sample, in nats; the caller owns what is returned.
 */
import type * as tf from '@tensorflow/tfjs';

/**
 * The sizes of the ssvae's class area: the z1 below, the classes, the style z2 and the hidden
 * width.
 */
export interface ClassAreaSizes {
  /** Size of the area below (z1), which the class area recognises and predicts. */
  below: number;
  classes: number;
  style: number;
  hidden: number;
}

/** How the class area is built: its own dense layers, or cortex areas (spec field `classArea`). */
export const classAreaKinds = ['dense', 'cortex'] as const;
/** `dense` (default) or `cortex`. */
export type ClassAreaKind = (typeof classAreaKinds)[number];

/** A class area: recognition q(y | z1), and the energies of z1 with a known or unknown class. */
export interface ClassAreaModel {
  readonly sizes: ClassAreaSizes;
  /** q(y | z1) as logits, [batch, classes]. */
  classLogits(below: tf.Tensor2D): tf.Tensor2D;
  /** −ELBO of z1 with the class known (`oneHot`), style noise from `seed`, [batch]. */
  labelledEnergy(below: tf.Tensor2D, oneHot: tf.Tensor2D, seed: number): tf.Tensor1D;
  /** −ELBO of z1 with the class unknown (summed over q(y | z1)), style noise from `seed`, [batch]. */
  unlabelledEnergy(below: tf.Tensor2D, seed: number): tf.Tensor1D;
  /** Every trainable weight. */
  variables(): tf.Variable[];
  /** Free the weights. */
  dispose(): void;
}
