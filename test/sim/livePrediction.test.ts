/**
 * The live page's prediction of a deep pcvae (three stochastic areas) in recognize and train
 * modes: each area's prediction of the one below comes from that area's own recognized state,
 * so the sensory prediction is the model's reconstruction (PcVae.reconstruct), not the image
 * generated down from the top's mean alone; each area's error is its state against that
 * prediction. A clamped top is generated down through every area instead.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { PcVae } from '../../src/models/pcvae/pcvae.ts';
import { pcvaeSpecOf } from '../../src/models/pcvae/spec.ts';
import { SessionModels } from '../../src/sim/session/sessionModels.ts';
import { SessionSpec } from '../../src/sim/session/sessionSpec.ts';
import { TrainingLoop } from '../../src/sim/session/training/trainingLoop.ts';
import { tinyData, tinySpec } from './sessionFixture.ts';

type Areas = [{ size: number }, ...{ name: string; size: number; hidden: number }[]];
const areas: Areas = [
  { size: 784 },
  { name: 'v1', size: 16, hidden: 32 },
  { name: 'v2', size: 8, hidden: 16 },
  { name: 'it', size: 4, hidden: 16 },
];
const spec = SessionSpec.parse(tinySpec({ generative: { areas } }));
const CLASSES = tinyData().train.classNames.length;
const free = [null, null, null, null];

beforeAll(async () => {
  await initBackend('wasm');
});

const owned: { dispose(): unknown }[] = [];
afterEach(() => {
  while (owned.length > 0) owned.pop()!.dispose();
});

/** Test image `i`, binarised. */
const image = (i: number): Float32Array =>
  tinyData()
    .test.images.subarray(i * 784, (i + 1) * 784)
    .map((v) => (v > 0.5 ? 1 : 0));

const rms = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
};

describe('the live prediction of a deep pcvae', () => {
  it('is the reconstruction from every area’s own state, not a dream from the top', () => {
    const models = new SessionModels(spec, 784, CLASSES);
    owned.push(models);
    const loop = new TrainingLoop(spec, tinyData().train);
    for (let i = 0; i < 20; i++) loop.step(models);
    // The same weights in a PcVae of its own: its reconstruction and per-area predictions.
    const generative = spec.generative;
    if (generative.kind !== 'pcvae') throw new Error('the spec is a pcvae');
    const pcvae = new PcVae(pcvaeSpecOf(generative), spec.seed);
    owned.push(pcvae);
    const weights = models.generative.weights();
    tf.tidy(() => {
      let offset = 0;
      for (const v of pcvae.variables()) {
        v.assign(tf.tensor(weights.subarray(offset, offset + v.size), v.shape));
        offset += v.size;
      }
    });
    const shown: Float32Array[] = [];
    const dreams: Float32Array[] = [];
    for (const i of [0, 1, 2]) {
      const x = image(i);
      const seen = models.recognize(x, free, 1);
      const predictions = pcvae.predictions(tf.tensor2d(x, [1, 784]));
      const byName = new Map([...predictions].map(([name, t]) => [name, t.dataSync()]));
      tf.dispose([...predictions.values()]);
      const reconstruction = byName.get('sensory')!;
      expect(rms(seen.prediction, reconstruction)).toBeLessThan(1e-5);
      // Not what the top's mean alone generates down through every area.
      const dream = models.generate(seen.latents.at(-1)!).prediction;
      expect(rms(seen.prediction, dream)).toBeGreaterThan(1e-3);
      dreams.push(dream);
      // Each area below the top: its state against the prediction from the area above.
      ['v1', 'v2'].forEach((name, k) => {
        expect(seen.latentErrors[k]).toBeCloseTo(rms(seen.latents[k]!, byName.get(name)!), 4);
      });
      shown.push(seen.prediction);
    }
    // Different letters, different reconstructions: far further apart than the top's dreams of
    // them (nearly one blob in a model this young).
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [0, 2],
    ] as const) {
      expect(rms(shown[a]!, shown[b]!)).toBeGreaterThan(10 * rms(dreams[a]!, dreams[b]!));
    }
  });

  it('a clamped top is generated down through every area', () => {
    const models = new SessionModels(spec, 784, CLASSES);
    owned.push(models);
    const clamp = [2, null, -1, null];
    const seen = models.recognize(image(0), clamp, 1);
    const top = seen.latents.at(-1)!;
    expect([top[0], top[2]]).toEqual([2, -1]);
    expect(Array.from(seen.prediction)).toEqual(Array.from(models.generate(top).prediction));
  });
});
