/**
 * Settling a pcvae's posterior (means and log-variances, Adam, per image), the
 * amortization-gap measurement built on it, and filling in occluded pixels,
 * on a small real pcvae trained for a few epochs on real digits.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { loadExperimentData, trainPcVaeRoute } from '../../../src/experiments/index.ts';
import { measureAmortizationGap } from '../../../src/experiments/predictiveCoding/amortizationGap.ts';
import {
  fillIn,
  fillInMethods,
  hiddenPixelError,
  lesionedPathways,
} from '../../../src/experiments/predictiveCoding/fillIn.ts';
import {
  blankHidden,
  occlusionMask,
} from '../../../src/experiments/predictiveCoding/occlusionMasks.ts';
import { settlePosterior } from '../../../src/experiments/predictiveCoding/posteriorSettling.ts';
import { binarizeTestSet } from '../../../src/models/evaluate.ts';
import { sampledNegElbo } from '../../../src/models/sampledNegElbo.ts';
import type { PcVae } from '../../../src/models/pcvae/index.ts';

let one: PcVae;
let two: PcVae;
let pixels: Float32Array;
const COUNT = 40;

beforeAll(async () => {
  await initBackend('wasm');
  const data = await loadExperimentData('mnist', { train: 600, test: COUNT });
  const train = async (latent: number[], hidden: number[]) =>
    (await trainPcVaeRoute(data.train, { latent, hidden, epochs: 3, seed: 1 })).model;
  one = await train([6], [48]);
  two = await train([6, 3], [48, 24]);
  pixels = binarizeTestSet(data.test.images);
}, 120_000);

const batch = () => tf.tensor2d(pixels, [COUNT, 784]);

describe('settlePosterior', () => {
  it('lowers the test -ELBO from the encoder guess, moving means and log-variances of every area', () => {
    for (const model of [one, two]) {
      const x = batch();
      const start = model.recognizePosterior(x);
      const r = settlePosterior(model, x, {
        checkpoints: [0, 5, 30],
        learningRate: 0.05,
        samples: 1,
        evalSamples: 8,
        seed: 3,
        evalSeed: 11,
      });
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      expect(r.negElbo).toHaveLength(3);
      expect(r.negElbo[0]).toHaveLength(COUNT);
      // Checkpoint 0 is the encoder's posterior scored with the evaluation noise.
      const encoder = sampledNegElbo(model, x, { samples: 8, seed: 11, posterior: start });
      expect(r.negElbo[0]![0]).toBeCloseTo(encoder.dataSync()[0]!, 3);
      expect(mean(r.negElbo[1]!)).toBeLessThan(mean(r.negElbo[0]!));
      expect(mean(r.negElbo[2]!)).toBeLessThan(mean(r.negElbo[1]!));
      expect([...r.posterior.keys()]).toEqual(model.latentAreas);
      for (const name of model.latentAreas) {
        const moved = (a: tf.Tensor, b: tf.Tensor) =>
          tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
        expect(moved(r.posterior.get(name)!.mean, start.get(name)!.mean)).toBeGreaterThan(1e-3);
        expect(moved(r.posterior.get(name)!.logVar, start.get(name)!.logVar)).toBeGreaterThan(1e-3);
      }
      tf.dispose([
        x,
        encoder,
        ...[...start.values(), ...r.posterior.values()].flatMap((p) => [p.mean, p.logVar]),
      ]);
    }
  });

  it('refuses checkpoints that are not ascending whole numbers', () => {
    const x = batch();
    const options = { learningRate: 0.01, samples: 1, evalSamples: 1, seed: 1, evalSeed: 2 };
    expect(() => settlePosterior(one, x, { ...options, checkpoints: [0, 5, 5] })).toThrow(
      /ascending/,
    );
    expect(() => settlePosterior(one, x, { ...options, checkpoints: [] })).toThrow(
      /no checkpoints/,
    );
    x.dispose();
  });

  it('holds no tensor after it returns, once its posterior is disposed', () => {
    const x = batch();
    const before = tf.memory().numTensors;
    const r = settlePosterior(one, x, {
      checkpoints: [0, 3],
      learningRate: 0.01,
      samples: 2,
      evalSamples: 2,
      seed: 1,
      evalSeed: 2,
    });
    tf.dispose([...r.posterior.values()].flatMap((p) => [p.mean, p.logVar]));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('measureAmortizationGap', () => {
  it('splits the gap so that the parts add up, with -log p(x) below every -ELBO', () => {
    const gap = measureAmortizationGap(two, pixels, {
      iterations: [0, 2, 10],
      optimalIterations: 30,
      learningRate: 0.05,
      samples: 1,
      evalSamples: 4,
      iwaeK: 64,
      batchSize: 25,
      seed: 5,
    });
    expect(gap.iterations).toEqual([0, 2, 10]);
    expect(gap.images).toBe(COUNT);
    expect(gap.negElbo[0]).toBeCloseTo(gap.negElboEncoder, 9);
    expect(gap.negElbo[2]).toBeLessThan(gap.negElbo[0]!);
    expect(gap.negElboOptimal).toBeLessThan(gap.negElbo[2]!);
    expect(gap.nll).toBe(Math.min(gap.nllEncoderProposal, gap.nllOptimalProposal));
    expect(gap.nll).toBeLessThan(gap.negElboOptimal);
    expect(gap.approximation + gap.amortization).toBeCloseTo(gap.inference, 9);
    expect(gap.amortization).toBeGreaterThan(0);
    expect(gap.raisedFraction).toBeGreaterThanOrEqual(0);
    expect(gap.raisedFraction).toBeLessThan(0.5);
  });

  it('refuses a q* with fewer iterations than the curve', () => {
    expect(() =>
      measureAmortizationGap(one, pixels, {
        iterations: [0, 20],
        optimalIterations: 10,
        learningRate: 0.05,
        samples: 1,
        evalSamples: 1,
        iwaeK: 2,
        batchSize: 40,
        seed: 1,
      }),
    ).toThrow(/optimalIterations \(10\) is below the last reported iteration \(20\)/);
  });
});

describe('fillIn', () => {
  const known = occlusionMask('bottom-half', {
    height: 28,
    width: 28,
    count: COUNT,
    fraction: 0.25,
    seed: 1,
  });

  it('offers the top-down lesion only to a model with a second stochastic area, and names each lesioned pathway', () => {
    expect(fillInMethods(one)).toEqual(['encoder', 'settle', 'settle-lesion-sensory']);
    expect(fillInMethods(two)).toEqual([
      'encoder',
      'settle',
      'settle-lesion-sensory',
      'settle-lesion-top',
    ]);
    expect(lesionedPathways(two, 'settle-lesion-sensory')).toEqual([['z1', 'sensory']]);
    expect(lesionedPathways(two, 'settle-lesion-top')).toEqual([['z2', 'z1']]);
    expect(() => lesionedPathways(one, 'settle-lesion-top')).toThrow(/second stochastic area/);
  });

  it('settling fills a hidden bottom half in better than the encoder alone; every lesion and the occlusion are undone', () => {
    const x = tf.tensor2d(blankHidden(pixels, known), [COUNT, 784]);
    const mask = tf.tensor2d(known, [COUNT, 784]);
    const settle = { iterations: 30, stepSize: 0.02 };
    const error = (method: Parameters<typeof fillIn>[3]) =>
      hiddenPixelError(fillIn(two, x, mask, method, settle), pixels, known).crossEntropy;
    const encoder = error('encoder');
    const settled = error('settle');
    expect(settled).toBeLessThan(encoder);
    error('settle-lesion-sensory');
    error('settle-lesion-top');
    expect(two.hierarchy.pathways.some((p) => p.lesioned)).toBe(false);
    expect(two.hierarchy.sensory.known).toBeUndefined();
    tf.dispose([x, mask]);
  });

  it('the prediction at a hidden pixel does not depend on what the settle input holds there', () => {
    // The encoder sees the input; settling with precision 0 at the hidden pixels must not.
    // Start both settles from the same guess (the blanked image) and change only the hidden values.
    const blank = blankHidden(pixels, known);
    const filled = blank.map((v, i) => (known[i] === 0 ? 1 : v));
    const mask = tf.tensor2d(known, [COUNT, 784]);
    const h = one.hierarchy;
    const settleFrom = (input: Float32Array) => {
      h.recognize(blank);
      h.occlude(mask);
      h.settle(input, { iterations: 10, stepSize: 0.02, continueFrom: 'current' });
      h.occlude(undefined);
      return h.readState('z1');
    };
    expect(settleFrom(filled)).toEqual(settleFrom(blank));
    mask.dispose();
  });
});

describe('hiddenPixelError', () => {
  it('counts only hidden pixels: cross-entropy and squared error worked by hand', () => {
    const predicted = Float32Array.from([0.5, 0.9, 0.2, 0.7]);
    const target = Float32Array.from([1, 1, 0, 0]);
    const known = Float32Array.from([1, 0, 0, 1]);
    const e = hiddenPixelError(predicted, target, known);
    // Hidden: pixel 1 (p 0.9, t 1) and pixel 2 (p 0.2, t 0).
    expect(e.hidden).toBe(2);
    expect(e.crossEntropy).toBeCloseTo((-Math.log(0.9) - Math.log(0.8)) / 2, 6);
    expect(e.squaredError).toBeCloseTo((0.01 + 0.04) / 2, 6);
    expect(() => hiddenPixelError(predicted, target, new Float32Array(4).fill(1))).toThrow(
      /no pixel is hidden/,
    );
  });
});
