import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { loadLetters } from '../../../src/data/index.ts';
import { AmortizedHybrid } from '../../../src/models/hybrid/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function batch(count: number): tf.Tensor2D {
  const { train } = loadLetters({ seed: 3, trainCount: count, testCount: 10 });
  return tf.tidy(() => tf.round(tf.tensor2d(train.images, [count, 784])) as tf.Tensor2D);
}

describe('the amortized hybrid: encoder guess, settling, local generative learning', () => {
  it('learns: the guess moves toward where settling ends, and the free energy falls', () => {
    const model = new AmortizedHybrid({
      latentSize: 16,
      recognitionHidden: [32],
      inferenceSteps: 10,
      learningRate: 0.01,
    });
    const x = batch(32);
    const first = model.trainStep(x);
    let last = first;
    for (let i = 0; i < 40; i++) last = model.trainStep(x);
    expect(last.freeEnergySettled).toBeLessThan(0.8 * first.freeEnergySettled);
    expect(last.freeEnergyGuess).toBeLessThan(0.8 * first.freeEnergyGuess);
    // Settling always improves on the guess (or leaves it).
    expect(last.freeEnergySettled).toBeLessThanOrEqual(last.freeEnergyGuess);
    // The guess saves iterations: from no guess, settling needs more to get as low.
    const saved = model.iterationsSaved(x, 5, 400);
    expect(saved.startGuess).toBeLessThan(saved.startPrior);
    expect(saved.fromPrior ?? Infinity).toBeGreaterThan(5);
    model.dispose();
    x.dispose();
  });

  it('refuses a non-finite free energy with NON_FINITE_LOSS', () => {
    const model = new AmortizedHybrid({ latentSize: 4, recognitionHidden: [8] });
    const w = model.hierarchy.pathway('latent', 'sensory').map.weight;
    w.assign(tf.fill(w.shape, Number.NaN));
    const x = batch(4);
    expect(() => model.trainStep(x)).toThrow(expect.objectContaining({ code: 'NON_FINITE_LOSS' }));
    model.dispose();
    x.dispose();
  });

  it('refuses an invalid description, naming the field', () => {
    expect(() => new AmortizedHybrid({ latentSize: 0 })).toThrow(
      expect.objectContaining({
        code: 'SPEC_INVALID',
        message: expect.stringMatching(/latentSize/),
      }),
    );
  });
});
