/**
 * The fused wasm kernels against the stock path: the same results as the cpu
 * backend's stock ops (float tolerance) and, for Adam, the same bits as
 * tf.train.adam on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fusedBernoulliNegLogLikelihood,
  fusedDense,
  fusedGaussianLatent,
  fusedKernelsInstalled,
  gaussianLatentKernelAvailable,
  initBackend,
  installFusedKernels,
  uninstallFusedKernels,
} from '../../src/backend/index.ts';
import { adamStepLoop, useSimdAdam } from '../../src/backend/adamKernel.ts';
import { gaussianKlToStandardNormal, reparameterize } from '../../src/cortex/densities.ts';
import { createAdam } from '../../src/models/adam.ts';
import { generativeStep } from '../../src/models/trainingStep.ts';
import { Vae } from '../../src/models/vae.ts';
import { profileTrainingStep } from '../../bench/profile.ts';

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  useSimdAdam(true);
  installFusedKernels();
  await tf.setBackend('wasm');
});

/** Largest |a − b| over max(1, max|b|): relative to the reference's scale. */
function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

/** Run `f` on `backend` and return its outputs as plain arrays. */
async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = f();
  const values = outs.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(outs);
  return values;
}

/** Gradients of Σ w·f(x, W, b) (a fixed random w) with respect to x, W and b, and the value. */
function denseWithGradients(activation: 'linear' | 'relu', rows: number, k: number, n: number) {
  return (): tf.Tensor[] => {
    const x = tf.randomNormal<tf.Rank.R2>([rows, k], 0, 1, 'float32', 1);
    const w = tf.randomNormal<tf.Rank.R2>([k, n], 0, 1, 'float32', 2);
    const b = tf.randomNormal<tf.Rank.R1>([n], 0, 1, 'float32', 3);
    const weights = tf.randomNormal([rows, n], 0, 1, 'float32', 4);
    const loss = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.sum(
        tf.mul(
          fusedDense(xs as tf.Tensor2D, ws as tf.Tensor2D, bs as tf.Tensor1D, activation),
          weights,
        ),
      );
    const { value, grads } = tf.valueAndGrads(loss)([x, w, b]);
    const y = fusedDense(x, w, b, activation);
    const outs = [y, value, ...grads];
    tf.dispose([x, w, b, weights]);
    return outs;
  };
}

describe('fused dense layer', () => {
  for (const activation of ['relu', 'linear'] as const) {
    it(`${activation}: output and gradients (x, W, b) match the cpu backend's stock ops`, async () => {
      const reference = await on('cpu', denseWithGradients(activation, 13, 37, 9));
      const fused = await on('wasm', denseWithGradients(activation, 13, 37, 9));
      expect(fused).toHaveLength(5);
      for (const [i, r] of reference.entries()) {
        expect(worstDifference(fused[i]!, r), `output ${i}`).toBeLessThan(1e-5);
      }
    });
  }

  it('runs as one kernel forward where the stock path takes three (matMul, add, relu)', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones<tf.Rank.R2>([4, 3]);
    const w = tf.variable(tf.ones<tf.Rank.R2>([3, 2]));
    const b = tf.variable(tf.zeros<tf.Rank.R1>([2]));
    const kernelsOf = async () => {
      const info = await tf.profile(() =>
        tf.variableGrads(() => tf.sum(fusedDense(x, w, b, 'relu')), [w, b]),
      );
      tf.dispose([info.result as tf.Tensor]);
      return info.kernelNames;
    };
    const fused = await kernelsOf();
    uninstallFusedKernels();
    const stock = await kernelsOf();
    installFusedKernels();
    expect(fused).toContain('NeocortexDense');
    expect(stock).not.toContain('NeocortexDense');
    expect(stock).toEqual(expect.arrayContaining(['BatchMatMul', 'Add', 'Relu']));
    tf.dispose([x, w, b]);
  });

  it('lets a NaN weight show in the output and the gradient, as the stock ops do', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones<tf.Rank.R2>([2, 3]);
    const w = tf.variable(tf.tensor2d([[Number.NaN], [1], [1]]));
    const b = tf.variable(tf.zeros<tf.Rank.R1>([1]));
    const y = fusedDense(x, w, b, 'relu');
    expect(Array.from(y.dataSync())).toEqual([Number.NaN, Number.NaN]);
    const { grads } = tf.variableGrads(() => tf.sum(fusedDense(x, w, b, 'relu')), [b]);
    expect(Number.isNaN(grads[b.name]!.dataSync()[0])).toBe(true);
    tf.dispose([x, w, b, y, ...Object.values(grads)]);
  });

  it('says which shapes do not multiply', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones<tf.Rank.R2>([2, 3]);
    const w = tf.ones<tf.Rank.R2>([4, 5]);
    const b = tf.zeros<tf.Rank.R1>([5]);
    expect(() => fusedDense(x, w, b, 'relu')).toThrow(/x \[2, 3\] and weight \[4, 5\]/);
    tf.dispose([x, w, b]);
  });
});

describe('fused Bernoulli negative log-likelihood', () => {
  const lossAndGradients = (): tf.Tensor[] => {
    // Logits from −60 to 60: the stable form must hold at both ends.
    const logits = tf.mul(tf.randomNormal<tf.Rank.R2>([6, 101], 0, 1, 'float32', 5), 20);
    const x = tf.cast(tf.greater(tf.randomUniform([6, 101], 0, 1, 'float32', 6), 0.5), 'float32');
    const rowWeights = tf.randomNormal([6], 0, 1, 'float32', 7);
    const { value, grads } = tf.valueAndGrads((l: tf.Tensor, t: tf.Tensor) =>
      tf.sum(
        tf.mul(fusedBernoulliNegLogLikelihood(l as tf.Tensor2D, t as tf.Tensor2D), rowWeights),
      ),
    )([logits, x]);
    const perRow = fusedBernoulliNegLogLikelihood(logits as tf.Tensor2D, x as tf.Tensor2D);
    tf.dispose([logits, x, rowWeights]);
    return [perRow, value, ...grads];
  };

  it('per-row values and gradients (logits and x) match the cpu backend', async () => {
    const reference = await on('cpu', lossAndGradients);
    const fused = await on('wasm', lossAndGradients);
    expect(fused).toHaveLength(4);
    for (const [i, r] of reference.entries()) {
      expect(worstDifference(fused[i]!, r), `output ${i}`).toBeLessThan(2e-6);
    }
  });

  it('says when logits and pixels differ in shape', async () => {
    await tf.setBackend('wasm');
    const l = tf.zeros<tf.Rank.R2>([2, 3]);
    const x = tf.zeros<tf.Rank.R2>([2, 4]);
    expect(() => fusedBernoulliNegLogLikelihood(l, x)).toThrow(/logits \[2, 3\] and x \[2, 4\]/);
    tf.dispose([l, x]);
  });
});

describe('fused Gaussian latent (sample and KL)', () => {
  /** z and KL per row from [mean | logVar], the fused kernel where it is registered. */
  const latent = (head: tf.Tensor2D, noise: tf.Tensor2D) => {
    if (gaussianLatentKernelAvailable()) return fusedGaussianLatent(head, noise);
    const [mean, logVar] = tf.split(head, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return {
      sample: reparameterize(mean, logVar, noise),
      kl: gaussianKlToStandardNormal(mean, logVar),
    };
  };
  /** Values and gradients (head, noise) of Σ a·z + Σ b·kl; `use` drops one term. */
  const run = (use: 'both' | 'sample' | 'kl') => (): tf.Tensor[] => {
    const head = tf.randomNormal<tf.Rank.R2>([5, 14], 0, 1.5, 'float32', 21);
    const noise = tf.randomNormal<tf.Rank.R2>([5, 7], 0, 1, 'float32', 22);
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 23);
    const b = tf.randomNormal([5], 0, 1, 'float32', 24);
    const loss = (h: tf.Tensor, e: tf.Tensor) => {
      const { sample, kl } = latent(h as tf.Tensor2D, e as tf.Tensor2D);
      const terms = [tf.sum(tf.mul(a, sample)), tf.sum(tf.mul(b, kl))];
      return use === 'both' ? tf.add(terms[0]!, terms[1]!) : terms[use === 'sample' ? 0 : 1]!;
    };
    // The KL does not depend on the noise: then only the head's gradient exists.
    const { value, grads } =
      use === 'kl'
        ? tf.valueAndGrads((h: tf.Tensor) => loss(h, noise))([head])
        : tf.valueAndGrads(loss)([head, noise]);
    const { sample, kl } = latent(head, noise);
    tf.dispose([head, noise, a, b]);
    return [sample, kl, value, ...grads];
  };

  for (const use of ['both', 'sample', 'kl'] as const) {
    it(`z, KL and their gradients (${use}) match the densities on the cpu backend`, async () => {
      const reference = await on('cpu', run(use));
      const fused = await on('wasm', run(use));
      expect(fused).toHaveLength(use === 'kl' ? 4 : 5);
      for (const [i, r] of reference.entries()) {
        expect(worstDifference(fused[i]!, r), `output ${i}`).toBeLessThan(2e-6);
      }
    });
  }

  it('says when the head is not [rows, 2·latent] for the noise', async () => {
    await tf.setBackend('wasm');
    const head = tf.zeros<tf.Rank.R2>([2, 6]);
    const noise = tf.zeros<tf.Rank.R2>([2, 4]);
    expect(() => fusedGaussianLatent(head, noise)).toThrow(/head \[2, 6\] must be/);
    tf.dispose([head, noise]);
  });
});

describe('fused Adam', () => {
  /** Three Adam steps on variables of awkward sizes (7 and 3 are not multiples of 4). */
  const adamRun = (makeOptimizer: () => tf.AdamOptimizer) => (): tf.Tensor[] => {
    const shapes = [[7, 3], [5], [64, 33]];
    const variables = shapes.map((s, i) =>
      tf.variable(tf.randomNormal(s, 0, 1, 'float32', 10 + i), true),
    );
    const initial = variables.map((v) => v.clone());
    const optimizer = makeOptimizer();
    for (let step = 0; step < 3; step++) {
      const grads = shapes.map(
        (s, i) => tf.randomNormal(s, 0, step === 1 ? 1e-4 : 3, 'float32', 100 * step + i + 1), // seed 0 would mean unseeded
      );
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      tf.dispose(grads);
    }
    const outs = [...variables.map((v) => v.clone()), ...initial];
    optimizer.dispose();
    tf.dispose(variables);
    return outs;
  };

  it('gives the same bits as tf.train.adam on wasm (SIMD module and TypeScript loop)', async () => {
    uninstallFusedKernels();
    expect(fusedKernelsInstalled()).toBe(false);
    const stock = await on(
      'wasm',
      adamRun(() => tf.train.adam(0.01)),
    );
    installFusedKernels();
    const simd = await on(
      'wasm',
      adamRun(() => createAdam(0.01)),
    );
    useSimdAdam(false);
    const loop = await on(
      'wasm',
      adamRun(() => createAdam(0.01)),
    );
    useSimdAdam(true);
    expect(simd).toEqual(stock);
    expect(loop).toEqual(stock);
    // and the update did move every variable
    for (let v = 0; v < 3; v++) expect(simd[v]).not.toEqual(simd[v + 3]);
  });

  it('matches tf.train.adam on the cpu backend to float tolerance', async () => {
    const reference = await on(
      'cpu',
      adamRun(() => tf.train.adam(0.01)),
    );
    const fused = await on(
      'wasm',
      adamRun(() => createAdam(0.01)),
    );
    for (const [i, r] of reference.entries()) {
      expect(worstDifference(fused[i]!, r)).toBeLessThan(1e-6);
    }
  });

  it('adamStepLoop follows the update formula', () => {
    const f = Math.fround;
    const [b1, b2, lr, eps] = [0.9, 0.999, 0.01, 1e-7];
    const from = {
      w: Float32Array.of(1, -2),
      m: Float32Array.of(0.5, 0),
      v: Float32Array.of(0.25, 0),
      g: Float32Array.of(2, -1),
    };
    const to = { w: new Float32Array(2), m: new Float32Array(2), v: new Float32Array(2) };
    const acc1 = f(b1 * b1);
    const acc2 = f(b2 * b2);
    adamStepLoop(from, to, [
      f(b1),
      f(1 - b1),
      f(b2),
      f(1 - b2),
      f(1 - acc1),
      f(1 - acc2),
      f(eps),
      f(-lr),
    ]);
    for (let i = 0; i < 2; i++) {
      const m = b1 * from.m[i]! + (1 - b1) * from.g[i]!;
      const v = b2 * from.v[i]! + (1 - b2) * from.g[i]! ** 2;
      const w = from.w[i]! - (lr * (m / (1 - acc1))) / (Math.sqrt(v / (1 - acc2)) + eps);
      expect(to.m[i]).toBeCloseTo(m, 6);
      expect(to.v[i]).toBeCloseTo(v, 6);
      expect(to.w[i]).toBeCloseTo(w, 5);
    }
  });
});

describe('a VAE training step with every fused kernel', () => {
  /** Weights of a small VAE after three Adam steps on fixed binary batches. */
  const trainThreeSteps = (): tf.Tensor[] => {
    const model = new Vae({ inputSize: 30, hiddenSizes: [17], latentSize: 3 }, 4);
    const optimizer = createAdam(1e-2);
    const variables = model.variables();
    for (let step = 0; step < 3; step++) {
      const pixels = Float32Array.from({ length: 8 * 30 }, (_, i) =>
        (i * 7 + step) % 5 < 2 ? 1 : 0,
      );
      generativeStep(model, optimizer, variables, pixels, step + 1); // seed 0: unseeded
    }
    const weights = variables.map((v) => v.clone());
    optimizer.dispose();
    model.dispose();
    return weights;
  };

  it('ends at the weights the cpu backend reaches with the stock ops', async () => {
    const reference = await on('cpu', trainThreeSteps);
    const fused = await on('wasm', trainThreeSteps);
    expect(fused).toHaveLength(8);
    for (const [i, r] of reference.entries()) {
      expect(worstDifference(fused[i]!, r), `variable ${i}`).toBeLessThan(1e-5);
    }
  });

  it('leaks no tensor and no wasm memory', async () => {
    await tf.setBackend('wasm');
    tf.dispose(trainThreeSteps());
    const before = tf.memory();
    tf.dispose(trainThreeSteps());
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });

  it('runs well under half the kernels of the stock path (784-400-20 VAE, batch 128)', async () => {
    await tf.setBackend('wasm');
    const fused = await profileTrainingStep('vae', 128, 1);
    uninstallFusedKernels();
    const stock = await profileTrainingStep('vae', 128, 1);
    installFusedKernels();
    expect(fused.newTensors).toBe(0);
    expect(fused.kernels).toBeLessThan(stock.kernels / 2);
    const count = (p: typeof fused, name: string) =>
      p.byName.find((g) => g.name === name)?.count ?? 0;
    expect(count(fused, 'NeocortexAdamUpdate')).toBe(8);
    expect(count(fused, 'NeocortexDense')).toBe(4);
    expect(count(fused, 'NeocortexBernoulliNll')).toBe(1);
    expect(count(fused, 'NeocortexGaussianLatent')).toBe(1);
  });
});

describe('shared Identity', () => {
  it('a clone shares memory, outlives its source and frees it when last disposed', async () => {
    await tf.setBackend('wasm');
    const buffers = tf.memory().numDataBuffers;
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    expect(b.dataId).toBe(a.dataId);
    expect(tf.memory().numDataBuffers - buffers).toBe(1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers);
  });
});
