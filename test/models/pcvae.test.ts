import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { binarize, loadLetters, type DatasetSplit } from '../../src/data/index.ts';
import { evaluateNegElbo } from '../../src/models/evaluate.ts';
import {
  evaluateImportanceWeightedNll,
  evaluateSettledNegElbo,
  PcVae,
} from '../../src/models/pcvae/index.ts';
import { trainGenerative } from '../../src/models/trainGenerative.ts';
import { createRng } from '../../src/random/rng.ts';
import { useTempDir } from '../helpers/tempDir.ts';

let data: DatasetSplit;
let testPixels: Float32Array;
let trained: PcVae;
const tmp = useTempDir('pcvae');

beforeAll(async () => {
  await initBackend('wasm');
  data = loadLetters({ seed: 4, trainCount: 2048, testCount: 128 });
  testPixels = binarize(data.test.images, createRng(1));
  trained = new PcVae({ latentSizes: [6], hiddenSizes: [64] }, 1);
  await trainGenerative(trained, data.train, { epochs: 3, seed: 1 });
}, 120_000);

describe('the predictive-coding VAE', () => {
  it('takes the area names a user chooses, and refuses a wrong count or a repeated name', () => {
    const model = new PcVae(
      { latentSizes: [8, 6, 4], hiddenSizes: [32], areaNames: ['retina', 'v1', 'v2', 'it'] },
      2,
    );
    expect(model.hierarchy.areas.map((a) => a.name)).toEqual(['retina', 'v1', 'v2', 'it']);
    expect(model.latentAreas).toEqual(['v1', 'v2', 'it']);
    const x = tf.zeros([2, 784]) as tf.Tensor2D;
    const { negElbo, reconstruction } = model.negElboTerms(x, 1);
    expect(negElbo.shape).toEqual([2]);
    expect(Number.isFinite(reconstruction.dataSync()[0])).toBe(true);
    tf.dispose([x, negElbo, reconstruction]);
    model.dispose();
    expect(() => new PcVae({ latentSizes: [8, 4], areaNames: ['retina', 'v1'] }, 1)).toThrow(
      /expected 3 names/,
    );
    expect(() => new PcVae({ latentSizes: [8], areaNames: ['a', 'a'] }, 1)).toThrow(/used twice/);
  });

  it('is a cortex hierarchy: a Bernoulli sensory area under stochastic areas, wired both ways', () => {
    const model = new PcVae({ latentSizes: [8, 4], hiddenSizes: [32, 16] }, 2);
    const h = model.hierarchy;
    expect(h.areas.map((a) => [a.name, a.size, a.spec.stochastic])).toEqual([
      ['sensory', 784, false],
      ['z1', 8, true],
      ['z2', 4, true],
    ]);
    expect(h.pathwaysOfKind('feedforward')).toHaveLength(2);
    expect(h.pathwaysOfKind('feedback')).toHaveLength(2);
    expect(h.area('sensory').spec.likelihood).toBe('bernoulli');
    // z1 has a learned prior variance under z2; the top's prior is N(0, I).
    expect(h.area('z1').priorLogVar).toBeDefined();
    expect(h.area('z2').priorLogVar).toBeUndefined();
    model.dispose();
  });

  it('two stochastic areas train: the loss falls and resume is exact', async () => {
    const path = `${tmp.path}/two.bin`;
    const config = { latentSizes: [6, 3], seed: 3 };
    const whole = new PcVae({ latentSizes: [6, 3], hiddenSizes: [32, 16] }, 3);
    const full = await trainGenerative(whole, data.train, { epochs: 2, seed: 3 });
    expect(full.epochs[1]!.trainNegElbo).toBeLessThan(full.epochs[0]!.trainNegElbo);

    const first = new PcVae({ latentSizes: [6, 3], hiddenSizes: [32, 16] }, 3);
    await trainGenerative(first, data.train, { epochs: 1, seed: 3, checkpoint: { path, config } });
    first.dispose();
    const resumed = new PcVae({ latentSizes: [6, 3], hiddenSizes: [32, 16] }, 77);
    const rest = await trainGenerative(resumed, data.train, {
      epochs: 2,
      seed: 3,
      checkpoint: { path, config, resume: true },
    });
    expect(rest.epochs.map((e) => e.trainNegElbo)).toEqual(full.epochs.map((e) => e.trainNegElbo));
    whole.dispose();
    resumed.dispose();
  });

  it('settling the posterior means lowers the held-out -ELBO under the same evaluation noise', () => {
    const encoder = evaluateNegElbo(trained, testPixels, { seed: 11 });
    const settled = evaluateSettledNegElbo(trained, testPixels, {
      iterations: 30,
      stepSize: 0.02,
      seed: 11,
    });
    expect(settled.negElbo).toBeLessThan(encoder.negElbo - 0.5);
  });

  it('settling never moves an image uphill, even with a far too large step', () => {
    const encoder = evaluateNegElbo(trained, testPixels, { seed: 11 });
    const reckless = evaluateSettledNegElbo(trained, testPixels, {
      iterations: 20,
      stepSize: 50,
      seed: 11,
    });
    expect(reckless.negElbo).toBeLessThan(encoder.negElbo);
  });

  it("untrained or trained, with far too large steps, a settle step never raises an image's energy", () => {
    const untrained = new PcVae({ latentSizes: [6], hiddenSizes: [64] }, 2);
    const x = tf.tensor2d(testPixels.subarray(0, 16 * 784), [16, 784]);
    for (const model of [untrained, trained]) {
      for (const stepSize of [5, 50]) {
        // The -ELBO under each step's own noise: after the step never above before it.
        const { posterior, tracePerImage, afterPerImage } = model.settle(x, {
          iterations: 8,
          stepSize,
          seed: 3,
        });
        expect(tracePerImage).toHaveLength(8);
        tracePerImage.forEach((before, t) => {
          before.forEach((f, image) => expect(afterPerImage[t]![image]!).toBeLessThanOrEqual(f));
        });
        for (const p of posterior.values()) tf.dispose([p.mean, p.logVar]);
        // The same hierarchy's deterministic free energy: a non-increasing trace per image.
        const { freeEnergyPerImage } = model.hierarchy.settle(x, { iterations: 15, stepSize });
        for (let i = 1; i < freeEnergyPerImage.length; i++) {
          freeEnergyPerImage[i]!.forEach((f, image) =>
            expect(f).toBeLessThanOrEqual(freeEnergyPerImage[i - 1]![image]!),
          );
        }
      }
    }
    x.dispose();
    untrained.dispose();
  });

  it('the importance-weighted -log p(x) is below the -ELBO, and tighter with more samples', () => {
    const encoder = evaluateNegElbo(trained, testPixels, { seed: 11 });
    const k1 = evaluateImportanceWeightedNll(trained, testPixels, { k: 1, seed: 5 });
    const k50 = evaluateImportanceWeightedNll(trained, testPixels, { k: 50, seed: 5 });
    // k = 1 is a single-sample -ELBO estimate: close to the analytic-KL one.
    expect(Math.abs(k1.nll - encoder.negElbo)).toBeLessThan(3);
    expect(k50.nll).toBeLessThan(encoder.negElbo - 0.5);
    expect(k50.nll).toBeLessThan(k1.nll);
  });

  it('generates from the prior, and conditionally from a clamped area', () => {
    const model = new PcVae({ latentSizes: [6, 3], hiddenSizes: [32, 16] }, 4);
    const h = model.hierarchy;
    const samples = h.generate(undefined, { seed: 1, batch: 5 }).dataSync();
    expect(samples.length).toBe(5 * 784);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1);
    h.clamp('z2', [1, -1, 0.5]);
    const a = Array.from(h.generate(undefined, { seed: 2 }).dataSync());
    const b = Array.from(h.generate(undefined, { seed: 3 }).dataSync());
    expect(b).toEqual(a); // the clamped top decides; the seed no longer matters
    h.clamp('z2', [-1, 1, 0]);
    expect(Array.from(h.generate(undefined, { seed: 2 }).dataSync())).not.toEqual(a);
    model.dispose();
  });

  it('leaks no tensors through settling and evaluation', () => {
    const before = tf.memory().numTensors;
    evaluateSettledNegElbo(trained, testPixels, { iterations: 3, stepSize: 0.02, seed: 1 });
    evaluateImportanceWeightedNll(trained, testPixels, { k: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
