import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  gaussianKlToStandardNormal,
  gaussianNegLogDensity,
} from '../../../src/cortex/densities.ts';
import { DenseClassArea, SsVae } from '../../../src/models/ssvae/index.ts';
import { trainOnClusters } from './clusters.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const relu = (t: tf.Tensor2D) => tf.relu(t) as tf.Tensor2D;

describe('the dense class area (the default)', () => {
  it('is what an ssvae builds unless the spec asks for cortex areas', () => {
    const dense = new SsVae({ inputSize: 16, latentSize: 3, hiddenSize: 8, classHiddenSize: 8 }, 1);
    const cortex = new SsVae(
      { inputSize: 16, latentSize: 3, hiddenSize: 8, classHiddenSize: 8, classArea: 'cortex' },
      1,
    );
    expect(dense.spec.classArea).toBe('dense');
    expect(dense.classArea).toBeInstanceOf(DenseClassArea);
    expect(cortex.classArea).not.toBeInstanceOf(DenseClassArea);
    dense.dispose();
    cortex.dispose();
  });

  it('scores a labelled z1 as -log p(z1 | y, z2) + KL(q(z2) || N(0, I)) + log classes, by hand', () => {
    const area = new DenseClassArea({ below: 4, classes: 3, style: 2, hidden: 8 }, 5);
    const below = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, 'float32', 1);
    const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0], 'int32'), 3).toFloat() as tf.Tensor2D;
    const energy = area.labelledEnergy(below, oneHot, 7).arraySync();
    // The same terms from the weights, in variables() order: classify, recognizeStyle, predictBelow.
    const [, , , , rh, rhb, ro, rob, ph, phb, po, pob] = area.variables() as tf.Tensor2D[];
    const expected = tf.tidy(() => {
      const q = tf.add(
        tf.matMul(relu(tf.add(tf.matMul(tf.concat([below, oneHot], 1), rh!), rhb!)), ro!),
        rob!,
      );
      const [mu, logVar] = tf.split(q, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const noise = tf.randomNormal<tf.Rank.R2>([5, 2], 0, 1, 'float32', 7);
      const z2 = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), noise)) as tf.Tensor2D;
      const p = tf.add(
        tf.matMul(relu(tf.add(tf.matMul(tf.concat([oneHot, z2], 1), ph!), phb!)), po!),
        pob!,
      );
      const [mean, rawLogVar] = tf.split(p, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const pLogVar = tf.clipByValue(rawLogVar, -8, 4);
      return tf
        .add(
          tf.add(
            gaussianNegLogDensity(below, mean, pLogVar),
            gaussianKlToStandardNormal(mu, logVar),
          ),
          Math.log(3),
        )
        .arraySync() as number[];
    });
    for (let i = 0; i < 5; i++) expect(energy[i]).toBeCloseTo(expected[i]!, 3);
    area.dispose();
    tf.dispose([below, oneHot]);
  });

  it('scores an unlabelled z1 as E_q(y)[labelled energy] - H(q(y)), one style noise for every class', () => {
    const area = new DenseClassArea({ below: 4, classes: 3, style: 2, hidden: 8 }, 5);
    const below = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, 'float32', 1);
    const unlabelled = area.unlabelledEnergy(below, 2).arraySync();
    const q = tf.softmax(area.classLogits(below)).arraySync() as number[][];
    const perClass = [0, 1, 2].map((y) => {
      const oneHot = tf.oneHot(tf.fill([5], y, 'int32') as tf.Tensor1D, 3).toFloat() as tf.Tensor2D;
      return area.labelledEnergy(below, oneHot, 2).arraySync();
    });
    for (let i = 0; i < 5; i++) {
      let expected = 0;
      for (let y = 0; y < 3; y++) {
        const p = q[i]![y]!;
        expected += p * (perClass[y]![i]! + Math.log(p));
      }
      expect(unlabelled[i]).toBeCloseTo(expected, 4);
    }
    area.dispose();
    below.dispose();
  });

  it('learns to classify clustered data from a few labels and many unlabelled points, its loss falling', () => {
    const area = new DenseClassArea({ below: 2, classes: 4, style: 2, hidden: 16 }, 9);
    const r = trainOnClusters(area);
    expect(r.accuracyBefore).toBeLessThan(0.7);
    expect(r.accuracyAfter).toBeGreaterThan(0.95);
    expect(r.lossAfter).toBeLessThan(r.lossBefore - 1);
    area.dispose();
  });
});
