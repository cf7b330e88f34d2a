import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, reciprocalPathways, type Hierarchy } from '../../src/cortex/index.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * Two pixels and one cause that predicts both equally (weight [1, 1], no bias): the pixels'
 * precision is 100, the cause's prior N(0, 1).
 */
function twoPixels(options: { learnPrecision?: boolean; precision?: number } = {}): Hierarchy {
  const h = buildHierarchy({
    areas: [
      {
        name: 'pixels',
        size: 2,
        precision: options.precision ?? 100,
        learnPrecision: options.learnPrecision ?? false,
      },
      { name: 'cause', size: 1 },
    ],
    pathways: reciprocalPathways(['pixels', 'cause']),
  });
  h.pathway('cause', 'pixels').map.weight.assign(tf.tensor2d([[1, 1]]));
  return h;
}

describe('precision', () => {
  it('an occluded pixel is unknown, not blank: settling fills it in from the prediction', () => {
    const h = twoPixels();
    const x = tf.tensor2d([[0.8, 0]]);
    // Seen: both pixels count, the cause explains 0.8 and 0: z = 80/201.
    h.settle(x, { iterations: 300, stepSize: 0.001 });
    expect(h.readState('cause')[0]).toBeCloseTo(80 / 201, 3);
    // Occluded second pixel: precision 0 there, only 0.8 counts: z = 80/101, and the
    // prediction of the hidden pixel is z too, whatever value the hidden pixel holds.
    h.occlude([1, 0]);
    let prediction: Float32Array | undefined;
    const watch = h.activity$.subscribe((s) => {
      if (s.area === 'pixels' && s.kind === 'prediction') prediction = s.values;
    });
    h.settle(x, { iterations: 300, stepSize: 0.001 });
    watch.unsubscribe();
    const z = h.readState('cause')[0]!;
    expect(z).toBeCloseTo(80 / 101, 3);
    // The prediction of the hidden pixel is the fill-in: z (the last compare's, one step earlier).
    expect(prediction![1]).toBeCloseTo(80 / 101, 3);
    h.settle(tf.tensor2d([[0.8, 123]]), { iterations: 300, stepSize: 0.001 });
    expect(h.readState('cause')[0]).toBeCloseTo(80 / 101, 3);
    // Whatever the hidden pixel holds, the free energy does not see it.
    const energyWithHidden = h.freeEnergy();
    h.settle(tf.tensor2d([[0.8, -5]]), { iterations: 1, stepSize: 1e-9, continueFrom: 'current' });
    expect(h.freeEnergy()).toBeCloseTo(energyWithHidden, 4);
    h.occlude(undefined);
    h.settle(x, { iterations: 300, stepSize: 0.001 });
    expect(h.readState('cause')[0]).toBeCloseTo(80 / 201, 3);
    h.dispose();
  });

  it('per unit: each unit weighs its squared error by its own precision', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'pixels', size: 3, precision: [1, 4, 0] },
        { name: 'cause', size: 1 },
      ],
      pathways: reciprocalPathways(['pixels', 'cause']),
    });
    h.clamp('cause', [0]);
    h.recognize(tf.tensor2d([[1, 1, 1]]));
    const bias = h.area('pixels').priorBias!;
    bias.assign(tf.tensor1d([0.5, 0.5, 0.5]));
    // ½·(1·0.25 + 4·0.25 + 0·0.25) + ½·0² = 0.625.
    expect(h.freeEnergy()).toBeCloseTo(0.625, 5);
    h.dispose();
  });

  it('a learnable precision learns the inverse variance of the errors (local rule)', () => {
    const h = twoPixels({ learnPrecision: true, precision: 1 });
    h.pathway('cause', 'pixels').map.weight.assign(tf.zeros([1, 2]));
    // Pixel values with mean (0.5, -1) and variances (0.25, 1).
    const x = tf.tensor2d([
      [1, 0],
      [0, -2],
      [1, -2],
      [0, 0],
    ]);
    h.clamp('cause', [0]);
    const optimizer = tf.train.adam(0.05);
    for (let i = 0; i < 600; i++) {
      h.settle(x, { iterations: 1 });
      h.learn({ optimizer });
    }
    const area = h.area('pixels');
    expectClose(area.priorBias!.dataSync(), [0.5, -1], 1e-2);
    expectClose(tf.exp(area.logPrecision!).dataSync(), [4, 1], 2e-2);
    optimizer.dispose();
    h.dispose();
  });
});

describe('a categorical area', () => {
  it('recognizes by a softmax, scores by KL to its prior, and holds a one-hot clamp', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'pixels', size: 4 },
        { name: 'digit', size: 3, likelihood: 'categorical' },
      ],
      pathways: reciprocalPathways(['pixels', 'digit']),
      seed: 3,
    });
    const x = tf.tensor2d([[1, 0, 0.5, -1]]);
    h.recognize(x);
    const q = h.readState('digit');
    const drive = tf.add(
      tf.matMul(x, h.pathway('pixels', 'digit').map.weight),
      h.area('digit').recognitionBias!,
    );
    expectClose(q, tf.softmax(drive).dataSync());
    // F = ½‖x − (G(q) + b)‖² + KL(q ‖ uniform).
    const mu = tf.matMul(tf.tensor2d([Array.from(q)]), h.pathway('digit', 'pixels').map.weight);
    const pixels = 0.5 * tf.sum(tf.square(tf.sub(x, mu))).dataSync()[0]!;
    const kl = Array.from(q).reduce((s, p) => s + p * Math.log(p), 0) + Math.log(3);
    expect(h.freeEnergy()).toBeCloseTo(pixels + kl, 4);
    h.clamp('digit', [0, 1, 0]);
    h.settle(x, { iterations: 5, stepSize: 10 });
    expectClose(h.readState('digit'), [0, 1, 0]);
    h.unclamp('digit');
    const { freeEnergyPerImage } = h.settle(x, { iterations: 30, stepSize: 10 });
    for (let t = 1; t < freeEnergyPerImage.length; t++) {
      expect(freeEnergyPerImage[t]![0]!).toBeLessThanOrEqual(freeEnergyPerImage[t - 1]![0]! + 1e-5);
    }
    const settled = h.readState('digit');
    expect(settled.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    h.dispose();
  });
});
