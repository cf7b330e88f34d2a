/**
 * The shared scorers of a test set: the sampled −ELBO (one draw is the model's own terms; more
 * draws are the mean of the draw-major rows of one tiled pass), the batch walk every scorer
 * uses (order, progress, tensors freed, malformed sets refused), and the chunked
 * importance-weighted sum (chunk c draws from seed + c).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { NeocortexError } from '../../src/errors.ts';
import {
  importanceWeightedLogLikelihood,
  PcVae,
  sumImportanceWeightedLogLikelihood,
} from '../../src/models/pcvae/index.ts';
import { sampledNegElbo, sampledNegElboTerms } from '../../src/models/sampledNegElbo.ts';
import { forEachTestBatch } from '../../src/models/testBatches.ts';
import { expectClose } from '../helpers/expectClose.ts';

let model: PcVae;

beforeAll(async () => {
  await initBackend('wasm');
  model = new PcVae({ inputSize: 16, latentSizes: [4, 2], hiddenSizes: [8] }, 3);
});

const pixels = Float32Array.from({ length: 5 * 16 }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));

describe('sampledNegElboTerms', () => {
  it('with one draw is the model’s own negElboTerms, to the bit', () => {
    const x = tf.tensor2d(pixels, [5, 16]);
    const own = model.negElboTerms(x, 4);
    const one = sampledNegElboTerms(model, x, { samples: 1, seed: 4 });
    expect(Array.from(one.negElbo.dataSync())).toEqual(Array.from(own.negElbo.dataSync()));
    expect(Array.from(one.reconstruction.dataSync())).toEqual(
      Array.from(own.reconstruction.dataSync()),
    );
    tf.dispose([x, own.negElbo, own.reconstruction, one.negElbo, one.reconstruction]);
  });

  it('with s draws averages the rows s·n + i of one pass over the tiled images and posterior', () => {
    const x = tf.tensor2d(pixels, [5, 16]);
    const posterior = model.recognizePosterior(x);
    const draws = sampledNegElboTerms(model, x, { samples: 3, seed: 8, posterior });
    const tiled = new Map(
      [...posterior].map(([name, p]) => [
        name,
        { mean: tf.tile(p.mean, [3, 1]), logVar: tf.tile(p.logVar, [3, 1]) },
      ]),
    );
    const xs = tf.tile(x, [3, 1]) as tf.Tensor2D;
    const rows = model.negElboTerms(xs, 8, tiled);
    const byHand = (values: ArrayLike<number>) =>
      Array.from({ length: 5 }, (_, i) => (values[i]! + values[5 + i]! + values[10 + i]!) / 3);
    expectClose(draws.negElbo.dataSync(), byHand(rows.negElbo.dataSync()), 1e-4);
    expectClose(draws.reconstruction.dataSync(), byHand(rows.reconstruction.dataSync()), 1e-4);
    // The draws differ from each other: the mean is not one draw repeated.
    const values = rows.negElbo.dataSync();
    expect(values[0]).not.toBe(values[5]);
    const negElbo = sampledNegElbo(model, x, { samples: 3, seed: 8, posterior });
    expect(Array.from(negElbo.dataSync())).toEqual(Array.from(draws.negElbo.dataSync()));
    tf.dispose([x, xs, negElbo, draws.negElbo, draws.reconstruction]);
    tf.dispose([rows.negElbo, rows.reconstruction]);
    tf.dispose([...posterior.values(), ...tiled.values()].flatMap((p) => [p.mean, p.logVar]));
  });

  it('leaves no tensor behind but the ones it returns', () => {
    const x = tf.tensor2d(pixels, [5, 16]);
    const before = tf.memory().numTensors;
    const terms = sampledNegElboTerms(model, x, { samples: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([x, terms.negElbo, terms.reconstruction]);
  });
});

describe('forEachTestBatch', () => {
  it('visits the images in order in batches, reports progress and frees each batch', () => {
    const seen: { index: number; start: number; size: number; first: number }[] = [];
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const count = forEachTestBatch(
      pixels,
      16,
      { batchSize: 2, scorer: 'test', onImages: (done) => progress.push(done) },
      ({ x, index, start, size }) => {
        expect(x.shape).toEqual([size, 16]);
        seen.push({ index, start, size, first: x.dataSync()[0]! });
      },
    );
    expect(count).toBe(5);
    expect(seen.map(({ index, start, size }) => [index, start, size])).toEqual([
      [0, 0, 2],
      [1, 2, 2],
      [2, 4, 1],
    ]);
    expect(seen.map((s) => s.first)).toEqual([pixels[0], pixels[32], pixels[64]]);
    expect(progress).toEqual([2, 4, 5]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the batch when the visitor throws', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      forEachTestBatch(pixels, 16, { batchSize: 5, scorer: 'test' }, () => {
        throw new Error('scorer failed');
      }),
    ).toThrow('scorer failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a test set that is not a whole, non-zero number of images, and a bad batch size', () => {
    const visit = () => undefined;
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(NeocortexError);
        return [(error as NeocortexError).code, (error as Error).message];
      }
      return undefined;
    };
    expect(
      codeOf(() =>
        forEachTestBatch(pixels.subarray(3), 16, { batchSize: 2, scorer: 'evaluatePcGen' }, visit),
      ),
    ).toEqual(['SHAPE_MISMATCH', 'evaluatePcGen: 77 values is not a whole number of images of 16']);
    expect(
      codeOf(() =>
        forEachTestBatch(
          new Float32Array(0),
          16,
          { batchSize: 2, scorer: 'evaluateNegElbo' },
          visit,
        ),
      ),
    ).toEqual([
      'SHAPE_MISMATCH',
      'evaluateNegElbo: 0 values is not a whole number of images of 16',
    ]);
    expect(
      codeOf(() => forEachTestBatch(pixels, 16, { batchSize: 0, scorer: 'test' }, visit)),
    ).toEqual(['OPTION_INVALID', 'test: the batch size must be a positive whole number, got 0']);
  });
});

describe('sumImportanceWeightedLogLikelihood', () => {
  it('sums each chunk of at most maxRows rows, chunk c drawing from seed + c', () => {
    const x = tf.tensor2d(pixels, [5, 16]);
    // k = 3 and 6 rows a chunk: two images a chunk, chunks of 2, 2 and 1 images.
    const chunked = sumImportanceWeightedLogLikelihood(model, x, { k: 3, seed: 20, maxRows: 6 });
    const byHand = [0, 2, 4].reduce((total, start, c) => {
      const part = tf.slice(x, [start, 0], [Math.min(2, 5 - start), -1]);
      const logPx = importanceWeightedLogLikelihood(model, part, { k: 3, seed: 20 + c });
      const sum = tf.sum(logPx).dataSync()[0]!;
      tf.dispose([part, logPx]);
      return total + sum;
    }, 0);
    expect(chunked).toBe(byHand);
    // With room for every row, one pass from the seed itself.
    const whole = importanceWeightedLogLikelihood(model, x, { k: 3, seed: 20 });
    expect(sumImportanceWeightedLogLikelihood(model, x, { k: 3, seed: 20 })).toBe(
      tf.sum(whole).dataSync()[0],
    );
    expect(chunked).not.toBe(tf.sum(whole).dataSync()[0]);
    tf.dispose([x, whole]);
  });
});
