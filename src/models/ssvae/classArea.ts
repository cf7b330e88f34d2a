/**
 * The class area: the top of the semi-supervised hierarchy, built from cortex
 * areas (classHierarchy.ts). Its generative side is p(y) p(z2) p(z1 | y, z2): a
 * uniform class prior (the categorical area y as a root), a standard normal
 * style (the stochastic area z2 as a root) and a Gaussian prediction of z1 from
 * the summed drives of the pathways y->z1 and z2->z1. Its recognition side is
 * q(y | z1) (the pathway z1->y, the classifier) and q(z2 | z1, y) (the pathways
 * z1->z2 and y->z2). Its energies are the hierarchy's `negElbo` ticks, per
 * sample, in nats.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, type Hierarchy } from '../../cortex/index.ts';
import type { ClassAreaModel, ClassAreaSizes } from './classAreaModel.ts';
import { classAreaNames, classHierarchySpec } from './classHierarchy.ts';

/**
 * The ssvae's class area: a cortex hierarchy in which a categorical area y (class) and a
 * stochastic area z2 (style) predict z1; recognition q(y given z1) and q(z2 given z1, y).
 */
export class ClassArea implements ClassAreaModel {
  readonly sizes: ClassAreaSizes;
  /** The areas z1 (data: the lower pcvae's samples), y and z2 and their pathways. */
  readonly hierarchy: Hierarchy;

  /**
   * @param sizes - sizes of z1, the classes, z2 and the hidden layers
   * @param seed - seed of the initial weights
   */
  constructor(sizes: ClassAreaSizes, seed: number) {
    this.sizes = sizes;
    this.hierarchy = buildHierarchy(classHierarchySpec(sizes, seed));
  }

  /**
   * q(y | z1) as logits: the drive of the pathway z1->y plus y's recognition bias, the input
   * of the softmax that is y's state after a recognition sweep. The caller owns them.
   */
  classLogits(below: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const y = this.hierarchy.area(classAreaNames.label);
      const bias = tf.expandDims(y.recognitionBias!, 0);
      const drive = this.hierarchy
        .pathway(classAreaNames.below, classAreaNames.label)
        .driveFrom(below);
      return drive === undefined
        ? (tf.tile(bias, [below.shape[0], 1]) as tf.Tensor2D)
        : tf.add<tf.Tensor2D>(drive, bias);
    });
  }

  /**
   * The energy of the class area for a known class: the hierarchy's negative ELBO of z1 with
   * y clamped to `oneHot` ([batch, classes], or [1, classes] for every row): −log p(z1 | y, z2)
   * at z2 sampled from q(z2 | z1, y) with noise from `seed`, plus KL(q(z2 | z1, y) ‖ N(0, I))
   * and −log p(y) = log classes (y's KL to the uniform prior at a one-hot state). The Gaussian
   * −log p(z1 | ·) leaves out its constant ½·log 2π per unit, as every cortex energy does.
   */
  labelledEnergy(below: tf.Tensor2D, oneHot: tf.Tensor2D, seed: number): tf.Tensor1D {
    const h = this.hierarchy;
    return tf.tidy(() => {
      h.clamp(classAreaNames.label, oneHot);
      try {
        return h.negElbo(below, { seed }).negElbo;
      } finally {
        h.unclamp(classAreaNames.label);
      }
    });
  }

  /**
   * The energy when the class is unknown: the expectation of the labelled energy under
   * q(y | z1), minus the entropy of q(y | z1). Every class is enumerated in one tick of
   * classes × batch rows (class-major), each row with its own style noise (from `seed`).
   */
  unlabelledEnergy(below: tf.Tensor2D, seed: number): tf.Tensor1D {
    return tf.tidy(() => {
      const { classes } = this.sizes;
      const batch = below.shape[0];
      const logQ = tf.logSoftmax(this.classLogits(below));
      const labels = Int32Array.from({ length: classes * batch }, (_, i) => Math.floor(i / batch));
      const energies = this.labelledEnergy(
        tf.tile(below, [classes, 1]) as tf.Tensor2D,
        tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D,
        seed,
      );
      const perClass = tf.transpose(tf.reshape(energies, [classes, batch])) as tf.Tensor2D;
      return tf.sum(tf.mul(tf.exp(logQ), tf.add(perClass, logQ)), 1);
    });
  }

  /** Every trainable weight of the class area (its hierarchy's pathways and areas). */
  variables(): tf.Variable[] {
    return this.hierarchy.variables();
  }

  /** Free the class area's weights and states. */
  dispose(): void {
    this.hierarchy.dispose();
  }
}
