import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  reciprocalPathways,
  type Hierarchy,
  type HierarchySpecInput,
} from '../../src/cortex/index.ts';
import { applyMap } from '../../src/cortex/maps.ts';
import { binaryInput, expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A cortical graph, not a chain: retina is predicted by v1, v2 and (skipping a level) it;
 * it is recognized from v1 and v2 and predicts both; v1 predicts v2 laterally; a categorical
 * area `what` sits beside it and predicts v2 too.
 */
function graphSpec(seed = 5): HierarchySpecInput {
  return {
    areas: [
      { name: 'retina', size: 6, activation: 'sigmoid', likelihood: 'bernoulli' },
      { name: 'v1', size: 4, activation: 'tanh' },
      { name: 'v2', size: 4, activation: 'tanh', precision: [1, 2, 0.5, 1] },
      { name: 'it', size: 3 },
      { name: 'what', size: 3, likelihood: 'categorical' },
    ],
    pathways: [
      ...reciprocalPathways(['retina', 'v1', 'it']),
      ...reciprocalPathways(['retina', 'v2', 'it']),
      { from: 'it', to: 'retina', kind: 'feedback' },
      { from: 'v1', to: 'v2', kind: 'lateral' },
      { from: 'v2', to: 'what', kind: 'feedforward' },
      { from: 'what', to: 'v2', kind: 'feedback' },
    ],
    seed,
  };
}

/** The free energy of the graph written out by hand from the pathways' maps, per image. */
function handFreeEnergy(
  h: Hierarchy,
  states: Record<string, tf.Tensor2D>,
  silent: readonly string[] = [],
): tf.Tensor1D {
  const drive = (to: string): tf.Tensor2D =>
    h.predictivePathways
      .filter((p) => p.to.name === to && !silent.includes(p.id))
      .map((p) => applyMap(p.map, states[p.from.name]!))
      .reduce((a, b) => tf.add(a, b));
  const bias = (name: string) => h.area(name).priorBias!;
  const u0 = tf.add(drive('retina'), bias('retina'));
  const retina = tf.sum(tf.sub(tf.softplus(u0), tf.mul(states.retina!, u0)), 1);
  const mu1 = tf.tanh(tf.add(drive('v1'), bias('v1')));
  const v1 = tf.mul(0.5, tf.sum(tf.square(tf.sub(states.v1!, mu1)), 1));
  const mu2 = tf.tanh(tf.add(drive('v2'), bias('v2')));
  const v2 = tf.mul(
    0.5,
    tf.sum(tf.mul(tf.tensor1d([1, 2, 0.5, 1]), tf.square(tf.sub(states.v2!, mu2))), 1),
  );
  const top = tf.mul(0.5, tf.sum(tf.square(states.it!), 1));
  const q = states.what!;
  const what = tf.add(tf.sum(tf.mul(q, tf.log(q)), 1), Math.log(3));
  return tf.addN([retina, v1, v2, top, what]) as tf.Tensor1D;
}

function statesOf(h: Hierarchy): Record<string, tf.Tensor2D> {
  return Object.fromEntries(h.areas.map((a) => [a.name, a.state!.clone()]));
}

describe('a cortical graph', () => {
  it('sums the drives of several sources: a prediction sweep equals the hand computation', () => {
    const h = buildHierarchy(graphSpec());
    const x = binaryInput(2, 6, 1);
    h.recognize(x);
    const states = statesOf(h);
    // Recognition: it takes the sum of the drives from v1 and v2; what is a softmax of v2's.
    const recognitionDrive = (to: string) =>
      h.pathways
        .filter((p) => p.role === 'recognition' && p.to.name === to)
        .map((p) => applyMap(p.map, states[p.from.name]!))
        .reduce((a, b) => tf.add(a, b));
    expectClose(
      states.it!.dataSync(),
      tf.add(recognitionDrive('it'), h.area('it').recognitionBias!).dataSync(),
    );
    const what = states.what!.arraySync();
    for (const row of what) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The free energy the hierarchy computes equals the one written by hand.
    expect(h.freeEnergy()).toBeCloseTo(tf.mean(handFreeEnergy(h, states)).dataSync()[0]!, 4);
    h.dispose();
  });

  it('settling takes the gradient of that free energy (a small first step, against autodiff)', () => {
    const h = buildHierarchy(graphSpec(6));
    const x = binaryInput(2, 6, 2);
    h.recognize(x);
    const before = statesOf(h);
    const free = ['v1', 'v2', 'it'];
    const gradients = tf.grads((...moving: tf.Tensor[]) =>
      tf.sum(
        handFreeEnergy(h, {
          ...before,
          ...Object.fromEntries(free.map((n, i) => [n, moving[i] as tf.Tensor2D])),
        }),
      ),
    )(free.map((n) => before[n]!));
    const step = 1e-3;
    h.settle(x, { iterations: 1, stepSize: step, continueFrom: 'current' });
    free.forEach((name, i) => {
      const moved = tf.div(tf.sub(before[name]!, h.area(name).state!), step);
      expectClose(moved.dataSync(), gradients[i]!.dataSync(), 1e-2);
    });
    h.dispose();
  });

  it("never raises any image's free energy, even with far too large steps", () => {
    const h = buildHierarchy(graphSpec(7));
    const x = binaryInput(8, 6, 3);
    for (const stepSize of [0.1, 5, 100]) {
      const { freeEnergyPerImage } = h.settle(x, { iterations: 15, stepSize });
      for (let t = 1; t < freeEnergyPerImage.length; t++) {
        freeEnergyPerImage[t]!.forEach((f, i) => {
          expect(f).toBeLessThanOrEqual(freeEnergyPerImage[t - 1]![i]! + 1e-4);
        });
      }
      const first = freeEnergyPerImage[0]!.reduce((a, b) => a + b);
      const last = freeEnergyPerImage.at(-1)!.reduce((a, b) => a + b);
      expect(last).toBeLessThan(first);
      // The categorical area stays a probability vector in every row.
      for (const row of h.area('what').state!.arraySync()) {
        expect(row.every((p) => p >= 0)).toBe(true);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    }
    h.dispose();
  });

  it('a lesioned pathway neither predicts nor carries the error back', () => {
    const h = buildHierarchy(graphSpec(8));
    const x = binaryInput(2, 6, 4);
    h.lesion('it', 'retina');
    h.recognize(x);
    const before = statesOf(h);
    // The retina's prediction is v1's and v2's drives only ...
    expect(h.freeEnergy()).toBeCloseTo(
      tf.mean(handFreeEnergy(h, before, ['it->retina'])).dataSync()[0]!,
      4,
    );
    // ... and it's gradient holds no error from the retina.
    const grads = tf.grads((itState: tf.Tensor) =>
      tf.sum(handFreeEnergy(h, { ...before, it: itState as tf.Tensor2D }, ['it->retina'])),
    )([before.it!]);
    h.settle(x, { iterations: 1, stepSize: 1e-3, continueFrom: 'current' });
    const moved = tf.div(tf.sub(before.it!, h.area('it').state!), 1e-3);
    expectClose(moved.dataSync(), grads[0]!.dataSync(), 1e-2);
    h.dispose();
  });

  it('generation sends predictions down the graph in order; a laterally predicted area comes after its source', () => {
    const h = buildHierarchy(graphSpec(9));
    const order = h.orders.prediction.map((i) => h.areas[i]!.name);
    expect(order.indexOf('v1')).toBeLessThan(order.indexOf('v2'));
    expect(order.indexOf('it')).toBeLessThan(order.indexOf('v1'));
    expect(order.indexOf('what')).toBeLessThan(order.indexOf('v2'));
    expect(order.at(-1)).toBe('retina');
    const z = tf.tensor2d([[0.3, -0.2, 1]]);
    h.clamp('what', [0, 1, 0]);
    h.generate(z);
    const s = statesOf(h);
    const drive = (to: string) =>
      h.predictivePathways
        .filter((p) => p.to.name === to)
        .map((p) => applyMap(p.map, s[p.from.name]!))
        .reduce((a, b) => tf.add(a, b));
    expectClose(s.what!.dataSync(), [0, 1, 0]);
    expectClose(s.v2!.dataSync(), tf.tanh(tf.add(drive('v2'), h.area('v2').priorBias!)).dataSync());
    expectClose(
      s.retina!.dataSync(),
      tf.sigmoid(tf.add(drive('retina'), h.area('retina').priorBias!)).dataSync(),
    );
    h.dispose();
  });
});
