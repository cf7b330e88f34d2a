import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, reciprocalPathways } from '../../src/cortex/index.ts';
import {
  binaryInput,
  expectClose,
  smallSpec,
  generativeMapOf,
  recognitionMapOf,
} from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('recognition and generation sweeps', () => {
  it('recognize is the feedforward math, and tf.grad through the streams equals the direct gradient', () => {
    const areas = [
      { name: 'sensory', size: 6 },
      { name: 'top', size: 4, activation: 'tanh' as const },
    ];
    const h = buildHierarchy({ areas, pathways: reciprocalPathways(['sensory', 'top']), seed: 9 });
    const top = h.area('top');
    // Give the bias a value so the check covers it.
    top.recognitionBias!.assign(tf.tensor1d([0.1, -0.2, 0.3, 0]));
    const W = recognitionMapOf(h, top).weight;
    const b = top.recognitionBias!;
    const x = tf.randomNormal<tf.Rank.R2>([2, 6], 0, 1, 'float32', 4);

    const direct = (input: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(input, W), b));
    expectClose(h.recognize(x).dataSync(), direct(x).dataSync());

    const lossThroughStreams = (input: tf.Tensor) =>
      tf.sum(tf.square(h.recognize(input as tf.Tensor2D)));
    const lossDirect = (input: tf.Tensor) => tf.sum(tf.square(direct(input as tf.Tensor2D)));
    expectClose(tf.grad(lossThroughStreams)(x).dataSync(), tf.grad(lossDirect)(x).dataSync());

    // Weight gradients too: what training through the cortex will use.
    const viaStreams = tf.variableGrads(() => lossThroughStreams(x) as tf.Scalar, [W, b]);
    const viaDirect = tf.variableGrads(() => lossDirect(x) as tf.Scalar, [W, b]);
    for (const name of Object.keys(viaDirect.grads)) {
      expectClose(viaStreams.grads[name]!.dataSync(), viaDirect.grads[name]!.dataSync());
    }
    h.dispose();
  });

  it('recognize sweeps through every area in turn', () => {
    const h = buildHierarchy(smallSpec());
    const x = binaryInput(3, 6, 1);
    const got = h.recognize(x).dataSync();
    const middle = h.area('middle');
    const top = h.area('top');
    const expected = tf.tidy(() => {
      const m = tf.tanh(
        tf.add(tf.matMul(x, recognitionMapOf(h, middle).weight), middle.recognitionBias!),
      );
      return tf.add(tf.matMul(m, recognitionMapOf(h, top).weight), top.recognitionBias!).dataSync();
    });
    expectClose(got, expected);
    expectClose(h.readState('sensory'), x.dataSync());
    h.dispose();
  });

  it('generate sends predictions down: sensory = sigmoid(prior bias + G(middle))', () => {
    const h = buildHierarchy(smallSpec());
    const sensory = h.area('sensory');
    const middle = h.area('middle');
    const top = h.area('top');
    sensory.priorBias!.assign(tf.linspace(-1, 1, 6));
    const z = tf.tensor2d([[0.5, -1, 2]]);
    const generated = h.generate(z).dataSync();
    const expected = tf.tidy(() => {
      const m = tf.tanh(tf.add(tf.matMul(z, generativeMapOf(h, top).weight), middle.priorBias!));
      return tf
        .sigmoid(tf.add(tf.matMul(m, generativeMapOf(h, middle).weight), sensory.priorBias!))
        .dataSync();
    });
    expectClose(generated, expected);
    h.dispose();
  });

  it('generate samples the top from the prior, reproducibly by seed', () => {
    const h = buildHierarchy(smallSpec());
    const a = h.generate(undefined, { seed: 5, batch: 4 }).dataSync().slice();
    const b = h.generate(undefined, { seed: 5, batch: 4 }).dataSync().slice();
    const c = h.generate(undefined, { seed: 6, batch: 4 }).dataSync().slice();
    expect(a.length).toBe(24);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    h.dispose();
  });

  it('a stochastic area carries a mean and a log-variance', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'sensory', size: 6 },
        { name: 'latent', size: 2, stochastic: true },
      ],
      pathways: reciprocalPathways(['sensory', 'latent']),
    });
    const latent = h.area('latent');
    const x = tf.randomNormal<tf.Rank.R2>([3, 6], 0, 1, 'float32', 2);
    h.recognize(x);
    const both = tf.matMul(x, recognitionMapOf(h, latent).weight).arraySync() as number[][];
    expect(latent.state!.arraySync()).toEqual(both.map((row) => row.slice(0, 2)));
    expect(latent.logVar!.arraySync()).toEqual(both.map((row) => row.slice(2)));
    h.dispose();
  });
});

describe('generate with sample: ancestral sampling', () => {
  it('draws each stochastic area below the top from N(prediction, exp(priorLogVar))', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'pixels', size: 3, activation: 'sigmoid', likelihood: 'bernoulli' },
        { name: 'z1', size: 2, stochastic: true },
        { name: 'z2', size: 2, stochastic: true },
      ],
      pathways: reciprocalPathways(['pixels', 'z1', 'z2']),
      seed: 4,
    });
    const z1 = h.area('z1');
    z1.priorLogVar!.assign(tf.tensor1d([Math.log(4), Math.log(0.25)]));
    const top = tf.tensor2d([[0.5, -1]]);
    h.generate(top);
    const mean = h.readState('z1');
    // Without `sample`, z1 is its prediction's mean; with it, the mean plus σ·noise.
    h.generate(top, { sample: true, seed: 7 });
    const drawn = h.readState('z1');
    const noise = tf.randomNormal([1, 2], 0, 1, 'float32', 7 + 7919 * 1).dataSync();
    expectClose(drawn, [mean[0]! + 2 * noise[0]!, mean[1]! + 0.5 * noise[1]!], 1e-4);
    h.dispose();
  });
});
