/**
 * The pcn's training loop: a run resumed from its checkpoint ends with the
 * weights and history of an uninterrupted one (Adam's state saved; plain SGD
 * has none), and a NaN stops the run with NON_FINITE_LOSS, keeping the last
 * good checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { loadMnist, type ImageSet } from '../../../src/data/index.ts';
import { loadCheckpoint } from '../../../src/models/checkpoint.ts';
import { NonFiniteLossError } from '../../../src/models/epochLoop.ts';
import { Pcn, trainPcn, type PcnOptions } from '../../../src/models/pcn/index.ts';
import { useTempDir } from '../../helpers/tempDir.ts';

let train: ImageSet;
const tmp = useTempDir('pcn-train');

beforeAll(async () => {
  await initBackend('wasm');
  const mnist = await loadMnist();
  // Every 40th digit: 200 images of every class (the set is sorted by class).
  const positions = Array.from({ length: 200 }, (_, i) => i * 40);
  const images = new Float32Array(200 * 784);
  positions.forEach((p, i) =>
    images.set(mnist.train.images.subarray(p * 784, (p + 1) * 784), i * 784),
  );
  train = {
    ...mnist.train,
    images,
    labels: Uint8Array.from(positions, (p) => mnist.train.labels[p]!),
    count: 200,
  };
});

const weightsOf = (model: Pcn): number[][] =>
  model.variables().map((v) => Array.from(v.dataSync()));

const specs: Record<string, PcnOptions> = {
  'local, adam': { hiddenSizes: [24, 12], inferenceSteps: 4 },
  'backprop, sgd': {
    hiddenSizes: [24, 12],
    learning: 'backprop',
    optimizer: { name: 'sgd', learningRate: 0.05 },
  },
};

describe.each(Object.entries(specs))('pcn training (%s)', (name, spec) => {
  it('resumes from its checkpoint to the weights and history of an uninterrupted run', async () => {
    const options = { seed: 2, batchSize: 50 };
    const whole = new Pcn(spec, 3);
    const full = await trainPcn(whole, train, { ...options, epochs: 3 });

    const path = `${tmp.path}/${name.replace(/\W+/g, '-')}.bin`;
    const config = { ...whole.spec, seed: 2 };
    const first = new Pcn(spec, 3);
    await trainPcn(first, train, { ...options, epochs: 1, checkpoint: { path, config } });
    first.dispose();
    const resumed = new Pcn(spec, 99); // other initial weights: the checkpoint replaces them
    const rest = await trainPcn(resumed, train, {
      ...options,
      epochs: 3,
      checkpoint: { path, config, resume: true },
    });
    expect(rest.startEpoch).toBe(2);
    expect(weightsOf(resumed)).toEqual(weightsOf(whole));
    const untimed = (h: typeof full.epochs) =>
      h.map(({ seconds: _s, samplesPerSecond: _r, ...m }) => m);
    expect(untimed(rest.epochs)).toEqual(untimed(full.epochs));
    expect(full.epochs[2]!.trainLoss).toBeLessThan(full.epochs[0]!.trainLoss);
    if (spec.learning === 'backprop') {
      expect(full.epochs[0]!.trainSettledFreeEnergy).toBeUndefined();
    } else {
      expect(full.epochs[0]!.trainSettledFreeEnergy!).toBeLessThan(full.epochs[0]!.trainLoss);
    }
    whole.dispose();
    resumed.dispose();
  }, 120_000);

  it('stops with NON_FINITE_LOSS when a weight becomes NaN, keeping the last checkpoint', async () => {
    const model = new Pcn(spec, 4);
    const path = `${tmp.path}/nan-${name.replace(/\W+/g, '-')}.bin`;
    const poisoned = trainPcn(model, train, {
      epochs: 3,
      seed: 1,
      batchSize: 50,
      checkpoint: { path, config: { ...model.spec } },
      onBatch: (p) => {
        if (p.epoch === 2 && p.batch === 2) {
          const w = model.variables()[0]!;
          tf.tidy(() => w.assign(tf.fill(w.shape, Number.NaN)));
        }
      },
    });
    await expect(poisoned).rejects.toThrow(NonFiniteLossError);
    await expect(poisoned).rejects.toThrow(/the loss became NaN at epoch 2, batch 3/);
    await expect(poisoned).rejects.toMatchObject({ code: 'NON_FINITE_LOSS' });
    const { header, tensors } = await loadCheckpoint(path);
    expect(header.epoch).toBe(1);
    expect(header.model).toBe('pcn');
    expect(tensors.get('model/0')!.values.every(Number.isFinite)).toBe(true);
    model.dispose();
  }, 120_000);
});

describe('trainPcn', () => {
  it('refuses images that do not fit the image area', async () => {
    const model = new Pcn({ inputSize: 100, hiddenSizes: [8] }, 1);
    await expect(trainPcn(model, train, { epochs: 1, seed: 1, batchSize: 50 })).rejects.toThrow(
      'trainPcn: the images have 784 pixels but the image area has 100',
    );
    model.dispose();
  });
});
