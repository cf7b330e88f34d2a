import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import type { CortexMap } from '../../../src/cortex/index.ts';
import { ClassArea } from '../../../src/models/ssvae/index.ts';
import { createRng } from '../../../src/random/rng.ts';
import { trainOnClusters } from './clusters.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Rows = number[][];

const rows = (t: tf.Tensor): Rows => t.arraySync() as Rows;
const vector = (t: tf.Tensor): number[] => t.arraySync() as number[];

/** x·W (+ b) on plain arrays. */
function affine(x: Rows, w: Rows, b?: number[]): Rows {
  return x.map((row) =>
    w[0]!.map((_, j) => row.reduce((sum, v, i) => sum + v * w[i]![j]!, b?.[j] ?? 0)),
  );
}

/** A pathway's map written out: relu hidden layers with their biases, then W without bias. */
function mapByHand(map: CortexMap, x: Rows): Rows {
  let h = x;
  for (const layer of map.hidden) {
    h = affine(h, rows(layer.weight), vector(layer.bias)).map((r) => r.map((v) => Math.max(v, 0)));
  }
  return affine(h, rows(map.weight));
}

const add = (...terms: Rows[]): Rows =>
  terms[0]!.map((row, i) => row.map((v, j) => terms.slice(1).reduce((s, t) => s + t[i]![j]!, v)));

/** Random values in every bias, the precision and the prior, so a hand check sees them all. */
function scrambleAreaParameters(area: ClassArea, seed: number): void {
  const rng = createRng(seed);
  for (const a of area.hierarchy.areas) {
    for (const v of a.variables()) {
      v.assign(
        tf.tensor(
          Array.from({ length: v.size }, () => 0.5 * rng.normal()),
          v.shape,
        ),
      );
    }
  }
}

describe('the class area built from cortex areas', () => {
  const sizes = { below: 3, classes: 3, style: 2, hidden: 4 };

  it('is a hierarchy: y (categorical) and z2 (stochastic) predict z1 through one joint area', () => {
    const area = new ClassArea(sizes, 5);
    const h = area.hierarchy;
    expect(
      h.areas.map((a) => [a.name, a.spec.likelihood, a.spec.stochastic, a.spec.deterministic]),
    ).toEqual([
      ['z1', 'gaussian', false, false],
      ['y', 'categorical', false, false],
      ['yz1', 'gaussian', false, false],
      ['yz2', 'gaussian', false, true],
      ['z2', 'gaussian', true, false],
    ]);
    expect(h.predictivePathways.map((p) => p.id).sort()).toEqual(['y->yz2', 'yz2->z1', 'z2->yz2']);
    expect(
      h.pathways
        .filter((p) => p.role === 'recognition')
        .map((p) => p.id)
        .sort(),
    ).toEqual(['y->yz1', 'yz1->z2', 'z1->y', 'z1->yz1']);
    expect(area.variables().length).toBe(new Set(area.variables()).size);
    area.dispose();
  });

  it("has class logits whose softmax is y's state after a recognition sweep", () => {
    const area = new ClassArea(sizes, 5);
    scrambleAreaParameters(area, 1);
    const below = tf.randomNormal<tf.Rank.R2>([4, 3], 0, 1, 'float32', 1);
    const logits = area.classLogits(below);
    const byHand = add(
      mapByHand(area.hierarchy.pathway('z1', 'y').map, rows(below)),
      [0, 1, 2, 3].map(() => vector(area.hierarchy.area('y').recognitionBias!)),
    );
    rows(logits).forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(byHand[i]![j]!, 5)));
    area.hierarchy.recognize(below);
    const state = rows(area.hierarchy.area('y').state!);
    rows(tf.softmax(logits)).forEach((r, i) =>
      r.forEach((v, j) => expect(state[i]![j]).toBeCloseTo(v, 6)),
    );
    tf.dispose([below, logits]);
    area.dispose();
  });

  it('scores a labelled z1 as the pathways written out by hand', () => {
    const area = new ClassArea(sizes, 5);
    scrambleAreaParameters(area, 2);
    const h = area.hierarchy;
    const below = tf.randomNormal<tf.Rank.R2>([4, 3], 0, 1, 'float32', 3);
    const oneHot = tf.oneHot([0, 2, 1, 2], 3).toFloat() as tf.Tensor2D;
    const energy = vector(area.labelledEnergy(below, oneHot, 7));
    // The style sample the tick drew (its noise is the cortex's): z2's state after it.
    const z2 = rows(h.area('z2').state!);
    const [x, y] = [rows(below), rows(oneHot)];
    const tile = (v: tf.Tensor) => x.map(() => vector(v));
    const relu = (r: Rows): Rows => r.map((row) => row.map((v) => Math.max(v, 0)));
    // q(z2 | z1, y): one relu layer on the joined (z1, y), then the pathway into z2.
    const joinedUp = relu(
      add(
        mapByHand(h.pathway('z1', 'yz1').map, x),
        mapByHand(h.pathway('y', 'yz1').map, y),
        tile(h.area('yz1').recognitionBias!),
      ),
    );
    const recognized = add(
      mapByHand(h.pathway('yz1', 'z2').map, joinedUp),
      tile(h.area('z2').recognitionBias!),
    );
    // p(z1 | y, z2): one relu layer on the joined (y, z2), the deterministic area yz2.
    const joinedDown = relu(
      add(
        mapByHand(h.pathway('y', 'yz2').map, y),
        mapByHand(h.pathway('z2', 'yz2').map, z2),
        tile(h.area('yz2').priorBias!),
      ),
    );
    // The pathway yz2->z1 gives [mean drive | log-precision drive]; z1 adds a bias to each.
    const drive = mapByHand(h.pathway('yz2', 'z1').map, joinedDown);
    const predicted = add(
      drive.map((r) => r.slice(0, 3)),
      tile(h.area('z1').priorBias!),
    );
    const logPrecision = add(
      drive.map((r) => r.slice(3)),
      tile(h.area('z1').logPrecisionBias!),
    ).map((r) => r.map((v) => Math.min(Math.max(v, -4), 8)));
    for (let i = 0; i < 4; i++) {
      let z1Term = 0;
      for (let j = 0; j < 3; j++) {
        const s = logPrecision[i]![j]!;
        z1Term += 0.5 * Math.exp(s) * (x[i]![j]! - predicted[i]![j]!) ** 2 - 0.5 * s;
      }
      let kl = 0;
      for (let j = 0; j < 2; j++) {
        const [m, lv] = [recognized[i]![j]!, recognized[i]![2 + j]!];
        kl += 0.5 * (m * m + Math.exp(lv) - 1 - lv);
      }
      expect(energy[i]).toBeCloseTo(z1Term + kl + Math.log(3), 4);
    }
    tf.dispose([below, oneHot]);
    area.dispose();
  });

  it("gives as the labelled energy the sum of the hierarchy's negElbo terms with y clamped", () => {
    const area = new ClassArea(sizes, 5);
    scrambleAreaParameters(area, 3);
    const h = area.hierarchy;
    const below = tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, 'float32', 4);
    const oneHot = tf.oneHot([1, 0, 2, 2, 1], 3).toFloat() as tf.Tensor2D;
    const energy = vector(area.labelledEnergy(below, oneHot, 11));
    expect(h.area('y').clamped).toBe(false);
    h.clamp('y', oneHot);
    const { negElbo, terms } = h.negElbo(below, { seed: 11 });
    h.unclamp('y');
    expect(Object.keys(terms).sort()).toEqual(['y', 'yz1', 'yz2', 'z1', 'z2']);
    // y at a one-hot: KL(one-hot ‖ uniform) = −log p(y) = log 3.
    vector(terms['y']!).forEach((v) => expect(v).toBeCloseTo(Math.log(3), 5));
    vector(negElbo).forEach((v, i) => expect(energy[i]).toBeCloseTo(v, 5));
    tf.dispose([below, oneHot, negElbo, ...Object.values(terms)]);
    area.dispose();
  });

  it('leaves y free after an energy that fails, and names the problem', () => {
    const area = new ClassArea(sizes, 5);
    const wrong = tf.zeros<tf.Rank.R2>([2, 4]);
    const oneHot = tf.oneHot([0, 1], 3).toFloat() as tf.Tensor2D;
    expect(() => area.labelledEnergy(wrong, oneHot, 1)).toThrow(
      /input: expected shape \[batch, 3\]/,
    );
    expect(area.hierarchy.area('y').clamped).toBe(false);
    tf.dispose([wrong, oneHot]);
    area.dispose();
  });

  it('scores an unlabelled z1 as E_q(y)[labelled energy] - H(q(y)), every class in one tick', () => {
    const area = new ClassArea(sizes, 5);
    scrambleAreaParameters(area, 4);
    const h = area.hierarchy;
    const below = tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, 'float32', 1);
    const unlabelled = vector(area.unlabelledEnergy(below, 2));
    const q = rows(tf.softmax(area.classLogits(below)));
    // The hierarchy's own negElbo of every image with every class (class-major rows), y clamped.
    const classMajor = [0, 1, 2].flatMap((k) => [0, 1, 2, 3, 4].map(() => k));
    h.clamp('y', tf.oneHot(classMajor, 3).toFloat() as tf.Tensor2D);
    const energies = vector(h.negElbo(tf.tile(below, [3, 1]) as tf.Tensor2D, { seed: 2 }).negElbo);
    h.unclamp('y');
    for (let i = 0; i < 5; i++) {
      let expected = 0;
      for (let k = 0; k < 3; k++) {
        const p = q[i]![k]!;
        expected += p * (energies[5 * k + i]! + Math.log(p));
      }
      expect(unlabelled[i]).toBeCloseTo(expected, 4);
    }
    expect(h.area('y').clamped).toBe(false);
    tf.dispose(below);
    area.dispose();
  });

  it('learns to classify clustered data from a few labels and many unlabelled points, its loss falling', () => {
    const area = new ClassArea({ below: 2, classes: 4, style: 2, hidden: 16 }, 9);
    const r = trainOnClusters(area);
    expect(r.accuracyBefore).toBeLessThan(0.7);
    expect(r.accuracyAfter).toBeGreaterThan(0.95);
    expect(r.lossAfter).toBeLessThan(r.lossBefore - 1);
    area.dispose();
  });
});
