/**
 * What the training loop and evaluation need of a generative model: its kind
 * and spec (saved in checkpoints), its input size, the per-sample negative ELBO
 * with posterior noise drawn from a seed, and its trainable variables.
 */
import type * as tf from '@tensorflow/tfjs';

/**
 * A generative model that {@link trainGenerative} can train: the VAE and the predictive-coding
 * VAE.
 */
export interface GenerativeModel {
  readonly kind: string;
  readonly spec: object;
  readonly inputSize: number;
  /** -ELBO per image (nats), [batch]; noise drawn from `seed`. */
  negElboPerSample(x: tf.Tensor2D, seed: number): tf.Tensor1D;
  /** -ELBO per image with its reconstruction part and the rest (KL), [batch] each. */
  negElboTerms(x: tf.Tensor2D, seed: number): { negElbo: tf.Tensor1D; reconstruction: tf.Tensor1D };
  /**
   * Weight on the KL in the training objective, reconstruction + beta · KL
   * (beta-VAE); omitted means 1, the plain -ELBO.
   */
  readonly beta?: number;
  /** Every trainable weight. */
  variables(): tf.Variable[];
  /** Free every weight. */
  dispose(): void;
}
