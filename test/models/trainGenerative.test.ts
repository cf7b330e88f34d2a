import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { loadLetters, type ImageSet } from '../../src/data/index.ts';
import { loadCheckpoint } from '../../src/models/checkpoint.ts';
import { NonFiniteLossError, trainGenerative } from '../../src/models/trainGenerative.ts';
import { Vae } from '../../src/models/vae.ts';

let dir = '';
let train: ImageSet;
const spec = { hiddenSizes: [32], latentSize: 4 };
const config = { ...spec, seed: 5 };

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'neocortex-train-'));
  train = loadLetters({ seed: 2, trainCount: 1024, testCount: 16 }).train;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const weightsOf = (model: Vae): number[][] =>
  model.variables().map((v) => Array.from(v.dataSync()));

describe('trainGenerative', () => {
  it('lowers the loss, keeps tf.memory() flat, and is reproducible by seed', async () => {
    const run = async () => {
      const model = new Vae(spec, 5);
      const before = tf.memory().numTensors;
      const result = await trainGenerative(model, train, { epochs: 2, seed: 5 });
      const after = tf.memory().numTensors;
      const weights = weightsOf(model);
      model.dispose();
      return { result, weights, leaked: after - before };
    };
    const a = await run();
    const b = await run();
    expect(a.leaked).toBe(0);
    expect(a.result.epochs[1]!.trainNegElbo).toBeLessThan(a.result.epochs[0]!.trainNegElbo);
    expect(b.weights).toEqual(a.weights);
  });

  it('resumes from a checkpoint with results identical to an uninterrupted run', async () => {
    const uninterrupted = new Vae(spec, 5);
    const full = await trainGenerative(uninterrupted, train, {
      epochs: 3,
      seed: 5,
      checkpoint: { path: join(dir, 'full.bin'), config },
    });

    const path = join(dir, 'part.bin');
    const first = new Vae(spec, 5);
    await trainGenerative(first, train, { epochs: 1, seed: 5, checkpoint: { path, config } });
    first.dispose();
    // A fresh process would build the model anew: another seed proves the weights come from the file.
    const resumed = new Vae(spec, 99);
    const rest = await trainGenerative(resumed, train, {
      epochs: 3,
      seed: 5,
      checkpoint: { path, config, resume: true },
    });

    expect(rest.startEpoch).toBe(2);
    expect(rest.epochs.map((e) => e.trainNegElbo)).toEqual(full.epochs.map((e) => e.trainNegElbo));
    expect(weightsOf(resumed)).toEqual(weightsOf(uninterrupted));
    expect((await loadCheckpoint(path)).header.epoch).toBe(3);
    uninterrupted.dispose();
    resumed.dispose();
  });

  it('refuses to resume from a checkpoint made with another config', async () => {
    const path = join(dir, 'other.bin');
    const model = new Vae(spec, 5);
    await trainGenerative(model, train, { epochs: 1, seed: 5, checkpoint: { path, config } });
    await expect(
      trainGenerative(model, train, {
        epochs: 2,
        seed: 5,
        checkpoint: { path, config: { ...config, seed: 6 }, resume: true },
      }),
    ).rejects.toThrow(/another config.*seed/);
    model.dispose();
  });

  it('stops on a NaN loss with a clear message and keeps the last good checkpoint', async () => {
    const path = join(dir, 'nan.bin');
    const model = new Vae(spec, 5);
    const poisoned = trainGenerative(model, train, {
      epochs: 3,
      seed: 5,
      checkpoint: { path, config },
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
    expect(tensors.get('model/0')!.values.every(Number.isFinite)).toBe(true);
    model.dispose();
  });
});
