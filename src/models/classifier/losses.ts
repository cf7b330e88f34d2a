/** The classification loss, as a small pure function (one value per sample, in nats). */
import * as tf from '@tensorflow/tfjs';

/**
 * Cross-entropy of a softmax over `logits` [batch, classes] with the true class
 * indices `labels` [batch] (int32): −log softmax(logits)[label], per sample.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const target = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(target, tf.logSoftmax(logits)), 1));
  });
}
