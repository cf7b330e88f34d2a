/**
 * pcgen's backprop step: the same settle, then the autodiff gradient of the free energy at the
 * settled states. With the states held, that gradient is what each pathway's local rule
 * computes, so one SGD step of each from the same weights lands on the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { PcGen } from '../../../src/models/pcgen/index.ts';
import { pcgenStep } from '../../../src/models/trainingStep.ts';
import { expectClose } from '../../helpers/expectClose.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const spec = { inputSize: 12, latentSizes: [6, 3], inferenceSteps: 8, inferenceRate: 0.1 };
const pixels = Float32Array.from({ length: 5 * 12 }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));

const weights = (m: PcGen) => m.variables().map((v) => Array.from(v.dataSync()));

describe('PcGen.backpropStep', () => {
  it('moves every weight as the local rule does (one SGD step from the same weights)', () => {
    const local = new PcGen(spec, 4);
    const backprop = new PcGen(spec, 4);
    const start = weights(local);
    const [sgdA, sgdB] = [tf.train.sgd(0.5), tf.train.sgd(0.5)];
    const a = pcgenStep(local, sgdA, pixels, 'local');
    const b = pcgenStep(backprop, sgdB, pixels, 'backprop');
    expect(b.freeEnergy).toBeCloseTo(a.freeEnergy, 4);
    const after = weights(backprop);
    // It learnt something: the weights moved.
    expect(after.some((w, i) => w.some((v, j) => Math.abs(v - start[i]![j]!) > 1e-4))).toBe(true);
    weights(local).forEach((w, i) => expectClose(after[i]!, w, 1e-4));
    [local, backprop, sgdA, sgdB].forEach((d) => d.dispose());
  });

  it('with Adam, three steps of each rule from the same weights stay together', () => {
    // Adam keeps its state by position; each rule must present its variables in one order.
    const adam = { ...spec, optimizer: { name: 'adam' as const, learningRate: 0.01 } };
    const local = new PcGen(adam, 6);
    const backprop = new PcGen(adam, 6);
    const [adamA, adamB] = [local.createOptimizer(), backprop.createOptimizer()];
    for (let i = 0; i < 3; i++) {
      pcgenStep(local, adamA, pixels, 'local');
      pcgenStep(backprop, adamB, pixels, 'backprop');
    }
    const after = weights(backprop);
    weights(local).forEach((w, i) => expectClose(after[i]!, w, 1e-3));
    [local, backprop, adamA, adamB].forEach((d) => d.dispose());
  });

  it('leaves no tensor behind', () => {
    const model = new PcGen(spec, 1);
    const sgd = tf.train.sgd(0.1);
    const x = tf.tensor2d(pixels, [5, 12]);
    model.backpropStep(x, sgd);
    const before = tf.memory().numTensors;
    model.backpropStep(x, sgd);
    expect(tf.memory().numTensors).toBe(before);
    [model, sgd, x].forEach((d) => d.dispose());
  });
});
