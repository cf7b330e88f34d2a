import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { balancedSubset, loadMnist, type DatasetSplit } from '../../../src/data/index.ts';
import {
  buildClassifier,
  evaluateClassifier,
  MlpClassifier,
  trainClassifier,
  type Classifier,
  type ClassifierSpecInput,
} from '../../../src/models/classifier/index.ts';
import { NonFiniteLossError } from '../../../src/models/epochLoop.ts';
import { createRng } from '../../../src/random/rng.ts';

let mnist: DatasetSplit;

beforeAll(async () => {
  await initBackend('wasm');
  mnist = await loadMnist();
});

/** perClass labelled training images of each digit, chosen with a fixed seed. */
const labelledDigits = (perClass: number): Int32Array =>
  balancedSubset(mnist.train.labels, perClass, 10, createRng(1));

describe('training a feedforward classifier on MNIST', () => {
  it('the MLP learns: 3 epochs on 3,000 digits give > 85% test accuracy, tensors flat', async () => {
    const model = new MlpClassifier({ seed: 1 });
    const tensorsAfterBatch: number[] = [];
    const epochs: number[] = [];
    const result = await trainClassifier(model, mnist.train, {
      epochs: 3,
      seed: 1,
      labelled: labelledDigits(300),
      onBatch: () => tensorsAfterBatch.push(tf.memory().numTensors),
      onEpoch: (m) => void epochs.push(m.trainLoss),
    });
    // No tensor leaks: the count after every batch is the one after the first
    // (when Adam made its moments and the areas their states).
    expect(new Set(tensorsAfterBatch)).toEqual(new Set([tensorsAfterBatch[0]]));
    expect(tensorsAfterBatch).toHaveLength(3 * Math.ceil(3000 / 128));
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!).toBeLessThan(epochs[0]!);
    expect(result.samplesPerSecond).toBeGreaterThan(0);

    const before = tf.memory().numTensors;
    const report = evaluateClassifier(model, mnist.test);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.count).toBe(mnist.test.count);
    expect(report.accuracy).toBeGreaterThan(0.85);
    const total = report.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(mnist.test.count);
    for (const perClass of report.perClassAccuracy) expect(perClass).toBeGreaterThan(0.6);
    model.dispose();
  });

  it('the conv net learns: one epoch on 2,000 digits gives > 75% test accuracy', async () => {
    const model = buildClassifier({ kind: 'conv', seed: 1 });
    const tensorsAfterBatch: number[] = [];
    await trainClassifier(model, mnist.train, {
      epochs: 1,
      seed: 1,
      learningRate: 3e-3,
      labelled: labelledDigits(200),
      onBatch: () => tensorsAfterBatch.push(tf.memory().numTensors),
    });
    expect(new Set(tensorsAfterBatch)).toEqual(new Set([tensorsAfterBatch[0]]));
    expect(evaluateClassifier(model, mnist.test).accuracy).toBeGreaterThan(0.75);
    model.dispose();
  });

  it('the same seed gives the same model and accuracy; another seed does not', async () => {
    const run = async (spec: ClassifierSpecInput, seed: number) => {
      const model = buildClassifier({ ...spec, seed });
      await trainClassifier(model, mnist.train, { epochs: 1, seed, labelled: labelledDigits(50) });
      const report = evaluateClassifier(model, mnist.test);
      const weights = model.trainableVariables()[0]!.dataSync().slice();
      model.dispose();
      return { accuracy: report.accuracy, confusion: report.confusion, weights };
    };
    for (const spec of [
      { kind: 'mlp', hiddenSizes: [64] },
      { kind: 'conv', convChannels: [4], denseSizes: [16] },
    ] satisfies ClassifierSpecInput[]) {
      const [a, b, c] = [await run(spec, 3), await run(spec, 3), await run(spec, 4)];
      expect(b.accuracy).toBe(a.accuracy);
      expect(b.confusion).toEqual(a.confusion);
      expect(b.weights).toEqual(a.weights);
      expect(c.weights).not.toEqual(a.weights);
    }
  });

  it('a NaN loss stops training with NonFiniteLossError, leaking nothing', async () => {
    for (const spec of [
      { kind: 'mlp', hiddenSizes: [16] },
      { kind: 'conv', convChannels: [4], denseSizes: [] },
    ] satisfies ClassifierSpecInput[]) {
      const model: Classifier = buildClassifier(spec);
      const poisoned = model.trainableVariables()[0]!;
      poisoned.assign(tf.fill(poisoned.shape, Number.NaN));
      const before = tf.memory().numTensors;
      const training = trainClassifier(model, mnist.train, {
        epochs: 1,
        seed: 1,
        labelled: Int32Array.from([0, 1, 2, 3]),
      });
      await expect(training).rejects.toThrow(NonFiniteLossError);
      await expect(training).rejects.toThrow(/the loss became NaN at epoch 1, batch 1/);
      // At most the states the MLP's areas keep from their last tick.
      expect(tf.memory().numTensors - before).toBeLessThanOrEqual(spec.kind === 'mlp' ? 3 : 0);
      model.dispose();
    }
  });

  it('refuses labelled indices outside the training set', async () => {
    const model = buildClassifier({ kind: 'mlp', hiddenSizes: [4] });
    const options = { epochs: 1, seed: 1 };
    await expect(
      trainClassifier(model, mnist.train, {
        ...options,
        labelled: Int32Array.from([0, mnist.train.count]),
      }),
    ).rejects.toThrow(`labelled index ${mnist.train.count} (position 1) outside`);
    await expect(
      trainClassifier(model, mnist.train, { ...options, labelled: new Int32Array(0) }),
    ).rejects.toThrow(/no labelled images/);
    model.dispose();
  });
});
