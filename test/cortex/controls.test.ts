import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, type ActivitySnapshot } from '../../src/cortex/index.ts';
import { binaryInput, expectClose, smallSpec, generativeMapOf } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function sensoryPredictions(
  run: () => void,
  subscribe: (f: (s: ActivitySnapshot) => void) => { unsubscribe(): void },
): Float32Array[] {
  const seen: Float32Array[] = [];
  const subscription = subscribe((s) => {
    if (s.area === 'sensory' && s.kind === 'prediction') seen.push(s.values);
  });
  run();
  subscription.unsubscribe();
  return seen;
}

describe('lesion, gain and clamp between ticks', () => {
  it("lesioning the feedback pathways makes the input-level prediction the prior's", () => {
    const h = buildHierarchy(smallSpec());
    const sensory = h.area('sensory');
    sensory.priorBias!.assign(tf.linspace(-2, 2, 6));
    const prior = tf.sigmoid(sensory.priorBias!).dataSync();
    const x = binaryInput(1, 6, 2);
    const watch = (f: (s: ActivitySnapshot) => void) => h.activity$.subscribe(f);

    const intact = sensoryPredictions(() => h.settle(x, { iterations: 3 }), watch);
    expect(intact).toHaveLength(3);
    expect(() => expectClose(intact[0]!, prior)).toThrow();

    for (const p of h.pathwaysOfKind('feedback')) p.lesion();
    const lesioned = sensoryPredictions(() => h.settle(x, { iterations: 3 }), watch);
    for (const prediction of lesioned) expectClose(prediction, prior);
    // Generation from any top state now gives the prior's prediction too.
    expectClose(h.generate([[3, -3, 1]]).dataSync(), prior);
    expectClose(h.generate([[-1, 0, 2]]).dataSync(), prior);

    for (const p of h.pathwaysOfKind('feedback')) p.restore();
    expect(() => expectClose(h.generate([[3, -3, 1]]).dataSync(), prior)).toThrow();
    h.dispose();
  });

  it('with feedback lesioned, settling descends the energy that is left: states relax to their priors', () => {
    const h = buildHierarchy(smallSpec());
    const x = binaryInput(2, 6, 4);
    for (const p of h.pathwaysOfKind('feedback')) p.lesion();
    const { freeEnergy } = h.settle(x, { iterations: 40, stepSize: 0.1 });
    // No error travels up a loop that feedback no longer closes, so nothing runs away.
    for (let i = 1; i < freeEnergy.length; i++) {
      expect(freeEnergy[i]!).toBeLessThanOrEqual(freeEnergy[i - 1]! + 1e-5);
    }
    // The top area has a standard-normal prior and no error from below: it decays to 0.
    const top = h.readState('top');
    expect(Math.max(...Array.from(top, Math.abs))).toBeLessThan(0.1);
    h.dispose();
  });

  it('a gain scales the signal a pathway carries; gain 0 acts as a lesion', () => {
    const h = buildHierarchy(smallSpec());
    const middle = h.area('middle');
    middle.priorBias!.assign(tf.tensor1d([0.1, 0, -0.1, 0.2, 0]));
    const z = tf.tensor2d([[1, -0.5, 0.25]]);
    const drive = tf.matMul(z, generativeMapOf(h, h.area('top')).weight);
    const middleAfter = (gain: number): Float32Array => {
      h.setGain('top', 'middle', gain);
      h.generate(z);
      return h.readState('middle');
    };
    expectClose(middleAfter(2), tf.tanh(tf.add(tf.mul(drive, 2), middle.priorBias!)).dataSync());
    expectClose(middleAfter(0), tf.tanh(middle.priorBias!).dataSync());
    expect(() => h.setGain('top', 'middle', Number.NaN)).toThrow(/finite/);
    h.dispose();
  });

  it('a clamped area holds its state through recognition, generation and settling', () => {
    const h = buildHierarchy(smallSpec());
    const held = [0.5, -1, 2];
    h.clamp('top', held);
    expectClose(h.recognize(binaryInput(2, 6, 1)).dataSync(), [...held, ...held]);
    h.settle(binaryInput(2, 6, 1), { iterations: 5 });
    expectClose(h.readState('top'), [...held, ...held]);
    const generatedClamped = h.generate(undefined, { seed: 1 }).dataSync().slice();
    const generatedGiven = h.generate([held]).dataSync();
    expectClose(generatedClamped, generatedGiven);
    h.unclamp('top');
    expect(() => expectClose(h.recognize(binaryInput(1, 6, 1)).dataSync(), held)).toThrow();
    expect(() => h.clamp('top', [1, 2])).toThrow(/2 values is not a whole number of rows of 3/);
    h.dispose();
  });
});
