import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  tickPhases,
  type Hierarchy,
  type PhaseEvent,
} from '../../src/cortex/index.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A discriminative predictive-coding network 8-6-5-3 (predictions go up: the image predicts
 * h1, h1 predicts h2, h2 predicts the label, a categorical area).
 */
function pcn(seed = 11): Hierarchy {
  const names = ['image', 'h1', 'h2', 'label'];
  return buildHierarchy({
    areas: [
      { name: 'image', size: 8, prior: 'none' },
      { name: 'h1', size: 6, activation: 'tanh' },
      { name: 'h2', size: 5, activation: 'tanh' },
      { name: 'label', size: 3, likelihood: 'categorical' },
    ],
    pathways: names.slice(1).map((to, i) => ({ from: names[i]!, to, kind: 'feedforward' })),
    predictions: 'up',
    seed,
  });
}

function data(batch: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = tf.randomNormal<tf.Rank.R2>([batch, 8], 0, 1, 'float32', seed);
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => (i * 7 + seed) % 3),
    'int32',
  );
  return { x, y: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
}

/** The same network as a plain MLP: its mean cross-entropy, for backprop. */
function mlpLoss(h: Hierarchy, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const layer = (from: string, to: string, input: tf.Tensor2D): tf.Tensor2D =>
    tf.add(tf.matMul(input, h.pathway(from, to).map.weight), h.area(to).priorBias!);
  const h1 = tf.tanh(layer('image', 'h1', x));
  const h2 = tf.tanh(layer('h1', 'h2', h1));
  const logits = layer('h2', 'label', h2);
  return tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
}

/** Every variable's change in one step of SGD(1) with the local rule. */
function localStep(
  h: Hierarchy,
  run: () => void,
  options: { fixedPredictions?: boolean } = {},
): Map<tf.Variable, Float32Array> {
  const variables = h.variables();
  const before = variables.map((v) => v.dataSync().slice());
  run();
  const optimizer = tf.train.sgd(1);
  h.learn({ optimizer, ...options });
  optimizer.dispose();
  const change = new Map<tf.Variable, Float32Array>();
  variables.forEach((v, i) => {
    const after = v.dataSync();
    change.set(
      v,
      Float32Array.from(after, (a, k) => a - before[i]![k]!),
    );
    v.assign(tf.tensor(before[i]!, v.shape));
  });
  return change;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('local learning', () => {
  it('is a named phase of its own tick: predict, compare, updateWeights, record', () => {
    const h = pcn();
    const { x, y } = data(4, 1);
    const phases: PhaseEvent[] = [];
    h.clamp('label', y);
    h.settle(x, { iterations: 2 });
    h.phase$.subscribe((e) => phases.push(e));
    const optimizer = tf.train.sgd(0.1);
    const { freeEnergy } = h.learn({ optimizer });
    expect(Number.isFinite(freeEnergy)).toBe(true);
    expect(phases.map((e) => `${e.mode}:${e.phase}`)).toEqual(
      tickPhases.learn.map((p) => `learn:${p}`),
    );
    h.dispose();
  });

  it("a pathway's update depends only on the two areas it joins", () => {
    const h = pcn(12);
    const { x, y } = data(6, 2);
    h.clamp('label', y);
    h.settle(x, { iterations: 10 });
    const w = h.pathway('image', 'h1').map.weight;
    const reference = localStep(h, () => undefined).get(w)!;
    // Change everything outside image and h1: h2's state, the label, the other weights.
    const other = h.pathway('h1', 'h2').map.weight;
    other.assign(tf.mul(other, -3));
    h.pathway('h2', 'label').map.weight.assign(tf.randomNormal([5, 3], 0, 1, 'float32', 4));
    h.area('h2').setState(tf.randomNormal([6, 5], 0, 1, 'float32', 5));
    h.clamp(
      'label',
      tf.oneHot(tf.tensor1d([2, 2, 2, 0, 0, 0], 'int32'), 3).toFloat() as tf.Tensor2D,
    );
    const after = localStep(h, () => undefined).get(w)!;
    expectClose(after, reference, 1e-6);
    // And it does change when its own target's state changes.
    h.area('h1').setState(tf.randomNormal([6, 6], 0, 1, 'float32', 6));
    const moved = localStep(h, () => undefined).get(w)!;
    expect(Math.max(...moved.map((v, i) => Math.abs(v - reference[i]!)))).toBeGreaterThan(1e-3);
    h.dispose();
  });

  it('equals backprop under the fixed-prediction assumption (cosine >= 0.999 per weight)', () => {
    const h = pcn(13);
    const { x, y } = data(16, 3);
    const variables = h.variables();
    const backprop = tf.variableGrads(() => mlpLoss(h, x, y), variables);
    h.clamp('label', y);
    const change = localStep(
      h,
      () => h.settle(x, { iterations: 200, stepSize: 0.5, fixedPredictions: true }),
      { fixedPredictions: true },
    );
    for (const v of variables) {
      const grad = backprop.grads[v.name]!.dataSync() as Float32Array;
      const local = change.get(v)!.map((d) => -d);
      expect(cosine(local, grad), v.name).toBeGreaterThanOrEqual(0.999);
      expectClose(local, grad, 1e-3);
    }
    // Without the assumption (predictions follow the settling states) they differ, a little.
    const free = localStep(h, () => h.settle(x, { iterations: 200, stepSize: 0.5 }));
    const w = h.pathway('image', 'h1').map.weight;
    expect(
      cosine(
        free.get(w)!.map((d) => -d),
        backprop.grads[w.name]!.dataSync() as Float32Array,
      ),
    ).toBeLessThan(1);
    h.dispose();
  });

  it('the free energy falls over inference iterations with the label clamped', () => {
    const h = pcn(14);
    const { x, y } = data(8, 4);
    h.clamp('label', y);
    const { freeEnergy, freeEnergyPerImage } = h.settle(x, { iterations: 20, stepSize: 0.2 });
    expect(freeEnergy.at(-1)!).toBeLessThan(freeEnergy[0]!);
    for (let t = 1; t < freeEnergyPerImage.length; t++) {
      freeEnergyPerImage[t]!.forEach((f, i) =>
        expect(f).toBeLessThanOrEqual(freeEnergyPerImage[t - 1]![i]! + 1e-5),
      );
    }
    h.dispose();
  });

  it('learning lowers the energy of what it learned; a feedforward sweep then classifies', () => {
    const h = pcn(15);
    const { x, y } = data(12, 5);
    const optimizer = tf.train.adam(0.02);
    const loss = () => tf.tidy(() => mlpLoss(h, x, y).dataSync()[0]!);
    const start = loss();
    for (let step = 0; step < 60; step++) {
      h.clamp('label', y);
      h.settle(x, { iterations: 10, stepSize: 0.2 });
      h.learn({ optimizer });
    }
    h.unclamp('label');
    expect(loss()).toBeLessThan(0.5 * start);
    const predicted = tf.argMax(h.recognize(x), 1).dataSync();
    const truth = tf.argMax(y, 1).dataSync();
    expect(predicted.filter((p, i) => p === truth[i]).length).toBeGreaterThanOrEqual(11);
    optimizer.dispose();
    h.dispose();
  });

  it('keeps tensor memory flat over thousands of local-learning steps', () => {
    const h = pcn(16);
    const { x, y } = data(4, 6);
    const optimizer = tf.train.sgd(0.01);
    const step = () => {
      h.clamp('label', y);
      h.settle(x, { iterations: 3, stepSize: 0.1 });
      h.learn({ optimizer });
    };
    for (let i = 0; i < 20; i++) step();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 2000; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer.dispose();
    h.dispose();
  });
});

describe('local learning with Adam', () => {
  it('keeps each variable in its place when a pathway falls silent (a lesion between steps)', () => {
    const h = pcn(17);
    const { x, y } = data(4, 7);
    const optimizer = tf.train.adam(0.01);
    const step = () => {
      h.clamp('label', y);
      h.settle(x, { iterations: 2 });
      return h.learn({ optimizer });
    };
    step();
    const silent = h.pathway('h1', 'h2');
    const before = silent.map.weight.dataSync().slice();
    h.lesion('h1', 'h2');
    // Adam's moments are kept by position: a shorter list would shift them onto other weights.
    expect(() => step()).not.toThrow();
    expect(Number.isFinite(step().freeEnergy)).toBe(true);
    const changes = h.variables().map((v) => v.dataSync().every(Number.isFinite));
    expect(changes.every(Boolean)).toBe(true);
    // The silent pathway's weights move only by Adam's momentum from the step before the lesion.
    const after = silent.map.weight.dataSync();
    expect(after.length).toBe(before.length);
    h.restore('h1', 'h2');
    step();
    optimizer.dispose();
    h.dispose();
  });
});
