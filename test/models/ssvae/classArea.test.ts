import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { ClassArea } from '../../../src/models/ssvae/index.ts';
import { createRng } from '../../../src/random/rng.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the class area', () => {
  it('scores an unlabelled z1 as E_q(y)[labelled energy] - H(q(y))', () => {
    const area = new ClassArea({ below: 4, classes: 3, style: 2, hidden: 8 }, 5);
    const below = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, 'float32', 1);
    const noise = tf.randomNormal<tf.Rank.R2>([5, 2], 0, 1, 'float32', 2);
    const unlabelled = area.unlabelledEnergy(below, noise).arraySync();
    const q = tf.softmax(area.classLogits(below)).arraySync() as number[][];
    const perClass = [0, 1, 2].map((y) => {
      const oneHot = tf.oneHot(tf.fill([5], y, 'int32') as tf.Tensor1D, 3).toFloat() as tf.Tensor2D;
      return area.labelledEnergy(below, oneHot, noise).arraySync();
    });
    for (let i = 0; i < 5; i++) {
      let expected = 0;
      for (let y = 0; y < 3; y++) {
        const p = q[i]![y]!;
        expected += p * (perClass[y]![i]! + Math.log(p));
      }
      expect(unlabelled[i]).toBeCloseTo(expected, 4);
    }
    area.dispose();
    tf.dispose([below, noise]);
  });

  it('learns to classify clustered data from a few labels and many unlabelled points', () => {
    // Four well-separated Gaussian clusters in 2-D; two labels a class.
    const rng = createRng(3);
    const centres = [
      [3, 3],
      [-3, 3],
      [-3, -3],
      [3, -3],
    ];
    const sample = (n: number) => {
      const points: number[][] = [];
      const labels: number[] = [];
      for (let i = 0; i < n; i++) {
        const c = i % 4;
        points.push([centres[c]![0]! + 0.7 * rng.normal(), centres[c]![1]! + 0.7 * rng.normal()]);
        labels.push(c);
      }
      return { x: tf.tensor2d(points), y: tf.tensor1d(labels, 'int32') };
    };
    const area = new ClassArea({ below: 2, classes: 4, style: 2, hidden: 16 }, 9);
    const unlabelled = sample(400);
    const labelled = sample(8);
    const test = sample(400);
    const accuracy = () =>
      tf.tidy(
        () =>
          tf
            .mean(tf.equal(tf.argMax(area.classLogits(test.x), 1), test.y).toFloat())
            .dataSync()[0]!,
      );
    const before = accuracy();
    const optimizer = tf.train.adam(0.01);
    const oneHot = tf.oneHot(labelled.y, 4).toFloat() as tf.Tensor2D;
    for (let step = 0; step < 80; step++) {
      optimizer.minimize(() =>
        tf.tidy(() => {
          const noiseU = tf.randomNormal<tf.Rank.R2>([400, 2], 0, 1, 'float32', step);
          const noiseL = tf.randomNormal<tf.Rank.R2>([8, 2], 0, 1, 'float32', 10_000 + step);
          const ce = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(area.classLogits(labelled.x))), 1));
          return tf.addN([
            tf.mean(area.unlabelledEnergy(unlabelled.x, noiseU)),
            tf.mean(area.labelledEnergy(labelled.x, oneHot, noiseL)),
            tf.mul(10, tf.mean(ce)),
          ]) as tf.Scalar;
        }),
      );
    }
    const after = accuracy();
    expect(before).toBeLessThan(0.7);
    expect(after).toBeGreaterThan(0.95);
    optimizer.dispose();
    area.dispose();
    tf.dispose([unlabelled.x, unlabelled.y, labelled.x, labelled.y, test.x, test.y, oneHot]);
  });
});
