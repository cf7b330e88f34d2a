/**
 * Latent traversals (Higgins et al. 2017): start from one image's posterior
 * mean, sweep a single latent unit over a range while the others stay put, and
 * send each point down the generative path. A disentangled unit changes one
 * factor of the image (its slant, its size...); an inactive one changes nothing.
 */
import * as tf from '@tensorflow/tfjs';
import type { Vae } from '../../models/vae.ts';

/** Options of {@link latentTraversal}. */
export interface TraversalOptions {
  /** Values each unit sweeps through, e.g. -3, -2, ..., 3. */
  values: readonly number[];
}

/**
 * Images of a traversal from the posterior mean of `image` (one image of
 * `model.inputSize` pixels): one row per latent unit, one column per value in
 * `options.values`, each image the decoder's Bernoulli means (pixel
 * probabilities), row after row. An image of the wrong size is an error.
 */
export function latentTraversal(
  model: Vae,
  image: Float32Array,
  options: TraversalOptions,
): Float32Array {
  const size = model.inputSize;
  if (image.length !== size) {
    throw new Error(`latentTraversal: the image has ${image.length} pixels, the model ${size}`);
  }
  const units = model.spec.latentSize;
  const steps = options.values.length;
  if (steps === 0) throw new Error('latentTraversal: no values to sweep through');
  return tf.tidy(() => {
    const base = model.recognize(tf.tensor2d(image, [1, size])).mean.dataSync();
    const points = new Float32Array(units * steps * units);
    for (let u = 0; u < units; u++) {
      options.values.forEach((v, s) => {
        const row = (u * steps + s) * units;
        points.set(base, row);
        points[row + u] = v;
      });
    }
    const logits = model.generate(tf.tensor2d(points, [units * steps, units]));
    return tf.sigmoid(logits).dataSync() as Float32Array;
  });
}
