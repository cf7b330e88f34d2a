/**
 * The pcn: its recognition is the MLP forward pass written by hand, one sweep
 * serves both learning rules, backprop's step is the gradient of that MLP's
 * cross-entropy, and local learning (clamp, settle, learn) raises the training
 * accuracy on a small MNIST subset.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  gatherImages,
  gatherLabels,
  loadMnist,
  type DatasetSplit,
} from '../../../src/data/index.ts';
import { Pcn, type PcnOptions } from '../../../src/models/pcn/index.ts';
import { pcnStep } from '../../../src/models/trainingStep.ts';
import { expectClose } from '../../helpers/expectClose.ts';

let mnist: DatasetSplit;

beforeAll(async () => {
  await initBackend('wasm');
  mnist = await loadMnist();
});

/** `count` training digits spread evenly over the set (it is sorted by class), pixels and labels. */
function digits(count: number): { pixels: Float32Array; labels: Int32Array } {
  const stride = Math.floor(mnist.train.count / count);
  const positions = Int32Array.from({ length: count }, (_, i) => i * stride);
  return {
    pixels: gatherImages(mnist.train, positions),
    labels: Int32Array.from(gatherLabels(mnist.train, positions)),
  };
}

/** The network as an MLP written out: act(x W1 + b1) ... softmax(h Wn + bn). */
function mlpProbabilities(model: Pcn, x: tf.Tensor2D): tf.Tensor2D {
  const h = model.hierarchy;
  const names = h.areas.map((a) => a.name);
  const act = (u: tf.Tensor2D): tf.Tensor2D =>
    model.spec.activation === 'relu' ? tf.relu(u) : tf.tanh(u);
  let state = x;
  for (let i = 1; i < names.length; i++) {
    const u = tf.add<tf.Tensor2D>(
      tf.matMul(state, h.pathway(names[i - 1]!, names[i]!).map.weight),
      h.area(names[i]!).priorBias!,
    );
    state = i === names.length - 1 ? tf.softmax(u) : act(u);
  }
  return state;
}

/** Classified right by a feedforward sweep, out of `labels.length`. */
function accuracy(model: Pcn, pixels: Float32Array, labels: Int32Array): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(pixels, [labels.length, model.spec.inputSize]);
    const predicted = tf.argMax(model.logits(x), 1).dataSync();
    return predicted.filter((p, i) => p === labels[i]).length / labels.length;
  });
}

const small: PcnOptions = { hiddenSizes: [32, 16] };

describe('pcn', () => {
  it('builds image -> h1 -> h2 -> label with predictions up and the spec defaults', () => {
    const model = new Pcn({}, 1);
    expect(model.spec).toEqual({
      kind: 'pcn',
      inputSize: 784,
      hiddenSizes: [256, 256],
      classes: 10,
      activation: 'tanh',
      learning: 'local',
      inferenceSteps: 20,
      inferenceRate: 0.1,
      optimizer: { name: 'adam', learningRate: 1e-3 },
    });
    const h = model.hierarchy;
    expect(h.spec.predictions).toBe('up');
    expect(h.areas.map((a) => [a.name, a.size])).toEqual([
      ['image', 784],
      ['h1', 256],
      ['h2', 256],
      ['label', 10],
    ]);
    expect(h.area('label').spec.likelihood).toBe('categorical');
    // Per area, the weights of the pathway it predicts through, then its own bias.
    expect(model.variables().map((v) => v.shape)).toEqual([
      [784, 256],
      [256, 256],
      [256],
      [256, 10],
      [256],
      [10],
    ]);
    model.dispose();
  });

  it('refuses a bad spec with every problem named', () => {
    expect(
      () =>
        new Pcn({
          hiddenSizes: [],
          learning: 'hebb' as 'local',
          inferenceSteps: 0,
          optimizer: { name: 'rmsprop' as 'adam', learningRate: 1 },
        }),
    ).toThrow(
      /hiddenSizes: expected at least one hidden area[\s\S]*learning: "hebb" is not one of local, backprop[\s\S]*inferenceSteps: expected a whole number from 1 to 10000[\s\S]*optimizer\.name: "rmsprop" is not one of adam, sgd/,
    );
  });

  for (const activation of ['tanh', 'relu'] as const) {
    it(`recognizes by the MLP forward pass (${activation}), the same for both learning rules`, () => {
      const local = new Pcn({ ...small, activation, learning: 'local' }, 4);
      const backprop = new Pcn({ ...small, activation, learning: 'backprop' }, 4);
      const { pixels, labels } = digits(64);
      // Train the local one a little so the weights are not their initial values, then copy.
      const optimizer = local.createOptimizer();
      for (let i = 0; i < 3; i++) pcnStep(local, optimizer, pixels, labels);
      optimizer.dispose();
      backprop.variables().forEach((v, i) => v.assign(local.variables()[i]!));
      const x = tf.tensor2d(pixels, [64, 784]);
      const byHand = mlpProbabilities(local, x).dataSync();
      const fromLocal = local.probabilities(x);
      const fromBackprop = backprop.probabilities(x);
      expectClose(fromLocal.dataSync(), byHand, 1e-5);
      expect(Array.from(fromBackprop.dataSync())).toEqual(Array.from(fromLocal.dataSync()));
      tf.dispose([x, fromLocal, fromBackprop]);
      local.dispose();
      backprop.dispose();
    });
  }

  it('free settling (label unclamped) leaves the feedforward sweep where it is: every error is 0', () => {
    const model = new Pcn(small, 8);
    const { pixels } = digits(16);
    const x = tf.tensor2d(pixels, [16, 784]);
    const swept = model.probabilities(x);
    const { freeEnergy } = model.hierarchy.settle(x, { iterations: 5, stepSize: 0.5 });
    expect(Math.max(...freeEnergy.map(Math.abs))).toBeLessThan(1e-5);
    expectClose(model.hierarchy.readState('label'), swept.dataSync(), 1e-6);
    tf.dispose([x, swept]);
    model.dispose();
  });

  it('refuses a label outside its classes, naming it, before any weight moves', () => {
    const model = new Pcn(small, 9);
    const { pixels } = digits(4);
    const before = model.variables().map((v) => Array.from(v.dataSync()));
    const optimizer = model.createOptimizer();
    expect(() => pcnStep(model, optimizer, pixels, [1, 2, 10, 3])).toThrow(
      'pcnStep: label 10 (position 2) is outside 0..9',
    );
    expect(model.variables().map((v) => Array.from(v.dataSync()))).toEqual(before);
    optimizer.dispose();
    model.dispose();
  });

  it("backprop's step is the gradient of the MLP's cross-entropy", () => {
    const model = new Pcn(
      { ...small, learning: 'backprop', optimizer: { name: 'sgd', learningRate: 1 } },
      5,
    );
    const { pixels, labels } = digits(32);
    const x = tf.tensor2d(pixels, [32, 784]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
    const variables = model.variables();
    const { grads } = tf.variableGrads(
      () => tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(y, tf.log(mlpProbabilities(model, x))), 1))),
      variables,
    );
    const before = variables.map((v) => v.dataSync().slice());
    const optimizer = model.createOptimizer();
    const result = pcnStep(model, optimizer, pixels, labels);
    expect(result.settledFreeEnergy).toBeUndefined();
    variables.forEach((v, i) => {
      const change = v.dataSync().map((a, k) => before[i]![k]! - a);
      expectClose(change, grads[v.name]!.dataSync(), 1e-4);
    });
    optimizer.dispose();
    tf.dispose([x, y, ...Object.values(grads)]);
    model.dispose();
  });

  it("a local step reports the sweep's cross-entropy; settling then lowers the free energy below it", () => {
    const model = new Pcn(small, 6);
    const { pixels, labels } = digits(32);
    const x = tf.tensor2d(pixels, [32, 784]);
    const crossEntropy = tf.tidy(
      () =>
        tf
          .neg(
            tf.mean(
              tf.sum(
                tf.mul(
                  tf.oneHot(tf.tensor1d(labels, 'int32'), 10),
                  tf.log(mlpProbabilities(model, x)),
                ),
                1,
              ),
            ),
          )
          .dataSync()[0]!,
    );
    const optimizer = model.createOptimizer();
    const result = pcnStep(model, optimizer, pixels, labels);
    expect(result.crossEntropy).toBeCloseTo(crossEntropy, 4);
    expect(result.settledFreeEnergy!).toBeLessThan(result.crossEntropy);
    expect(result.settledFreeEnergy!).toBeGreaterThan(0);
    // The label is free again after the step.
    expect(model.hierarchy.area('label').clamped).toBe(false);
    optimizer.dispose();
    x.dispose();
    model.dispose();
  });

  it('a few local-learning steps raise the training accuracy on 200 digits; memory stays flat', () => {
    const model = new Pcn(
      {
        hiddenSizes: [64, 64],
        inferenceSteps: 10,
        optimizer: { name: 'adam', learningRate: 3e-3 },
      },
      7,
    );
    const { pixels, labels } = digits(200);
    const start = accuracy(model, pixels, labels);
    const optimizer = model.createOptimizer();
    const tensors: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      for (let b = 0; b < 4; b++) {
        const rows = [b * 50, (b + 1) * 50];
        pcnStep(
          model,
          optimizer,
          pixels.subarray(rows[0]! * 784, rows[1]! * 784),
          labels.subarray(rows[0], rows[1]),
        );
        tensors.push(tf.memory().numTensors);
      }
    }
    optimizer.dispose();
    const end = accuracy(model, pixels, labels);
    expect(start).toBeLessThan(0.3);
    expect(end).toBeGreaterThan(0.6); // 0.71 measured (16 steps of 50)
    expect(new Set(tensors.slice(1))).toEqual(new Set([tensors[1]]));
    model.dispose();
  });
});
