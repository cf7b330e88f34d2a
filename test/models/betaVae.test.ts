/**
 * The Vae's optional `beta` (weight on the KL in the training objective): absent
 * it changes nothing; set, one training step descends reconstruction + beta · KL
 * while the -ELBO it reports stays the plain one.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { generativeStep } from '../../src/models/trainingStep.ts';
import { Vae, VaeSpec } from '../../src/models/vae.ts';
import { createRng } from '../../src/random/rng.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const spec = { inputSize: 12, hiddenSizes: [8], latentSize: 3 };
const rng = createRng(3);
const pixels = Float32Array.from({ length: 5 * 12 }, () => (rng.uniform() < 0.4 ? 1 : 0));
const NOISE_SEED = 11;
const LR = 0.05;

/** Weights after one SGD step of generativeStep, the step's report, and the -ELBO before it. */
function stepWith(beta: number | undefined) {
  const model = new Vae(beta === undefined ? spec : { ...spec, beta }, 4);
  const x = tf.tensor2d(pixels, [5, 12]);
  const before = tf.tidy(() => {
    const t = model.negElboTerms(x, NOISE_SEED);
    return {
      negElbo: tf.mean(t.negElbo).dataSync()[0]!,
      reconstruction: tf.mean(t.reconstruction).dataSync()[0]!,
    };
  });
  // The gradient of reconstruction + beta · KL, written directly.
  const b = beta ?? 1;
  const { grads, value } = tf.variableGrads(() => {
    const t = model.negElboTerms(x, NOISE_SEED);
    const kl = tf.sub(t.negElbo, t.reconstruction);
    return tf.mean(tf.add(t.reconstruction, tf.mul(b, kl))) as tf.Scalar;
  }, model.variables());
  const expected = model.variables().map((v) => {
    const w = tf.sub(v, tf.mul(LR, grads[v.name]!));
    const out = Array.from(w.dataSync());
    w.dispose();
    return out;
  });
  tf.dispose([value, ...Object.values(grads)]);
  const optimizer = tf.train.sgd(LR);
  const report = generativeStep(model, optimizer, model.variables(), pixels, NOISE_SEED);
  const after = model.variables().map((v) => Array.from(v.dataSync()));
  optimizer.dispose();
  x.dispose();
  model.dispose();
  return { before, report, expected, after };
}

describe('Vae beta', () => {
  it('is absent from a default spec (so saved specs do not change) and reads as 1', () => {
    expect('beta' in VaeSpec.parse({})).toBe(false);
    const model = new Vae(spec, 1);
    expect(model.beta).toBe(1);
    model.dispose();
    const beta4 = new Vae({ ...spec, beta: 4 }, 1);
    expect(beta4.beta).toBe(4);
    beta4.dispose();
    expect(() => VaeSpec.parse({ beta: 0 })).toThrow(/beta/);
    expect(() => VaeSpec.parse({ beta: -1 })).toThrow(/beta/);
  });

  it.each([undefined, 1, 0.25, 8])(
    'with beta %s, one step descends reconstruction + beta · KL and reports the plain -ELBO',
    (beta) => {
      const { before, report, expected, after } = stepWith(beta);
      expect(report.negElbo).toBeCloseTo(before.negElbo, 4);
      expect(report.reconstruction).toBeCloseTo(before.reconstruction, 4);
      after.forEach((weights, i) =>
        weights.forEach((w, j) => expect(w).toBeCloseTo(expected[i]![j]!, 5)),
      );
    },
  );

  it('a larger beta moves the weights differently (the KL weight reaches the gradient)', () => {
    const one = stepWith(1).after.flat();
    const eight = stepWith(8).after.flat();
    expect(Math.max(...one.map((w, i) => Math.abs(w - eight[i]!)))).toBeGreaterThan(1e-4);
  });
});
