import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  SpecError,
  type Hierarchy,
  type HierarchySpecInput,
} from '../../src/cortex/index.ts';
import { createRng } from '../../src/random/rng.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A cause (size 2, N(0, I)) predicts a Gaussian area of 3 units, its mean AND its precision. */
function spec(seed = 21): HierarchySpecInput {
  return {
    areas: [
      { name: 'x', size: 3, precision: 'predicted' },
      { name: 'cause', size: 2 },
    ],
    pathways: [
      { from: 'cause', to: 'x', kind: 'feedback' },
      { from: 'x', to: 'cause', kind: 'feedforward' },
    ],
    seed,
  };
}

/** Random values in every area parameter, so the hand check sees them all. */
function scramble(h: Hierarchy, seed: number): void {
  const rng = createRng(seed);
  for (const area of h.areas) {
    for (const v of area.variables()) {
      v.assign(
        tf.tensor(
          Array.from({ length: v.size }, () => 0.5 * rng.normal()),
          v.shape,
        ),
      );
    }
  }
}

/**
 * F by hand: [mean drive | log-precision drive] = cause · W; μ = mean drive + b,
 * s = clip(log-precision drive + c, −4, 8); ½·Σ e^s (x − μ)² − ½·Σ s (seen units only), plus
 * the cause's ½‖cause‖².
 */
function handEnergy(
  h: Hierarchy,
  x: tf.Tensor2D,
  cause: tf.Tensor2D,
  weight: tf.Tensor2D = h.pathway('cause', 'x').map.weight,
  known?: tf.Tensor2D,
): tf.Tensor1D {
  const area = h.area('x');
  const [meanDrive, precisionDrive] = tf.split(tf.matMul(cause, weight), 2, 1);
  const mu = tf.add(meanDrive!, area.priorBias!);
  const s = tf.clipByValue(tf.add(precisionDrive!, area.logPrecisionBias!), -4, 8);
  let perUnit = tf.sub(tf.mul(0.5, tf.mul(tf.exp(s), tf.square(tf.sub(x, mu)))), tf.mul(0.5, s));
  if (known !== undefined) perUnit = tf.mul(perUnit, known);
  return tf.add(tf.sum(perUnit, 1), tf.mul(0.5, tf.sum(tf.square(cause), 1)));
}

describe('a predicted precision', () => {
  it('scores the prediction with a variance per unit and image: the hand computation', () => {
    const h = buildHierarchy(spec());
    scramble(h, 1);
    expect(h.pathway('cause', 'x').map.weight.shape).toEqual([2, 6]);
    const x = tf.randomNormal<tf.Rank.R2>([4, 3], 0, 1, 'float32', 2);
    h.recognize(x);
    const cause = h.area('cause').state!.clone();
    expect(h.freeEnergy()).toBeCloseTo(tf.mean(handEnergy(h, x, cause)).dataSync()[0]!, 4);
    // Hidden units count for nothing, their normaliser included.
    const known = tf.tensor2d([[1, 0, 1]]);
    h.occlude(known);
    const masked = tf.mean(handEnergy(h, x, cause, undefined, tf.tile(known, [4, 1])));
    expect(h.freeEnergy()).toBeCloseTo(masked.dataSync()[0]!, 4);
    h.dispose();
  });

  it('sends the error of its precision back too: a settle step is the exact gradient (autodiff)', () => {
    const h = buildHierarchy(spec(22));
    scramble(h, 2);
    const x = tf.randomNormal<tf.Rank.R2>([3, 3], 0, 1, 'float32', 3);
    h.recognize(x);
    const cause = h.area('cause').state!.clone();
    const gradient = tf.grad((c: tf.Tensor) => tf.sum(handEnergy(h, x, c as tf.Tensor2D)))(cause);
    const step = 1e-3;
    h.settle(x, { iterations: 1, stepSize: step, continueFrom: 'current' });
    const moved = tf.div(tf.sub(cause, h.area('cause').state!), step);
    expectClose(moved.dataSync(), gradient.dataSync(), 1e-2);
    h.dispose();
  });

  it('gives local gradients equal to autodiff of the free energy at the settled states', () => {
    const h = buildHierarchy(spec(23));
    scramble(h, 3);
    const x = tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, 'float32', 4);
    h.settle(x, { iterations: 3 });
    const cause = h.area('cause').state!.clone();
    const area = h.area('x');
    const weight = h.pathway('cause', 'x').map.weight;
    const [byHandW, byHandB, byHandC] = tf.grads((w: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      // The same energy with the biases as arguments.
      const [meanDrive, precisionDrive] = tf.split(tf.matMul(cause, w as tf.Tensor2D), 2, 1);
      const mu = tf.add(meanDrive!, b);
      const s = tf.clipByValue(tf.add(precisionDrive!, c), -4, 8);
      const perUnit = tf.sub(
        tf.mul(0.5, tf.mul(tf.exp(s), tf.square(tf.sub(x, mu)))),
        tf.mul(0.5, s),
      );
      return tf.mean(tf.sum(perUnit, 1));
    })([weight, area.priorBias!, area.logPrecisionBias!]);
    // One learn tick's gradients, read off by an optimizer that records what it is given.
    const seen = new Map<string, Float32Array>();
    const recorder = {
      applyGradients(grads: { name: string; tensor: tf.Tensor }[]) {
        for (const g of grads) seen.set(g.name, g.tensor.dataSync() as Float32Array);
      },
    } as unknown as tf.Optimizer;
    h.learn({ optimizer: recorder });
    expectClose(seen.get(weight.name)!, byHandW!.dataSync(), 1e-3);
    expectClose(seen.get(area.priorBias!.name)!, byHandB!.dataSync(), 1e-3);
    expectClose(seen.get(area.logPrecisionBias!.name)!, byHandC!.dataSync(), 1e-3);
    h.dispose();
  });

  it('learns by the local rule the variance of each group: about 0.25 and 4', () => {
    const h = buildHierarchy({
      areas: [
        { name: 'x', size: 1, precision: 'predicted' },
        { name: 'group', size: 2, prior: 'none' },
      ],
      pathways: [{ from: 'group', to: 'x', kind: 'feedback' }],
      seed: 24,
    });
    const optimizer = tf.train.adam(0.05);
    const rng = createRng(5);
    const batch = 256;
    const groups = Array.from({ length: batch }, (_, i) => i % 2);
    const oneHot = tf.oneHot(tf.tensor1d(groups, 'int32'), 2).toFloat() as tf.Tensor2D;
    h.clamp('group', oneHot);
    for (let step = 0; step < 400; step++) {
      const values = groups.map((g) => (g === 0 ? 0.5 : 2) * rng.normal() + (g === 0 ? 1 : -1));
      const x = tf.tensor2d(values, [batch, 1]);
      h.settle(x, { iterations: 1 });
      h.learn({ optimizer });
      x.dispose();
    }
    h.settle(tf.zeros([batch, 1]), { iterations: 1 });
    // The precision of each group's prediction, read from one compare.
    h.areaEnergies();
    const drive = tf.matMul(tf.eye(2), h.pathway('group', 'x').map.weight);
    const precision = tf
      .exp(tf.add(tf.slice(drive, [0, 1], [2, 1]), h.area('x').logPrecisionBias!))
      .dataSync();
    expect(1 / precision[0]!).toBeGreaterThan(0.2);
    expect(1 / precision[0]!).toBeLessThan(0.31);
    expect(1 / precision[1]!).toBeGreaterThan(3.2);
    expect(1 / precision[1]!).toBeLessThan(4.8);
    optimizer.dispose();
    h.dispose();
  });

  it('is refused where it cannot be predicted, each problem on one line', () => {
    const bad: HierarchySpecInput = {
      areas: [
        {
          name: 'image',
          size: 4,
          precision: 'predicted',
          likelihood: 'bernoulli',
          activation: 'sigmoid',
        },
        { name: 'alone', size: 3, precision: 'predicted', learnPrecision: true },
        { name: 'top', size: 2, stochastic: true, precision: 'predicted' },
      ],
      pathways: [
        { from: 'top', to: 'image', kind: 'feedback' },
        { from: 'image', to: 'top', kind: 'feedforward' },
      ],
    };
    let problems: readonly string[] = [];
    try {
      buildHierarchy(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      problems = (error as SpecError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /areas\[0\]\.precision: area "image": a predicted precision needs a gaussian area/,
        ),
        expect.stringMatching(/areas\[1\]\.precision: area "alone": .* is not also learned/),
        expect.stringMatching(
          /areas\[1\]\.precision: area "alone": .* needs a pathway that predicts/,
        ),
        expect.stringMatching(/areas\[2\]\.precision: area "top": .* not a stochastic one/),
      ]),
    );
  });
});
