import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { binarize, loadLetters, type DatasetSplit } from '../../../src/data/index.ts';
import { loadCheckpoint } from '../../../src/models/checkpoint.ts';
import { NonFiniteLossError } from '../../../src/models/epochLoop.ts';
import {
  evaluatePcGen,
  logJoint,
  logNormaliser,
  PcGen,
  trainPcGen,
} from '../../../src/models/pcgen/index.ts';
import { createRng } from '../../../src/random/rng.ts';
import { useTempDir } from '../../helpers/tempDir.ts';

let data: DatasetSplit;
let testPixels: Float32Array;
const tmp = useTempDir('pcgen');
const small = { latentSizes: [32, 16], inferenceSteps: 10, inferenceRate: 0.1 };

beforeAll(async () => {
  await initBackend('wasm');
  data = loadLetters({ seed: 4, trainCount: 1024, testCount: 64 });
  testPixels = binarize(data.test.images, createRng(1));
});

function testBatch(rows: number): tf.Tensor2D {
  return tf.tensor2d(testPixels.subarray(0, rows * 784), [rows, 784]);
}

describe('pcgen, the generative predictive-coding network', () => {
  it('is a Bernoulli sensory area under Gaussian latents, with feedback pathways only', () => {
    const model = new PcGen({ latentSizes: [12, 8, 4] }, 1);
    const h = model.hierarchy;
    expect(h.areas.map((a) => [a.name, a.size, a.spec.likelihood])).toEqual([
      ['sensory', 784, 'bernoulli'],
      ['z1', 12, 'gaussian'],
      ['z2', 8, 'gaussian'],
      ['z3', 4, 'gaussian'],
    ]);
    expect(h.pathways.map((p) => [p.id, p.kind, p.role])).toEqual([
      ['z1->sensory', 'feedback', 'prediction'],
      ['z2->z1', 'feedback', 'prediction'],
      ['z3->z2', 'feedback', 'prediction'],
    ]);
    // No encoder: no area has a recognition bias, and the root's prior is N(0, I).
    expect(h.areas.every((a) => a.recognitionBias === undefined)).toBe(true);
    expect(h.area('z3').isRoot).toBe(true);
    model.dispose();
  });

  it('settles from rest: the latents start at zero, and the free energy never rises', () => {
    const model = new PcGen(small, 2);
    const h = model.hierarchy;
    const x = testBatch(8);
    // The first guess without recognition pathways is the resting state.
    h.recognize(x);
    for (const name of ['z1', 'z2']) expect(h.readState(name).every((v) => v === 0)).toBe(true);
    const settled = model.settle(x);
    expect(settled.freeEnergy).toHaveLength(10);
    // Iteration 1 compares at rest: F = −log p(x, 0) less the normalisers.
    const zeros = new Map(h.areas.map((a) => [a, a === h.sensory ? x : tf.zeros([8, a.size])]));
    const atRest = logJoint(h, zeros as Map<typeof h.sensory, tf.Tensor2D>).dataSync();
    const normalisers = h.areas.reduce((s, a) => s + logNormaliser(a), 0);
    settled.freeEnergyPerImage[0]!.forEach((f, i) => {
      expect(f).toBeCloseTo(-atRest[i]! - normalisers, 2);
    });
    for (const image of settled.freeEnergyPerImage[0]!.keys()) {
      for (let t = 1; t < settled.freeEnergyPerImage.length; t++) {
        expect(settled.freeEnergyPerImage[t]![image]!).toBeLessThanOrEqual(
          settled.freeEnergyPerImage[t - 1]![image]!,
        );
      }
    }
    expect(settled.freeEnergy.at(-1)!).toBeLessThan(settled.freeEnergy[0]! - 1);
    tf.dispose([x, ...[...zeros.values()].filter((t) => t !== x)]);
    model.dispose();
  });

  it('learns locally: training lowers the held-out free energy and -log p(x), and reconstructs better', async () => {
    const model = new PcGen({ ...small, optimizer: { learningRate: 3e-3 } }, 3);
    const before = evaluatePcGen(model, testPixels, { samples: 10, seed: 1 });
    const x = testBatch(16);
    const error = (m: PcGen): number =>
      tf.tidy(() => tf.mean(tf.abs(tf.sub(m.reconstruct(x), x))).dataSync()[0]!);
    const errorBefore = error(model);
    const result = await trainPcGen(model, data.train, {
      epochs: 2,
      seed: 3,
      batchSize: 64,
    });
    expect(result.epochs).toHaveLength(2);
    expect(result.epochs[1]!.trainFreeEnergy).toBeLessThan(result.epochs[0]!.trainFreeEnergy);
    const after = evaluatePcGen(model, testPixels, { samples: 10, seed: 1 });
    expect(after.freeEnergy).toBeLessThan(before.freeEnergy - 20);
    expect(after.nll!).toBeLessThan(before.nll! - 20);
    expect(error(model)).toBeLessThan(errorBefore * 0.8);
    x.dispose();
    model.dispose();
  });

  it('draws ancestral samples: pixel probabilities, the same for a seed, different for another', () => {
    const model = new PcGen(small, 4);
    const a = model.sample(5, 11);
    const b = model.sample(5, 11);
    const c = model.sample(5, 12);
    expect(a.shape).toEqual([5, 784]);
    const values = a.dataSync();
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Array.from(b.dataSync())).toEqual(Array.from(values));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(values));
    tf.dispose([a, b, c]);
    model.dispose();
  });

  it('keeps the tensor count flat over training steps, evaluation and pictures', () => {
    const model = new PcGen(small, 5);
    const optimizer = model.createOptimizer();
    const x = testBatch(16);
    const step = (): void => {
      model.trainStep(x, optimizer);
      evaluatePcGen(model, testPixels.subarray(0, 8 * 784), { samples: 3, seed: 2 });
      tf.dispose([model.reconstruct(x), model.sample(2, 1)]);
    };
    step();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(count);
    x.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it('trains with SGD too, and stops on a NaN free energy keeping the last good checkpoint', async () => {
    const path = join(tmp.path, 'nan.bin');
    const model = new PcGen({ ...small, optimizer: { name: 'sgd', learningRate: 1e-2 } }, 6);
    const poisoned = trainPcGen(model, data.train, {
      epochs: 3,
      seed: 6,
      batchSize: 256,
      checkpoint: { path, config: { test: 'nan' } },
      onBatch: (p) => {
        if (p.epoch === 2 && p.batch === 2) {
          const w = model.variables()[0]!;
          tf.tidy(() => w.assign(tf.fill(w.shape, Number.NaN)));
        }
      },
    });
    await expect(poisoned).rejects.toThrow(NonFiniteLossError);
    await expect(poisoned).rejects.toThrow(/the loss became NaN at epoch 2, batch 3/);
    const { header, tensors } = await loadCheckpoint(path);
    expect(header.epoch).toBe(1);
    expect(header.model).toBe('pcgen');
    expect(tensors.get('model/0')!.values.every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});
