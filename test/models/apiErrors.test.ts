/**
 * The models' public API keeps the promise of the error family: a bad spec given to a model's
 * constructor is a SpecError in the project's words (not a raw ZodError), a wrong input is
 * SHAPE_MISMATCH, a disposed model says so (DISPOSED), and `PcVae.settle(x)` needs no options.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import type { SpecError } from '../../src/cortex/specError.ts';
import { isNeocortexError, type ErrorCode } from '../../src/errors.ts';
import { MlpClassifier } from '../../src/models/classifier/mlpClassifier.ts';
import { PcGen } from '../../src/models/pcgen/pcgen.ts';
import { Pcn } from '../../src/models/pcn/pcn.ts';
import { PcVae, pcvaeSettleDefaults } from '../../src/models/pcvae/pcvae.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const owned: { dispose(): void }[] = [];
afterEach(() => {
  while (owned.length > 0) owned.pop()!.dispose();
});

/** A tiny pcvae: 6 pixels under one stochastic area of 2 units. */
function tinyPcVae(seed = 1): PcVae {
  const model = new PcVae({ inputSize: 6, latentSizes: [2], hiddenSizes: [4] }, seed);
  owned.push(model);
  return model;
}

/** The error `run` throws, checked to be of the family with `code`. */
function failure(run: () => unknown, code: ErrorCode): Error {
  try {
    run();
  } catch (error) {
    expect(isNeocortexError(error, code), `${String(error)} has code ${code}`).toBe(true);
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('PcVae.settle without options', () => {
  it('runs 50 steps of 0.02 from seed 0, as train does at test time', () => {
    expect(pcvaeSettleDefaults).toEqual({ iterations: 50, stepSize: 0.02, seed: 0 });
    const x = tf.tensor2d([
      [0, 1, 1, 0, 1, 0],
      [1, 0, 0, 1, 1, 1],
    ]);
    const plain = tinyPcVae().settle(x);
    const explicit = tinyPcVae().settle(x, { iterations: 50, stepSize: 0.02, seed: 0 });
    expect(plain.trace).toHaveLength(50);
    expect(plain.trace).toEqual(explicit.trace);
    // Each step is taken only where it does not raise that image's -ELBO.
    plain.afterPerImage.forEach((after, t) =>
      after.forEach((value, i) => expect(value).toBeLessThanOrEqual(plain.tracePerImage[t]![i]!)),
    );
    for (const result of [plain, explicit]) {
      for (const p of result.posterior.values()) tf.dispose([p.mean, p.logVar]);
    }
    x.dispose();
    failure(() => tinyPcVae().settle(x, { iterations: 1.5 }), 'OPTION_INVALID');
  });
});

describe('model constructors', () => {
  it('refuse a bad spec as a SpecError in the project words, naming each field', () => {
    const pcvae = failure(
      () => new PcVae({ inputSize: 0, latentSize: [2] } as never, 1),
      'SPEC_INVALID',
    ) as SpecError;
    expect(pcvae.problems.slice().sort()).toEqual([
      'inputSize: expected a whole number from 1 to 1000000, got 0',
      'latentSize: unknown field (did you mean "latentSizes"?)',
    ]);
    const pcgen = failure(
      () => new PcGen({ latentSizes: ['64'] } as never, 1),
      'SPEC_INVALID',
    ) as SpecError;
    expect(pcgen.problems).toHaveLength(1);
    expect(pcgen.problems[0]).toMatch(
      /^latentSizes\[0\]: expected a whole number from 1 to 10000, got the string "64"$/,
    );
    const mlp = failure(
      () => new MlpClassifier({ hiddenSizes: [0] } as never),
      'SPEC_INVALID',
    ) as SpecError;
    expect(mlp.problems[0]).toMatch(/^hiddenSizes\[0\]: expected a whole number .*, got 0$/);
  });
});

describe('model calls', () => {
  it('an input of the wrong size is SHAPE_MISMATCH', () => {
    const pcn = new Pcn({ inputSize: 6, hiddenSizes: [4], classes: 3 }, 1);
    owned.push(pcn);
    const wrong = tf.zeros([2, 5]) as tf.Tensor2D;
    expect(failure(() => pcn.probabilities(wrong), 'SHAPE_MISMATCH').message).toMatch(
      /expected shape \[batch, 6\], got \[2, 5\]/,
    );
    failure(() => tinyPcVae().recognizePosterior(wrong), 'SHAPE_MISMATCH');
    wrong.dispose();
  });

  it('a disposed model is DISPOSED, not a tfjs "Tensor is disposed"', () => {
    const model = new PcVae({ inputSize: 6, latentSizes: [2], hiddenSizes: [4] }, 1);
    model.dispose();
    const x = tf.zeros([1, 6]) as tf.Tensor2D;
    failure(() => model.settle(x), 'DISPOSED');
    failure(() => model.sample(2, 1), 'DISPOSED');
    const pcgen = new PcGen({ inputSize: 6, latentSizes: [3] }, 1);
    pcgen.dispose();
    failure(() => pcgen.settle(x), 'DISPOSED');
    x.dispose();
  });
});
