/**
 * One training step of the figure-ground model, the only copy: an Adam step on
 * the mean single-sample −ELBO of one batch. Returns plain numbers; no tensor
 * outlives the call.
 */
import * as tf from '@tensorflow/tfjs';
import type { FigureGround } from './model.ts';

/** What one step measured on its batch (means per image, nats). */
export interface FigureGroundStepResult {
  /** The mean −ELBO the step descended. */
  negElbo: number;
  /** Its reconstruction part, −log p(x | z_o, z_b). */
  reconstruction: number;
}

/**
 * One Adam step on the mean −ELBO of `pixels` (rows of `model.inputSize`,
 * already binarised), with `labels` when the model is class-conditional and
 * posterior noise drawn from `noiseSeed`.
 */
export function figureGroundStep(
  model: FigureGround,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  pixels: Float32Array,
  labels: ArrayLike<number> | undefined,
  noiseSeed: number,
): FigureGroundStepResult {
  const rows = pixels.length / model.inputSize;
  const x = tf.tensor2d(pixels, [rows, model.inputSize]);
  const y = labels === undefined ? undefined : tf.tensor1d(Int32Array.from(labels), 'int32');
  const kept: tf.Tensor[] = [];
  let cost: tf.Scalar | null = null;
  try {
    cost = optimizer.minimize(
      () => {
        const terms = model.negElboTerms(x, noiseSeed, y);
        kept.push(tf.keep(tf.mean(terms.reconstruction)));
        return tf.mean(terms.negElbo) as tf.Scalar;
      },
      true,
      variables,
    );
    return {
      negElbo: cost?.dataSync()[0] ?? Number.NaN,
      reconstruction: kept[0]?.dataSync()[0] ?? Number.NaN,
    };
  } finally {
    tf.dispose([x, ...(y ? [y] : []), ...kept]);
    cost?.dispose();
  }
}
