/**
 * The pcvae's importance-weighted log-likelihood with a proposal given from outside: the
 * encoder's own posterior passed in gives the same numbers as none (same noise), one sample is
 * the sampled ELBO, and many samples lie above it (a tighter bound).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { importanceWeightedLogLikelihood, PcVae } from '../../src/models/pcvae/index.ts';
import { expectClose } from '../helpers/expectClose.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('importanceWeightedLogLikelihood', () => {
  const model = new PcVae({ inputSize: 16, latentSizes: [4, 2], hiddenSizes: [8] }, 3);
  const x = tf.tensor2d(
    Float32Array.from({ length: 3 * 16 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    [3, 16],
  );

  it('given the encoder posterior of a one-area pcvae, equals the estimate without one', () => {
    // (With two areas the encoder's q(z2 | z1) reads a sample of z1, a given posterior its mean.)
    const flat = new PcVae({ inputSize: 16, latentSizes: [4], hiddenSizes: [8] }, 3);
    const posterior = flat.recognizePosterior(x);
    const given = importanceWeightedLogLikelihood(flat, x, { k: 5, seed: 9, posterior });
    const own = importanceWeightedLogLikelihood(flat, x, { k: 5, seed: 9 });
    expectClose(given.dataSync(), own.dataSync(), 1e-5);
    tf.dispose([given, own, ...[...posterior.values()].flatMap((p) => [p.mean, p.logVar])]);
    flat.dispose();
  });

  it('with one sample is minus the sampled -ELBO; with many it is larger on average', () => {
    const one = importanceWeightedLogLikelihood(model, x, { k: 1, seed: 2 });
    const sampled = model.hierarchy.negElbo(x, { seed: 2, estimator: 'sampled' });
    expectClose(one.dataSync(), tf.neg(sampled.negElbo).dataSync(), 1e-5);
    const many = importanceWeightedLogLikelihood(model, x, { k: 500, seed: 2 });
    const elbo = tf.neg(model.negElboPerSample(x, 2));
    const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0]!;
    expect(mean(many)).toBeGreaterThan(mean(elbo));
    tf.dispose([one, many, elbo, sampled.negElbo, ...Object.values(sampled.terms)]);
  });

  it('refuses a k that is not a positive whole number', () => {
    expect(() => importanceWeightedLogLikelihood(model, x, { k: 0, seed: 1 })).toThrow(
      /k must be a positive whole number, got 0/,
    );
  });
});
