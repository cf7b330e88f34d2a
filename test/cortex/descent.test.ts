import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { descentStep, initialSteps } from '../../src/cortex/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('descentStep: one settle iteration with per-image backtracking', () => {
  it("accepts a step only where the image's energy does not rise, and halves the others", () => {
    // Image i has the energy ½·a_i·x², gradient a_i·x: with step 0.5, x moves to
    // (1 − 0.5·a_i)·x, which lowers the energy for a = 1 and raises it for a = 5.
    const a = tf.tensor2d([[1], [5]]);
    const energyAt = ([x]: tf.Tensor2D[]): tf.Tensor1D =>
      tf.sum<tf.Tensor1D>(tf.mul(0.5, tf.mul(a, tf.square(x!))), 1);
    const x = tf.tensor2d([[2], [2]]);
    const result = tf.tidy(() => {
      const out = descentStep({
        states: [x],
        gradients: [tf.mul(a, x)],
        energy: energyAt([x]),
        steps: initialSteps(2, 0.5),
        energyAt,
      });
      return {
        state: out.states[0]!.arraySync(),
        energy: out.energy.arraySync(),
        steps: out.steps.arraySync(),
        accepted: out.accepted.arraySync(),
      };
    });
    expect(result.state).toEqual([[1], [2]]);
    expect(result.energy).toEqual([0.5, 10]);
    expect(result.steps).toEqual([[0.5], [0.25]]);
    expect(result.accepted).toEqual([[1], [0]]);
    tf.dispose([a, x]);
  });

  it('refuses a step whose energy is not a number, and a step size that is not positive', () => {
    const x = tf.tensor2d([[1]]);
    const out = tf.tidy(() => {
      const r = descentStep({
        states: [x],
        gradients: [tf.tensor2d([[1]])],
        energy: tf.tensor1d([1]),
        steps: initialSteps(1, 1),
        energyAt: () => tf.tensor1d([Number.NaN]),
      });
      return [r.states[0]!.arraySync(), r.energy.arraySync(), r.steps.arraySync()];
    });
    expect(out).toEqual([[[1]], [1], [[0.5]]]);
    expect(() => initialSteps(1, 0)).toThrow(/stepSize must be a positive finite number, got 0/);
    expect(() => initialSteps(1, Number.POSITIVE_INFINITY)).toThrow(/stepSize/);
    x.dispose();
  });
});
