import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, reciprocalPathways, type Hierarchy } from '../../src/cortex/index.ts';
import { Vae } from '../../src/models/vae.ts';
import { binaryInput, expectClose, generativeMapOf, recognitionMapOf } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** sensory(12, bernoulli) <- latent(3, stochastic), maps with one hidden layer of 8. */
function oneLatent(): Hierarchy {
  const areas = [
    { name: 'sensory', size: 12, activation: 'sigmoid' as const, likelihood: 'bernoulli' as const },
    { name: 'latent', size: 3, stochastic: true, recognitionHidden: [8], generativeHidden: [8] },
  ];
  return buildHierarchy({ areas, pathways: reciprocalPathways(['sensory', 'latent']), seed: 2 });
}

describe('infer: the negative ELBO through the streams', () => {
  it('with one stochastic area, equals the plain VAE with the same weights and noise', () => {
    const h = oneLatent();
    const vae = new Vae({ inputSize: 12, hiddenSizes: [8], latentSize: 3 }, 4);
    const latent = h.area('latent');
    const sensory = h.area('sensory');
    const [e0w, e0b, headW, headB, d0w, d0b, outW, outB] = vae.variables();
    recognitionMapOf(h, latent).hidden[0]!.weight.assign(e0w as tf.Tensor2D);
    recognitionMapOf(h, latent).hidden[0]!.bias.assign(e0b as tf.Tensor1D);
    recognitionMapOf(h, latent).weight.assign(headW as tf.Tensor2D);
    latent.recognitionBias!.assign(headB as tf.Tensor1D);
    generativeMapOf(h, latent).hidden[0]!.weight.assign(d0w as tf.Tensor2D);
    generativeMapOf(h, latent).hidden[0]!.bias.assign(d0b as tf.Tensor1D);
    generativeMapOf(h, latent).weight.assign(outW as tf.Tensor2D);
    sensory.priorBias!.assign(outB as tf.Tensor1D);

    const x = binaryInput(5, 12, 7);
    const seed = 31;
    const viaStreams = h.negElbo(x, { seed });
    // The hierarchy draws a stochastic area's noise with seed + 7919 · its level.
    const noise = tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, 'float32', seed + 7919);
    const direct = vae.negElbo(x, noise);
    expectClose(viaStreams.negElbo.dataSync(), direct.negElbo.dataSync(), 1e-5);
    expectClose(viaStreams.terms['sensory']!.dataSync(), direct.reconstruction.dataSync(), 1e-5);
    expectClose(viaStreams.terms['latent']!.dataSync(), direct.kl.dataSync(), 1e-5);
    h.dispose();
    vae.dispose();
  });

  it('two stochastic areas: KL to the learned prior of the area above, by hand', () => {
    const areas = [
      {
        name: 'sensory',
        size: 6,
        activation: 'sigmoid' as const,
        likelihood: 'bernoulli' as const,
      },
      { name: 'z1', size: 3, stochastic: true },
      { name: 'z2', size: 2, stochastic: true },
    ];
    const h = buildHierarchy({
      areas,
      pathways: reciprocalPathways(['sensory', 'z1', 'z2']),
      seed: 5,
    });
    const z1 = h.area('z1');
    const z2 = h.area('z2');
    z1.priorLogVar!.assign(tf.tensor1d([0.3, -0.2, 0.1]));
    z1.priorBias!.assign(tf.tensor1d([0.5, 0, -0.5]));
    const x = binaryInput(4, 6, 3);
    const seed = 8;
    const { terms } = h.negElbo(x, { seed });

    // By hand: q(z1|x) from x, sample z1; q(z2|z1) from that sample, sample z2; p(z1|z2) = N(pb + z2·G, e^plv).
    const q1 = tf.add(tf.matMul(x, recognitionMapOf(h, z1).weight), z1.recognitionBias!);
    const [m1, lv1] = tf.split(q1, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const s1 = tf.add(
      m1,
      tf.mul(tf.exp(tf.mul(0.5, lv1)), tf.randomNormal([4, 3], 0, 1, 'float32', seed + 7919)),
    );
    const q2 = tf.add(tf.matMul(s1, recognitionMapOf(h, z2).weight), z2.recognitionBias!);
    const [m2, lv2] = tf.split(q2, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const s2 = tf.add(
      m2,
      tf.mul(tf.exp(tf.mul(0.5, lv2)), tf.randomNormal([4, 2], 0, 1, 'float32', seed + 2 * 7919)),
    );
    const pMean = tf.add(tf.matMul(s2, generativeMapOf(h, z2).weight), z1.priorBias!);
    const plv = z1.priorLogVar!;
    const kl1 = tf.mul(
      0.5,
      tf.sum(
        tf.sub(
          tf.add(tf.exp(tf.sub(lv1, plv)), tf.div(tf.square(tf.sub(m1, pMean)), tf.exp(plv))),
          tf.add(1, tf.sub(lv1, plv)),
        ),
        1,
      ),
    );
    const kl2 = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(m2), tf.exp(lv2)), tf.add(1, lv2)), 1));
    const u0 = tf.add(tf.matMul(s1, generativeMapOf(h, z1).weight), h.area('sensory').priorBias!);
    const rec = tf.sum(tf.sub(tf.softplus(u0), tf.mul(x, u0)), 1);
    expectClose(terms['z1']!.dataSync(), kl1.dataSync(), 1e-5);
    expectClose(terms['z2']!.dataSync(), kl2.dataSync(), 1e-5);
    expectClose(terms['sensory']!.dataSync(), rec.dataSync(), 1e-5);
    h.dispose();
  });

  it('the sampled estimator averages to the analytic KL', () => {
    const h = oneLatent();
    const x = binaryInput(1, 12, 2);
    const analytic = h.negElbo(x, { seed: 1 }).terms['latent']!.dataSync()[0]!;
    let sum = 0;
    const n = 4000;
    const batch = tf.tile(x, [n, 1]) as tf.Tensor2D;
    const sampled = h.negElbo(batch, { seed: 9, estimator: 'sampled' }).terms['latent']!.dataSync();
    for (const v of sampled) sum += v;
    expect(sum / n).toBeCloseTo(analytic, 1);
    h.dispose();
  });

  it('keeps memory flat and takes posterior parameters from outside when given', () => {
    const h = oneLatent();
    const x = binaryInput(2, 12, 1);
    const mean = tf.zeros<tf.Rank.R2>([2, 3]);
    const logVar = tf.zeros<tf.Rank.R2>([2, 3]);
    const prior = h.negElbo(x, { seed: 3, posterior: new Map([['latent', { mean, logVar }]]) });
    // q = N(0, I) = the top prior: its KL is zero.
    expectClose(prior.terms['latent']!.dataSync(), [0, 0], 1e-6);
    tf.dispose([prior.negElbo, ...Object.values(prior.terms)]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      const r = h.negElbo(x, { seed: i });
      tf.dispose([r.negElbo, ...Object.values(r.terms)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    h.dispose();
  });
});
