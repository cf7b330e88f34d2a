/**
 * What the feedforward MLP classifier makes of a set of images: its
 * penultimate area's activity (the feature space a Fréchet distance is
 * measured in), its confidence (the largest softmax probability) and the class
 * it names, for each image.
 */
import * as tf from '@tensorflow/tfjs';
import { MlpClassifier, mlpAreaNames, type Classifier } from '../../models/classifier/index.ts';

/** The classifier's reading of each image: features, confidence and predicted class. */
export interface ClassifierReadout {
  /** Activity of the last hidden area, `featureSize` values an image, one image after another. */
  features: Float32Array;
  /** Size of the last hidden area. */
  featureSize: number;
  /** The largest softmax probability, per image. */
  confidence: Float32Array;
  /** The arg-max class, per image. */
  predicted: Int32Array;
}

/**
 * One recognition sweep of the MLP over `count` images (`chunk` at a time,
 * default 500), reading its last hidden area and its class area. A classifier
 * that is not the MLP hierarchy is an error.
 */
export function readClassifier(
  classifier: Classifier,
  images: Float32Array,
  count: number,
  options: { chunk?: number } = {},
): ClassifierReadout {
  if (!(classifier instanceof MlpClassifier)) {
    throw new Error(
      `readClassifier: needs the mlp classifier's hierarchy, got a ${classifier.kind}`,
    );
  }
  const chunk = options.chunk ?? 500;
  const size = classifier.spec.inputSize;
  const penultimate = classifier.hierarchy.area(
    mlpAreaNames(classifier.spec.hiddenSizes.length).at(-2)!,
  );
  const featureSize = penultimate.size;
  const features = new Float32Array(count * featureSize);
  const confidence = new Float32Array(count);
  const predicted = new Int32Array(count);
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const [f, c, p] = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * size, (start + n) * size), [n, size]);
      const logits = classifier.logits(x);
      return [tf.clone(penultimate.state!), tf.max(tf.softmax(logits), 1), tf.argMax(logits, 1)];
    });
    features.set(f.dataSync(), start * featureSize);
    confidence.set(c.dataSync(), start);
    predicted.set(p.dataSync(), start);
    tf.dispose([f, c, p]);
  }
  return { features, featureSize, confidence, predicted };
}
