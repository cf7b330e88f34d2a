/**
 * Hierarchy.predictionsFrom: each area's prediction from the states of the areas that predict
 * it, checked against the maths written out by hand (a chain, and two sources joined by a
 * deterministic area), with given states, gains and lesions, and without touching the
 * hierarchy (no tick, no state changed, no tensor left behind).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, type Hierarchy, type InputLike } from '../../src/cortex/index.ts';
import { applyMap } from '../../src/cortex/maps.ts';
import { isNeocortexError } from '../../src/errors.ts';
import { binaryInput, expectClose, generativeMapOf, smallSpec } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** The chain by hand: sensory μ = sigmoid(pb0 + m·Gm), middle μ = tanh(pbm + t·Gt). */
function handPredictions(h: Hierarchy, m: tf.Tensor2D, t: tf.Tensor2D) {
  const sensory = h.area('sensory');
  const middle = h.area('middle');
  return {
    sensory: tf.sigmoid(
      tf.add(tf.matMul(m, generativeMapOf(h, middle).weight), sensory.priorBias!),
    ),
    middle: tf.tanh(
      tf.add(tf.matMul(t, generativeMapOf(h, h.area('top')).weight), middle.priorBias!),
    ),
  };
}

function randomizeBiases(h: Hierarchy): void {
  h.area('sensory').priorBias!.assign(tf.randomNormal([6], 0, 0.5, 'float32', 21));
  h.area('middle').priorBias!.assign(tf.randomNormal([5], 0, 0.5, 'float32', 22));
}

describe('Hierarchy.predictionsFrom', () => {
  it('after recognize: each area predicts the one below from its own recognized state', () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(4, 6, 3);
    h.recognize(x);
    const m = h.area('middle').state!.clone();
    const t = h.area('top').state!.clone();
    const hand = handPredictions(h, m, t);
    const got = h.predictionsFrom();
    // The root (top) has no prediction; the others come in prediction order.
    expect([...got.keys()]).toEqual(['middle', 'sensory']);
    expectClose(values(got.get('sensory')!), values(hand.sensory), 1e-5);
    expectClose(values(got.get('middle')!), values(hand.middle), 1e-5);
    // The sensory prediction is the one settle mode scores: its cross-entropy is the area's energy.
    const p = got.get('sensory')!;
    const bce = tf.mean(
      tf.neg(tf.sum(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p)))), 1)),
    );
    expect(h.areaEnergies().sensory).toBeCloseTo(bce.dataSync()[0]!, 4);
    tf.dispose([x, m, t, hand.sensory, hand.middle, bce, ...got.values()]);
    h.dispose();
  });

  it('given states replace those areas’ states; the others keep theirs', () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(3, 6, 4);
    h.recognize(x);
    const m = h.area('middle').state!.clone();
    const t = [
      [1, -1, 0.5],
      [0, 2, -0.5],
      [-1, 0, 1],
    ];
    const tensor = tf.tensor2d(t);
    const hand = handPredictions(h, m, tensor);
    const got = h.predictionsFrom(new Map([['top', t]]));
    expectClose(values(got.get('middle')!), values(hand.middle), 1e-5);
    expectClose(values(got.get('sensory')!), values(hand.sensory), 1e-5);
    tf.dispose([x, m, tensor, hand.sensory, hand.middle, ...got.values()]);
    h.dispose();
  });

  it('gains scale the drives and a lesioned pathway leaves its target at its prior', () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(2, 6, 5);
    h.recognize(x);
    const m = h.area('middle').state!;
    h.setGain('top', 'middle', 2);
    h.lesion('middle', 'sensory');
    const got = h.predictionsFrom();
    const prior = tf.tile(tf.expandDims(tf.sigmoid(h.area('sensory').priorBias!), 0), [2, 1]);
    expectClose(values(got.get('sensory')!), values(prior), 1e-6);
    const doubled = tf.tanh(
      tf.add(
        tf.mul(2, tf.matMul(h.area('top').state!, generativeMapOf(h, h.area('top')).weight)),
        h.area('middle').priorBias!,
      ),
    );
    expectClose(values(got.get('middle')!), values(doubled), 1e-5);
    expect(m.isDisposed).toBe(false);
    tf.dispose([x, prior, doubled, ...got.values()]);
    h.dispose();
  });

  it('a deterministic area predicts from its own prediction of the sources it joins', () => {
    const h = buildHierarchy({
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
      seed: 11,
    });
    const what = tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ]);
    const how = tf.tensor2d([
      [0.3, -1.2],
      [1.5, 0.4],
    ]);
    const map = (from: string, to: string) => h.pathway(from, to).map;
    const joint = tf.relu(
      tf.add(
        tf.add(applyMap(map('what', 'joint'), what), applyMap(map('how', 'joint'), how)),
        h.area('joint').priorBias!,
      ),
    ) as tf.Tensor2D;
    const image = tf.sigmoid(
      tf.add(applyMap(map('joint', 'image'), joint), h.area('image').priorBias!),
    );
    // No area has a state yet: the given roots are all the predictions need.
    const got = h.predictionsFrom(
      new Map([
        ['what', what],
        ['how', how],
      ]),
    );
    expect([...got.keys()].sort()).toEqual(['image', 'joint']);
    expectClose(values(got.get('joint')!), values(joint), 1e-5);
    expectClose(values(got.get('image')!), values(image), 1e-5);
    expect(what.isDisposed || how.isDisposed).toBe(false);
    tf.dispose([what, how, joint, image, ...got.values()]);
    h.dispose();
  });

  it('changes nothing: no tick, the same states, no tensor left behind', () => {
    const h = buildHierarchy(smallSpec());
    const x = binaryInput(4, 6, 6);
    h.recognize(x);
    const tick = h.clock.tick;
    const states = h.areas.map((a) => values(a.state!));
    const ticks: number[] = [];
    const watch = h.phase$.subscribe((e) => ticks.push(e.tick));
    const before = tf.memory().numTensors;
    const got = h.predictionsFrom(new Map([['top', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]]));
    expect(tf.memory().numTensors).toBe(before + got.size);
    tf.dispose([...got.values()]);
    expect(tf.memory().numTensors).toBe(before);
    expect(h.clock.tick).toBe(tick);
    expect(ticks).toEqual([]);
    expect(h.areas.map((a) => values(a.state!))).toEqual(states);
    watch.unsubscribe();
    x.dispose();
    h.dispose();
  });

  it('refuses states it cannot predict from, with a clear error', () => {
    const h = buildHierarchy(smallSpec());
    const refused = (f: () => unknown, message: RegExp) => {
      let caught: unknown;
      try {
        f();
      } catch (error) {
        caught = error;
      }
      expect(isNeocortexError(caught, 'OPTION_INVALID')).toBe(true);
      expect((caught as Error).message).toMatch(message);
    };
    // Nothing recognized yet: the middle area has no state to predict the sensory area from.
    refused(() => h.predictionsFrom(new Map([['top', [[1, 2, 3]]]])), /middle holds no state/);
    refused(() => h.predictionsFrom(), /run recognize or settle first/);
    const x = binaryInput(2, 6, 7);
    h.recognize(x);
    refused(
      () => h.predictionsFrom(new Map([['top', [[1, 2, 3]]]])),
      /middle holds 2 row\(s\), not 1/,
    );
    refused(
      () =>
        h.predictionsFrom(
          new Map<string, InputLike>([
            ['top', [[1, 2, 3]]],
            ['middle', new Float32Array(10)],
          ]),
        ),
      /different numbers of rows \(1, 2\)/,
    );
    expect(() => h.predictionsFrom(new Map([['nowhere', [[1]]]]))).toThrow(/no area "nowhere"/);
    x.dispose();
    h.dispose();
  });
});
