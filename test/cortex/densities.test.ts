import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  bernoulliNegLogLikelihood,
  gaussianKl,
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
  reparameterize,
} from '../../src/cortex/densities.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('densities', () => {
  it('Bernoulli -log p(x) equals the textbook formula, per sample', () => {
    const logits = [
      [2, -1, 0.5],
      [-30, 30, 0],
    ];
    const x = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const got = bernoulliNegLogLikelihood(tf.tensor2d(logits), tf.tensor2d(x)).arraySync();
    const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));
    const expected = logits.map((row, i) =>
      row.reduce((sum, l, j) => {
        const p = sigmoid(l);
        const xi = x[i]![j]!;
        return sum - (xi * Math.log(p) + (1 - xi) * Math.log(1 - p));
      }, 0),
    );
    expect(got[0]).toBeCloseTo(expected[0]!, 5);
    // Saturated logits stay finite and near the exact value (log 2 from the last pixel).
    expect(got[1]).toBeCloseTo(expected[1]!, 4);
  });

  it('KL to N(0, I) matches the closed form and is zero at the prior', () => {
    const mean = tf.tensor2d([
      [0, 0],
      [1, -2],
    ]);
    const logVar = tf.tensor2d([
      [0, 0],
      [Math.log(0.5), Math.log(3)],
    ]);
    const got = gaussianKlToStandardNormal(mean, logVar).arraySync();
    const kl = (m: number, v: number): number => 0.5 * (m * m + v - 1 - Math.log(v));
    expect(got[0]).toBeCloseTo(0, 6);
    expect(got[1]).toBeCloseTo(kl(1, 0.5) + kl(-2, 3), 5);
  });

  it('reparameterize shifts and scales the noise by the posterior', () => {
    const z = reparameterize(
      tf.tensor2d([[1, -1]]),
      tf.tensor2d([[Math.log(4), 0]]),
      tf.tensor2d([[0.5, 2]]),
    ).arraySync();
    expect(z[0]![0]).toBeCloseTo(1 + 2 * 0.5, 6);
    expect(z[0]![1]).toBeCloseTo(-1 + 2, 6);
  });

  it('Gaussian -log N(x; mean, var) is the textbook formula summed over units', () => {
    const x = tf.tensor2d([[0.5, -1]]);
    const mean = tf.tensor2d([[0, 1]]);
    const logVar = tf.tensor2d([[Math.log(4), 0]]);
    const byHand = 0.5 * (Math.log(2 * Math.PI * 4) + 0.25 / 4) + 0.5 * (Math.log(2 * Math.PI) + 4);
    expect(gaussianNegLogDensity(x, mean, logVar).dataSync()[0]).toBeCloseTo(byHand, 5);
    tf.dispose([x, mean, logVar]);
  });

  it('KL between two diagonal Gaussians matches the closed form, zero when equal', () => {
    const mean = tf.tensor2d([
      [0.3, -1],
      [2, 0.5],
    ]);
    const logVar = tf.tensor2d([
      [Math.log(0.5), Math.log(2)],
      [0, Math.log(0.1)],
    ]);
    const priorMean = tf.tensor2d([
      [0.3, -1],
      [-1, 1.5],
    ]);
    const priorLogVar = tf.tensor2d([
      [Math.log(0.5), Math.log(2)],
      [Math.log(3), Math.log(0.2)],
    ]);
    const got = gaussianKl(mean, logVar, priorMean, priorLogVar).arraySync();
    const kl = (m: number, v: number, pm: number, pv: number): number =>
      0.5 * (v / pv + (m - pm) ** 2 / pv - 1 - Math.log(v / pv));
    expect(got[0]).toBeCloseTo(0, 6);
    expect(got[1]).toBeCloseTo(kl(2, 1, -1, 3) + kl(0.5, 0.1, 1.5, 0.2), 4);
    // Against the standard normal it is the special case.
    const zeros = tf.zeros([2, 2]) as tf.Tensor2D;
    const general = gaussianKl(mean, logVar, zeros, zeros).arraySync();
    const special = gaussianKlToStandardNormal(mean, logVar).arraySync();
    expect(general[1]).toBeCloseTo(special[1]!, 5);
    tf.dispose([mean, logVar, priorMean, priorLogVar, zeros]);
  });
});
