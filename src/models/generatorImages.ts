/**
 * Running a generative model over many images in chunks (so a test set of 10,000 images never
 * becomes one tensor), for the experiments' generators.
 */
import * as tf from '@tensorflow/tfjs';

const CHUNK = 500;

/** Run `each` over the images (rows of `size`) in chunks and put the outputs one after another. */
export function inChunks(
  images: Float32Array,
  count: number,
  size: number,
  each: (x: tf.Tensor2D) => Float32Array,
): Float32Array {
  const out = new Float32Array(count * size);
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const x = tf.tensor2d(images.subarray(start * size, (start + n) * size), [n, size]);
    try {
      out.set(each(x), start * size);
    } finally {
      x.dispose();
    }
  }
  return out;
}
