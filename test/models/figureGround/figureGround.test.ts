/**
 * The figure-ground model against hand-computed maths: the per-pixel mixture
 * likelihood, its reduction to the object's Bernoulli likelihood when the mask
 * is 1, training that lowers the −ELBO, and a NaN loss refused with
 * NON_FINITE_LOSS like every other model.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { bernoulliNegLogLikelihood } from '../../../src/cortex/densities.ts';
import { binarize, loadLetters, type ImageSet } from '../../../src/data/index.ts';
import { isNeocortexError } from '../../../src/errors.ts';
import {
  cappedBernoulliLogProbability,
  FigureGround,
  mixtureNegLogLikelihood,
  trainFigureGround,
} from '../../../src/models/figureGround/index.ts';
import { NonFiniteLossError } from '../../../src/models/epochLoop.ts';
import { createRng } from '../../../src/random/rng.ts';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
let train: ImageSet;

beforeAll(async () => {
  await initBackend('wasm');
  train = loadLetters({ seed: 4, trainCount: 256, testCount: 16 }).train;
});

describe('the figure-ground mixture likelihood', () => {
  it('equals m·p(x|object) + (1−m)·p(x|background), pixel by pixel, on two pixels', () => {
    const x = [1, 0];
    const object = [2, -1];
    const background = [-1, 0.5];
    const mask = [0.3, -2];
    const value = tf.tidy(() =>
      mixtureNegLogLikelihood(
        tf.tensor2d([x]),
        tf.tensor2d([object]),
        tf.tensor2d([background]),
        tf.tensor2d([mask]),
      ).dataSync(),
    );
    // Pixel 1 is on: p = m σ(o) + (1 − m) σ(b). Pixel 2 is off: p = m (1 − σ(o)) + (1 − m)(1 − σ(b)).
    const m1 = sigmoid(0.3);
    const m2 = sigmoid(-2);
    const p1 = m1 * sigmoid(2) + (1 - m1) * sigmoid(-1);
    const p2 = m2 * (1 - sigmoid(-1)) + (1 - m2) * (1 - sigmoid(0.5));
    expect(value).toHaveLength(1);
    expect(value[0]).toBeCloseTo(-Math.log(p1) - Math.log(p2), 5);
  });

  it("reduces to the object's Bernoulli likelihood when the mask is 1", () => {
    const rng = createRng(11);
    const rows = 3;
    const pixels = 50;
    const draw = (scale: number) =>
      Float32Array.from({ length: rows * pixels }, () => scale * (2 * rng.uniform() - 1));
    const x = Float32Array.from({ length: rows * pixels }, () => (rng.uniform() < 0.4 ? 1 : 0));
    const [mixture, plain, background] = tf.tidy(() => {
      const xs = tf.tensor2d(x, [rows, pixels]);
      const objectLogits = tf.tensor2d(draw(4), [rows, pixels]);
      const backgroundLogits = tf.tensor2d(draw(4), [rows, pixels]);
      // m = σ(40) is 1 in float32; the background's weight exp(−40) vanishes.
      const maskLogits = tf.fill([rows, pixels], 40) as tf.Tensor2D;
      return [
        mixtureNegLogLikelihood(xs, objectLogits, backgroundLogits, maskLogits).dataSync(),
        bernoulliNegLogLikelihood(objectLogits, xs).dataSync(),
        bernoulliNegLogLikelihood(backgroundLogits, xs).dataSync(),
      ];
    });
    for (let r = 0; r < rows; r++) expect(mixture[r]).toBeCloseTo(plain[r]!, 3);
    // And not the background's, which differs by nats on these logits.
    for (let r = 0; r < rows; r++)
      expect(Math.abs(mixture[r]! - background[r]!)).toBeGreaterThan(1);
  });

  it('caps a background pixel at ceiling·σ(logit), by hand on two pixels', () => {
    const [capped, mixture] = tf.tidy(() => {
      const x = tf.tensor2d([[1, 0]]);
      const logits = tf.tensor2d([[0.7, -0.3]]);
      return [
        cappedBernoulliLogProbability(logits, x, 0.5).dataSync(),
        // m ≈ 0: the mixture is the capped background alone.
        mixtureNegLogLikelihood(x, tf.zeros([1, 2]), logits, tf.fill([1, 2], -40), 0.5).dataSync(),
      ];
    });
    expect(capped[0]).toBeCloseTo(Math.log(0.5 * sigmoid(0.7)), 5);
    expect(capped[1]).toBeCloseTo(Math.log(1 - 0.5 * sigmoid(-0.3)), 5);
    expect(mixture[0]).toBeCloseTo(-capped[0]! - capped[1]!, 4);
    expect(() =>
      tf.tidy(() => cappedBernoulliLogProbability(tf.zeros([1, 1]), tf.zeros([1, 1]), 0)),
    ).toThrow(/ceiling must be in \(0, 1\], got 0/);
  });

  it('stays finite where one component gives a pixel probability 0 in float32', () => {
    const value = tf.tidy(() =>
      mixtureNegLogLikelihood(
        tf.tensor2d([[1, 0]]),
        tf.tensor2d([[-200, 200]]),
        tf.tensor2d([[0, 0]]),
        tf.tensor2d([[0, 0]]),
      ).dataSync(),
    );
    // Each pixel: ½ · 0 + ½ · ½ = ¼ (the object says impossible, the background a coin).
    expect(value[0]).toBeCloseTo(-2 * Math.log(0.25), 4);
  });
});

describe('the figure-ground model', () => {
  const spec = {
    inputSize: 784,
    object: { latent: 4, hidden: 32 },
    background: { latent: 2, hidden: 16 },
  };

  /** Mean −ELBO on the first 128 training images, binarised once, posterior noise fixed. */
  const fixedNegElbo = (model: FigureGround, labels?: boolean) => {
    const pixels = binarize(train.images.slice(0, 128 * 784), createRng(3));
    return tf.tidy(() => {
      const y = labels
        ? tf.tensor1d(Int32Array.from(train.labels.slice(0, 128)), 'int32')
        : undefined;
      return tf.mean(model.negElboPerSample(tf.tensor2d(pixels, [128, 784]), 17, y)).dataSync()[0]!;
    });
  };

  it('lowers its −ELBO in a few training steps, leaking no tensor', async () => {
    const model = new FigureGround(spec, 3);
    const before = fixedNegElbo(model);
    const tensors = tf.memory().numTensors;
    const result = await trainFigureGround(model, train, { epochs: 3, seed: 3, batchSize: 32 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = fixedNegElbo(model);
    expect(result.epochs).toHaveLength(3);
    expect(result.epochs[2]!.trainNegElbo).toBeLessThan(result.epochs[0]!.trainNegElbo);
    // 24 steps from random weights (deterministic: fixed batch and noise) lower it by tens of nats.
    expect(after).toBeLessThan(before - 20);
    model.dispose();
  });

  it('trains a class-conditional object model and scores every class (analysis by synthesis)', async () => {
    const classes = train.classNames.length;
    const model = new FigureGround({ ...spec, classes }, 5);
    const before = fixedNegElbo(model, true);
    await trainFigureGround(model, train, { epochs: 3, seed: 5, batchSize: 32 });
    expect(fixedNegElbo(model, true)).toBeLessThan(before - 20);
    const scores = tf.tidy(() => {
      const x = tf.tensor2d(binarize(train.images.slice(0, 8 * 784), createRng(1)), [8, 784]);
      return model.negElboPerClass(x, 7, 2).arraySync();
    });
    expect(scores).toHaveLength(8);
    for (const row of scores) {
      expect(row).toHaveLength(classes);
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
      // The classes' object models differ, so their scores differ.
      expect(new Set(row.map((v) => v.toFixed(3))).size).toBeGreaterThan(1);
    }
    model.dispose();
  });

  it('starts its mask at σ(initialMaskLogit): the background owns an untrained scene', () => {
    const meanMask = (initialMaskLogit: number) => {
      const model = new FigureGround({ ...spec, initialMaskLogit }, 2);
      const value = tf.tidy(
        () =>
          tf
            .mean(model.mask(tf.tensor2d(train.images.slice(0, 16 * 784), [16, 784])))
            .dataSync()[0]!,
      );
      model.dispose();
      return value;
    };
    // σ(−3) ≈ 0.047 and σ(3) ≈ 0.953, give or take what the random weights add.
    expect(meanMask(-3)).toBeLessThan(0.1);
    expect(meanMask(3)).toBeGreaterThan(0.9);
  });

  it('stops on a NaN loss with NON_FINITE_LOSS', async () => {
    const model = new FigureGround(spec, 3);
    const poisoned = trainFigureGround(model, train, {
      epochs: 2,
      seed: 3,
      batchSize: 64,
      onBatch: (p) => {
        if (p.epoch === 1 && p.batch === 2) {
          const w = model.variables()[0]!;
          tf.tidy(() => w.assign(tf.fill(w.shape, Number.NaN)));
        }
      },
    });
    await expect(poisoned).rejects.toThrow(NonFiniteLossError);
    await expect(poisoned).rejects.toThrow(/the loss became NaN at epoch 1, batch 3/);
    await poisoned.catch((error: unknown) =>
      expect(isNeocortexError(error, 'NON_FINITE_LOSS')).toBe(true),
    );
    model.dispose();
  });

  it('refuses a bad spec and missing or extra labels with errors that name the problem', () => {
    expect(() => new FigureGround({ object: { latent: 0, hidden: 8 } }, 1)).toThrow(
      /object\.latent.*expected a whole number from 1/,
    );
    expect(() => new FigureGround({ classes: 1 }, 1)).toThrow(/classes/);
    expect(() => new FigureGround({ backgroundCeiling: 1.5 }, 1)).toThrow(
      /backgroundCeiling.*greater than 0 and at most 1/,
    );
    const conditional = new FigureGround({ ...spec, classes: 5 }, 1);
    const plain = new FigureGround(spec, 1);
    const x = tf.zeros<tf.Rank.R2>([2, 784]);
    const y = tf.tensor1d([0, 1], 'int32');
    expect(() => conditional.negElboPerSample(x, 1)).toThrow(
      /conditioned on 5 classes; pass the labels/,
    );
    expect(() => conditional.negElboPerSample(x, 1, tf.tensor1d([0], 'int32'))).toThrow(
      /1 labels for a batch of 2 images/,
    );
    expect(() => plain.negElboPerSample(x, 1, y)).toThrow(/has no classes/);
    expect(() => plain.negElboPerClass(x, 1)).toThrow(/needs a model with classes/);
    tf.dispose([x, y]);
    conditional.dispose();
    plain.dispose();
  });
});
