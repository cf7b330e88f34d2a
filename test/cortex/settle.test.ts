import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { buildHierarchy, type Hierarchy } from '../../src/cortex/index.ts';
import { binaryInput, expectClose, smallSpec, generativeMapOf } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The free energy of the small hierarchy written out by hand:
 * F = BCE(x; pb0 + m·Gm) + ½·Πm·‖m − tanh(pbm + t·Gt)‖² + ½·‖t‖², averaged over the batch.
 */
function handFreeEnergy(h: Hierarchy, x: tf.Tensor2D, m: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  const sensory = h.area('sensory');
  const middle = h.area('middle');
  const top = h.area('top');
  const u0 = tf.add(tf.matMul(m, generativeMapOf(h, middle).weight), sensory.priorBias!);
  const bce = tf.sum(tf.sub(tf.softplus(u0), tf.mul(x, u0)), 1);
  const mu = tf.tanh(tf.add(tf.matMul(t, generativeMapOf(h, top).weight), middle.priorBias!));
  const middleTerm = tf.mul(
    0.5 * (middle.spec.precision as number),
    tf.sum(tf.square(tf.sub(m, mu)), 1),
  );
  const topTerm = tf.mul(0.5, tf.sum(tf.square(t), 1));
  return tf.mean(tf.add(tf.add(bce, middleTerm), topTerm));
}

function randomizeBiases(h: Hierarchy): void {
  h.area('sensory').priorBias!.assign(tf.randomNormal([6], 0, 0.5, 'float32', 21));
  h.area('middle').priorBias!.assign(tf.randomNormal([5], 0, 0.5, 'float32', 22));
}

describe('settle: predictive-coding inference', () => {
  it('starts from the recognition guess, and its free energy is the hand-written one', () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(4, 6, 3);
    h.recognize(x);
    const m = h.area('middle').state!.clone();
    const t = h.area('top').state!.clone();
    const expected = handFreeEnergy(h, x, m, t).dataSync()[0]!;
    const { freeEnergy } = h.settle(x, { iterations: 1 });
    expect(freeEnergy[0]).toBeCloseTo(expected, 4);
    expect(h.freeEnergy()).toBeLessThan(expected);
    h.dispose();
  });

  it("energyByArea splits each iteration's free energy into the hand-written area terms", () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(4, 6, 5);
    h.recognize(x);
    const m = h.area('middle').state!.clone();
    const t = h.area('top').state!.clone();
    const sensory = h.area('sensory');
    const middle = h.area('middle');
    const u0 = tf.add(tf.matMul(m, generativeMapOf(h, middle).weight), sensory.priorBias!);
    const bce = tf.mean(tf.sum(tf.sub(tf.softplus(u0), tf.mul(x, u0)), 1)).dataSync()[0]!;
    const top = tf.mean(tf.mul(0.5, tf.sum(tf.square(t), 1))).dataSync()[0]!;
    const total = handFreeEnergy(h, x, m, t).dataSync()[0]!;
    const result = h.settle(x, { iterations: 5, energyByArea: true });
    const byArea = result.areaEnergy!;
    expect(Object.keys(byArea)).toEqual(['sensory', 'middle', 'top']);
    expect(byArea.sensory![0]).toBeCloseTo(bce, 4);
    expect(byArea.top![0]).toBeCloseTo(top, 4);
    expect(byArea.middle![0]).toBeCloseTo(total - bce - top, 4);
    for (let i = 0; i < 5; i++) {
      const sum = byArea.sensory![i]! + byArea.middle![i]! + byArea.top![i]!;
      expect(sum).toBeCloseTo(result.freeEnergy[i]!, 4);
    }
    expect(h.settle(x, { iterations: 2 }).areaEnergy).toBeUndefined();
    const now = h.areaEnergies();
    expect(now.sensory! + now.middle! + now.top!).toBeCloseTo(h.freeEnergy(), 4);
    const next = h.settle(x, { iterations: 1, continueFrom: 'current', energyByArea: true });
    for (const name of ['sensory', 'middle', 'top']) {
      expect(next.areaEnergy![name]![0]).toBeCloseTo(now[name]!, 4);
    }
    h.dispose();
  });

  it("continueFrom 'prior' starts from no guess: every area but the input at its prior mean", () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(3, 6, 8);
    const { freeEnergy } = h.settle(x, { iterations: 1, stepSize: 1e-9, continueFrom: 'prior' });
    const zeros = (n: number) => tf.zeros<tf.Rank.R2>([3, n]);
    expect(freeEnergy[0]).toBeCloseTo(handFreeEnergy(h, x, zeros(5), zeros(3)).dataSync()[0]!, 4);
    const later = h.settle(x, { iterations: 30, continueFrom: 'prior' }).freeEnergy;
    expect(later.at(-1)!).toBeLessThan(later[0]!);
    h.dispose();
  });

  it('each iteration is one step down the exact free-energy gradient (checked by autodiff)', () => {
    const h = buildHierarchy(smallSpec());
    randomizeBiases(h);
    const x = binaryInput(3, 6, 8);
    const stepSize = 0.05;
    h.recognize(x);
    const m = h.area('middle').state!.clone();
    const t = h.area('top').state!.clone();
    const gradF = tf.grads((mm: tf.Tensor, tt: tf.Tensor) =>
      // The hand F is a batch mean; settle steps each sample on its own F, so scale back up.
      tf.mul(handFreeEnergy(h, x, mm as tf.Tensor2D, tt as tf.Tensor2D), 3),
    );
    const [gm, gt] = gradF([m, t]);
    h.settle(x, { iterations: 1, stepSize });
    expectClose(h.readState('middle'), tf.sub(m, tf.mul(gm!, stepSize)).dataSync(), 1e-4);
    expectClose(h.readState('top'), tf.sub(t, tf.mul(gt!, stepSize)).dataSync(), 1e-4);
    h.dispose();
  });

  it('free energy falls monotonically for a small enough step, on the default hierarchy', () => {
    const h = buildHierarchy(smallSpec(11));
    randomizeBiases(h);
    const x = binaryInput(8, 6, 5);
    const { freeEnergy } = h.settle(x, { iterations: 60, stepSize: 0.05 });
    for (let i = 1; i < freeEnergy.length; i++) {
      expect(freeEnergy[i]!).toBeLessThanOrEqual(freeEnergy[i - 1]!);
    }
    expect(freeEnergy.at(-1)!).toBeLessThan(freeEnergy[0]! - 0.01);
    h.dispose();
  });

  it("with far too large steps, no image's free energy ever rises (per-image backtracking)", () => {
    for (const stepSize of [5, 50]) {
      const h = buildHierarchy(smallSpec(11));
      randomizeBiases(h);
      const x = binaryInput(8, 6, 5);
      const { freeEnergy, freeEnergyPerImage } = h.settle(x, { iterations: 20, stepSize });
      expect(freeEnergyPerImage).toHaveLength(20);
      for (let i = 1; i < freeEnergyPerImage.length; i++) {
        freeEnergyPerImage[i]!.forEach((f, image) => {
          expect(f).toBeLessThanOrEqual(freeEnergyPerImage[i - 1]![image]!);
        });
      }
      // The mean is the mean of the images; and the descent does get somewhere.
      const mean = freeEnergyPerImage[0]!.reduce((a, b) => a + b, 0) / 8;
      expect(freeEnergy[0]).toBeCloseTo(mean, 4);
      expect(freeEnergy.at(-1)!).toBeLessThan(freeEnergy[0]! - 0.01);
      h.dispose();
    }
  });

  it("continuing one iteration at a time keeps each image's step: the same trace as one settle", () => {
    const x = binaryInput(4, 6, 9);
    const whole = buildHierarchy(smallSpec(6));
    randomizeBiases(whole);
    const once = whole.settle(x, { iterations: 12, stepSize: 5 }).freeEnergyPerImage;
    const stepwise = buildHierarchy(smallSpec(6));
    randomizeBiases(stepwise);
    const trace = stepwise.settle(x, { iterations: 1, stepSize: 5 }).freeEnergyPerImage;
    for (let i = 1; i < 12; i++) {
      const next = stepwise.settle(x, { iterations: 1, stepSize: 5, continueFrom: 'current' });
      trace.push(...next.freeEnergyPerImage);
    }
    expect(trace).toEqual(once);
    for (let i = 1; i < once.length; i++) {
      once[i]!.forEach((f, image) => expect(f).toBeLessThanOrEqual(once[i - 1]![image]!));
    }
    expect(stepwise.readState('top')).toEqual(whole.readState('top'));
    // A fresh settle starts again from recognition with the caller's step.
    const again = stepwise.settle(x, { iterations: 12, stepSize: 5 }).freeEnergyPerImage;
    expect(again).toEqual(once);
    whole.dispose();
    stepwise.dispose();
  });

  it('holds tf.memory() flat over many continued settle ticks with backtracking', () => {
    const h = buildHierarchy(smallSpec(3));
    randomizeBiases(h);
    const x = binaryInput(4, 6, 2);
    const first = h.settle(x, { iterations: 1, stepSize: 50 }).freeEnergyPerImage[0]!;
    const before = tf.memory();
    let last = first;
    for (let i = 0; i < 500; i++) {
      const [now] = h.settle(x, {
        iterations: 1,
        stepSize: 50,
        continueFrom: 'current',
      }).freeEnergyPerImage;
      now!.forEach((f, image) => expect(f).toBeLessThanOrEqual(last[image]!));
      last = now!;
    }
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    h.dispose();
  });

  it('continuing N times by one iteration is one settle of N iterations', () => {
    const x = binaryInput(4, 6, 9);
    const watch = (h: Hierarchy) => {
      const iterations: number[] = [];
      const sub = h.tick$.subscribe((t) => {
        if (t.mode === 'settle') iterations.push(t.iteration);
      });
      return { iterations, stop: () => sub.unsubscribe() };
    };
    const whole = buildHierarchy(smallSpec(6));
    randomizeBiases(whole);
    const seenWhole = watch(whole);
    const once = whole.settle(x, { iterations: 6, stepSize: 0.05 }).freeEnergy;
    seenWhole.stop();

    const stepwise = buildHierarchy(smallSpec(6));
    randomizeBiases(stepwise);
    const seenSteps = watch(stepwise);
    const trace = stepwise.settle(x, { iterations: 1, stepSize: 0.05 }).freeEnergy;
    for (let i = 1; i < 6; i++) {
      trace.push(
        ...stepwise.settle(x, { iterations: 1, stepSize: 0.05, continueFrom: 'current' })
          .freeEnergy,
      );
    }
    seenSteps.stop();
    expect(trace).toEqual(once);
    expect(once.at(-1)!).toBeLessThan(once[0]!);
    expect(seenSteps.iterations).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seenSteps.iterations).toEqual(seenWhole.iterations);
    expect(stepwise.readState('top')).toEqual(whole.readState('top'));
    expect(stepwise.readState('middle')).toEqual(whole.readState('middle'));
    // A fresh settle starts again from a recognition sweep, at iteration 1.
    expect(stepwise.settle(x, { iterations: 1, stepSize: 0.05 }).freeEnergy).toEqual([once[0]]);
    whole.dispose();
    stepwise.dispose();
  });

  it('continuing on another input keeps the free areas and holds the new input', () => {
    const h = buildHierarchy(smallSpec(7));
    randomizeBiases(h);
    const x = binaryInput(3, 6, 4);
    const y = binaryInput(3, 6, 5);
    h.settle(x, { iterations: 3, stepSize: 0.05 });
    const m = h.area('middle').state!.clone();
    const t = h.area('top').state!.clone();
    const expected = handFreeEnergy(h, y, m, t).dataSync()[0]!;
    const { freeEnergy } = h.settle(y, { iterations: 1, continueFrom: 'current' });
    expect(freeEnergy[0]).toBeCloseTo(expected, 4);
    expect(handFreeEnergy(h, x, m, t).dataSync()[0]!).not.toBeCloseTo(expected, 2);
    tf.dispose([m, t, x, y]);
    h.dispose();
  });

  it('refuses to continue without states for as many inputs', () => {
    const h = buildHierarchy(smallSpec());
    const x = binaryInput(2, 6, 1);
    expect(() => h.settle(x, { iterations: 1, continueFrom: 'current' })).toThrow(
      /continueFrom 'current' needs every area to hold a state for 2 input/,
    );
    h.settle(binaryInput(3, 6, 2), { iterations: 1 });
    expect(() => h.settle(x, { iterations: 1, continueFrom: 'current' })).toThrow(/sensory/);
    h.dispose();
  });

  it('gives the same numbers for the same seed', () => {
    const run = (): number[] => {
      const h = buildHierarchy(smallSpec(4));
      const result = h.settle(binaryInput(2, 6, 1), { iterations: 5 }).freeEnergy;
      h.dispose();
      return result;
    };
    expect(run()).toEqual(run());
  });
});
