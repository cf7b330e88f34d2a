/**
 * What the compression experiment reads from a trained VAE's code: posterior
 * means, active units, and traversals, checked against the model's own
 * recognition and generation done directly.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  activeUnits,
  posteriorMeans,
  unitVariances,
} from '../../../src/experiments/disentanglement/latentStats.ts';
import { latentTraversal } from '../../../src/experiments/disentanglement/latentTraversal.ts';
import { Vae } from '../../../src/models/vae.ts';
import { createRng } from '../../../src/random/rng.ts';

let model: Vae;
const rng = createRng(5);
const pixels = Float32Array.from({ length: 7 * 16 }, () => (rng.uniform() < 0.5 ? 1 : 0));

beforeAll(async () => {
  await initBackend('wasm');
  model = new Vae({ inputSize: 16, hiddenSizes: [8], latentSize: 3 }, 9);
});
afterAll(() => model.dispose());

describe('posterior means and active units', () => {
  it('are the encoder means, whatever the batch size', () => {
    const direct = tf.tidy(() => model.recognize(tf.tensor2d(pixels, [7, 16])).mean.dataSync());
    const batched = posteriorMeans(model, pixels, 3);
    expect(batched).toHaveLength(21);
    batched.forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 5));
    expect(() => posteriorMeans(model, pixels.subarray(0, 20))).toThrow(/not a whole number/);
  });

  it('count units whose mean varies by more than 0.01 across images (Burda et al.)', () => {
    // Unit 0: 0, 2 (variance 1); unit 1: 1, 1 (0); unit 2: 0, 0.3 (0.0225).
    const means = Float32Array.from([0, 1, 0, 2, 1, 0.3]);
    const v = unitVariances(means, 3);
    expect(v[0]).toBeCloseTo(1, 6);
    expect(v[1]).toBeCloseTo(0, 6);
    expect(v[2]).toBeCloseTo(0.0225, 6);
    expect(activeUnits(means, 3)).toBe(2);
  });
});

describe('latentTraversal', () => {
  it('sweeps one unit at a time from the posterior mean, the others held', () => {
    const image = pixels.subarray(16, 32);
    const values = [-3, 0, 3];
    const grid = latentTraversal(model, image, { values });
    expect(grid).toHaveLength(3 * 3 * 16);
    const base = tf.tidy(() => model.recognize(tf.tensor2d(image, [1, 16])).mean.dataSync());
    for (let u = 0; u < 3; u++) {
      values.forEach((v, s) => {
        const point = Float32Array.from(base);
        point[u] = v;
        const expected = tf.tidy(() =>
          tf.sigmoid(model.generate(tf.tensor2d(point, [1, 3]))).dataSync(),
        );
        const at = (u * values.length + s) * 16;
        expected.forEach((p, k) => expect(grid[at + k]).toBeCloseTo(p, 5));
      });
    }
  });

  it('refuses an image of the wrong size or nothing to sweep', () => {
    expect(() => latentTraversal(model, pixels.subarray(0, 10), { values: [0] })).toThrow(
      /the image has 10 pixels, the model 16/,
    );
    expect(() => latentTraversal(model, pixels.subarray(0, 16), { values: [] })).toThrow(
      /no values/,
    );
  });
});
