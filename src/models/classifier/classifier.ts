/**
 * What every feedforward classifier offers: class logits for a batch of images,
 * the variables training should move, and a spec to rebuild it from.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ClassifierKind, ClassifierSpec } from './spec.ts';

/** A feedforward classifier: images in, class logits out, trained by cross-entropy. */
export interface Classifier {
  readonly kind: ClassifierKind;
  /** The validated description this model was built from (with its seed). */
  readonly spec: ClassifierSpec;
  /**
   * Unnormalised class scores [batch, classes] for grey-level images
   * [batch, pixels] in [0, 1]. The caller owns the result.
   */
  logits(x: tf.Tensor2D): tf.Tensor2D;
  /** The variables a classification loss has gradients for. */
  trainableVariables(): tf.Variable[];
  /** Free the classifier's weights. */
  dispose(): void;
}
