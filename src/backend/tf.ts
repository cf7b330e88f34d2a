/**
 * The TensorFlow.js instance of the package, for its users.
 */
import * as tfjs from '@tensorflow/tfjs';

/**
 * The TensorFlow.js the package computes with: the same engine and backend as its
 * models (after {@link initBackend}), for the tensors and optimizers a user hands
 * them (`tf.tensor2d(pixels, [n, 784])`, `tf.train.adam(1e-3)`) and for reading
 * `tf.memory()`. A second copy of TensorFlow.js in a project has its own engine and
 * backend, whose tensors the package does not take.
 */
export const tf: typeof tfjs = tfjs;
