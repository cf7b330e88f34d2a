import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import {
  buildHierarchy,
  SpecError,
  type Hierarchy,
  type HierarchySpecInput,
} from '../../src/cortex/index.ts';
import { applyMap } from '../../src/cortex/maps.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A class `what` (categorical) and a style `how` (gaussian root) predict the image through one
 * deterministic relu area `joint`: x̂ = sigmoid(W·relu(Wy·what + Wz·how + b) + c), one network
 * on their joined states. `how` is also recognized from the image.
 */
function jointSpec(seed = 11): HierarchySpecInput {
  return {
    areas: [
      { name: 'image', size: 6, activation: 'sigmoid', likelihood: 'bernoulli' },
      { name: 'joint', size: 5, activation: 'relu', deterministic: true },
      { name: 'what', size: 3, likelihood: 'categorical' },
      { name: 'how', size: 2 },
    ],
    pathways: [
      { from: 'what', to: 'joint', kind: 'feedback' },
      { from: 'how', to: 'joint', kind: 'feedback' },
      { from: 'joint', to: 'image', kind: 'feedback' },
      { from: 'image', to: 'how', kind: 'feedforward' },
      { from: 'image', to: 'what', kind: 'feedforward' },
    ],
    seed,
  };
}

/** The free energy written out by hand from the pathways' maps, per image. */
function handFreeEnergy(h: Hierarchy, x: tf.Tensor2D, what: tf.Tensor2D, how: tf.Tensor2D) {
  const map = (from: string, to: string) => h.pathway(from, to).map;
  const joint = tf.relu(
    tf.add(
      tf.add(applyMap(map('what', 'joint'), what), applyMap(map('how', 'joint'), how)),
      h.area('joint').priorBias!,
    ),
  ) as tf.Tensor2D;
  const u = tf.add(applyMap(map('joint', 'image'), joint), h.area('image').priorBias!);
  const sensory = tf.sum(tf.sub(tf.softplus(u), tf.mul(x, u)), 1);
  const whatPrior = tf.add(tf.sum(tf.mul(what, tf.log(what)), 1), Math.log(3));
  const howPrior = tf.mul(0.5, tf.sum(tf.square(how), 1));
  return { energy: tf.addN([sensory, whatPrior, howPrior]) as tf.Tensor1D, joint };
}

function image(batch: number, seed: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.cast(tf.greater(tf.randomUniform([batch, 6], 0, 1, 'float32', seed), 0.5), 'float32'),
  ) as tf.Tensor2D;
}

describe('a deterministic area', () => {
  it('holds its prediction: one relu network on its sources joined, with no energy of its own', () => {
    const h = buildHierarchy(jointSpec());
    const x = image(4, 1);
    h.recognize(x);
    const what = h.area('what').state!.clone();
    const how = h.area('how').state!.clone();
    const hand = handFreeEnergy(h, x, what, how);
    expect(h.freeEnergy()).toBeCloseTo(tf.mean(hand.energy).dataSync()[0]!, 4);
    expectClose(h.area('joint').state!.dataSync(), hand.joint.dataSync());
    expect(h.areaEnergies()['joint']).toBe(0);
    // Generation passes through it too.
    const generated = h.generate(how).clone();
    expect(generated.shape).toEqual([4, 6]);
    h.dispose();
  });

  it('is not a sum of drives: the class and the style interact through its relu', () => {
    const h = buildHierarchy(jointSpec(12));
    const how = tf.tensor2d([[1.5, -2]]);
    const one = (k: number) => tf.oneHot(tf.tensor1d([k], 'int32'), 3).toFloat() as tf.Tensor2D;
    const predict = (what: tf.Tensor2D, style: tf.Tensor2D) =>
      handFreeEnergy(h, tf.zeros([1, 6]), what, style).joint;
    // An additive model gives f(a, s) - f(b, s) the same for every style s; the joint one does not.
    const at = (style: tf.Tensor2D) => tf.sub(predict(one(0), style), predict(one(1), style));
    const gapHere = at(how).dataSync();
    const gapThere = at(tf.neg(how) as tf.Tensor2D).dataSync();
    expect(Array.from(gapHere).some((v, i) => Math.abs(v - gapThere[i]!) > 1e-3)).toBe(true);
    h.dispose();
  });

  it('passes the errors below it on: settling takes the gradient of the free energy (autodiff)', () => {
    const h = buildHierarchy(jointSpec(13));
    const x = image(3, 2);
    h.recognize(x);
    const what = h.area('what').state!.clone();
    const how = h.area('how').state!.clone();
    const gradHow = tf.grad((s: tf.Tensor) =>
      tf.sum(handFreeEnergy(h, x, what, s as tf.Tensor2D).energy),
    )(how);
    const step = 1e-3;
    h.settle(x, { iterations: 1, stepSize: step, continueFrom: 'current' });
    const moved = tf.div(tf.sub(how, h.area('how').state!), step);
    expectClose(moved.dataSync(), gradHow.dataSync(), 1e-2);
    h.dispose();
  });

  it("never raises any image's free energy, even with far too large steps", () => {
    const h = buildHierarchy(jointSpec(14));
    const x = image(8, 3);
    for (const stepSize of [0.1, 5, 100]) {
      const { freeEnergyPerImage } = h.settle(x, { iterations: 12, stepSize });
      for (let t = 1; t < freeEnergyPerImage.length; t++) {
        freeEnergyPerImage[t]!.forEach((f, i) => {
          expect(f).toBeLessThanOrEqual(freeEnergyPerImage[t - 1]![i]! + 1e-4);
        });
      }
      expect(freeEnergyPerImage.at(-1)!.reduce((a, b) => a + b)).toBeLessThan(
        freeEnergyPerImage[0]!.reduce((a, b) => a + b),
      );
    }
    h.dispose();
  });

  it('the negative ELBO of a stochastic style through it equals the hand computation', () => {
    const spec = jointSpec(15);
    spec.areas[3] = { name: 'how', size: 2, stochastic: true };
    const h = buildHierarchy(spec);
    const x = image(4, 4);
    const { negElbo, terms } = h.negElbo(x, { seed: 3 });
    expect(Array.from(terms['joint']!.dataSync())).toEqual([0, 0, 0, 0]);
    // By hand: q(how | x) from its recognition pathway, the tick's sample z, KL to N(0, I).
    const recognized = tf.add(
      applyMap(h.pathway('image', 'how').map, x),
      h.area('how').recognitionBias!,
    );
    const [mean, logVar] = tf.split(recognized, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const z = h.area('how').state!;
    const what = h.area('what').state!;
    const kl = tf.mul(
      0.5,
      tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1),
    );
    const hand = handFreeEnergy(h, x, what, z).energy;
    const expected = tf.add(tf.sub(hand, tf.mul(0.5, tf.sum(tf.square(z), 1))), kl);
    expectClose(negElbo.dataSync(), expected.dataSync(), 1e-4);
    h.dispose();
  });

  it('refuses local learning with a clear message', () => {
    const h = buildHierarchy(jointSpec(16));
    h.settle(image(2, 5), { iterations: 2 });
    const optimizer = tf.train.sgd(0.1);
    expect(() => h.learn({ optimizer })).toThrow(/joint is deterministic.*backprop/);
    optimizer.dispose();
    h.dispose();
  });

  it('is refused where its state could not be its prediction, each problem on one line', () => {
    const bad: HierarchySpecInput = {
      areas: [
        { name: 'image', size: 4, deterministic: true },
        { name: 'lonely', size: 3, deterministic: true },
        { name: 'both', size: 2, deterministic: true, stochastic: true },
        { name: 'top', size: 2 },
      ],
      pathways: [
        { from: 'image', to: 'both', kind: 'feedforward' },
        { from: 'top', to: 'both', kind: 'feedback' },
        { from: 'both', to: 'image', kind: 'feedback' },
      ],
    };
    let error: unknown;
    try {
      buildHierarchy(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    const message = (error as Error).message;
    expect(message).toMatch(/areas\[0\]\.deterministic: area "image": the sensory area/);
    expect(message).toMatch(
      /areas\[1\]\.deterministic: area "lonely": .*some pathway must predict it/,
    );
    expect(message).toMatch(
      /areas\[2\]\.deterministic: area "both": an area is deterministic or stochastic/,
    );
    expect(message).toMatch(/the recognition pathway image->both would need a guess of it/);
  });
});
