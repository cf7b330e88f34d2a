import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { softmaxCrossEntropy } from '../../../src/models/classifier/index.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('softmax cross-entropy', () => {
  it('is −log softmax(logits)[label] per sample, stable for large logits', () => {
    const logits = [
      [2, -1, 0.5],
      [100, -100, 0],
    ];
    const labels = [2, 1];
    const got = softmaxCrossEntropy(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')).dataSync();
    const expected = logits.map((row, i) => {
      const max = Math.max(...row);
      const logSum = max + Math.log(row.reduce((s, l) => s + Math.exp(l - max), 0));
      return logSum - row[labels[i]!]!;
    });
    expectClose(got, expected);
    expect(got[1]).toBeCloseTo(200, 4);
  });

  it('has gradient softmax − one-hot with respect to the logits', () => {
    const logits = tf.tensor2d([[0.3, -1.2, 2, 0]]);
    const g = tf.grad((l) =>
      tf.sum(softmaxCrossEntropy(l as tf.Tensor2D, tf.tensor1d([1], 'int32'))),
    )(logits);
    const expected = tf.sub(tf.softmax(logits), tf.tensor2d([[0, 1, 0, 0]]));
    expectClose(g.dataSync(), expected.dataSync());
  });
});
