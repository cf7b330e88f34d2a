import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import type { ImageSet } from '../../../src/data/index.ts';
import {
  confusionMatrix,
  evaluateClassifier,
  reportFromConfusion,
  type Classifier,
} from '../../../src/models/classifier/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A stand-in model that predicts the class written (as class / 10) in each image's first pixel. */
function firstPixelClassifier(classes: number): Classifier {
  return {
    kind: 'mlp',
    spec: { kind: 'mlp', inputSize: 4, hiddenSizes: [], classes, seed: 0 },
    logits: (x) =>
      tf.tidy(() => {
        const predicted = tf.cast(tf.round(tf.mul(tf.slice(x, [0, 0], [-1, 1]), 10)), 'int32');
        return tf.oneHot(tf.reshape(predicted, [-1]), classes).toFloat() as tf.Tensor2D;
      }),
    trainableVariables: () => [],
    dispose: () => undefined,
  };
}

describe('classifier evaluation', () => {
  it('counts a hand-made confusion matrix [true][predicted] and reads accuracy off it', () => {
    const truth = [0, 0, 1, 1, 1, 2, 2];
    const predicted = [0, 1, 1, 1, 2, 2, 0];
    const confusion = confusionMatrix(truth, predicted, 4);
    expect(confusion).toEqual([
      [1, 1, 0, 0],
      [0, 2, 1, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    const report = reportFromConfusion(confusion);
    expect(report.count).toBe(7);
    expect(report.accuracy).toBeCloseTo(4 / 7, 12);
    expect(report.perClassAccuracy.slice(0, 3)).toEqual([1 / 2, 2 / 3, 1 / 2]);
    // A class with no images has no accuracy.
    expect(report.perClassAccuracy[3]).toBeNaN();
    expect(() => confusionMatrix([0, 5], [0, 1], 4)).toThrow(/pair 1 \(true 5, predicted 1\)/);
    expect(() => confusionMatrix([0], [0, 1], 4)).toThrow(/1 labels but 2 predictions/);
  });

  it('evaluates a model batch by batch, disposing every tensor', () => {
    const truth = [0, 1, 2, 2, 1, 0, 2];
    const predictions = [0, 1, 2, 1, 1, 2, 2];
    const images = new Float32Array(truth.length * 4);
    predictions.forEach((p, i) => (images[4 * i] = p / 10));
    const test: ImageSet = {
      name: 'hand-made',
      images,
      labels: Uint8Array.from(truth),
      count: truth.length,
      height: 2,
      width: 2,
      classNames: ['a', 'b', 'c'],
    };
    const before = tf.memory().numTensors;
    const report = evaluateClassifier(firstPixelClassifier(3), test, { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.confusion).toEqual([
      [1, 0, 1],
      [0, 2, 0],
      [0, 1, 2],
    ]);
    expect(report.accuracy).toBeCloseTo(5 / 7, 12);
    expect(report.perClassAccuracy).toEqual([1 / 2, 1, 2 / 3]);
    expect(report.count).toBe(7);
  });
});
