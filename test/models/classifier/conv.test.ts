import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  ConvClassifier,
  conv2dValid,
  softmaxCrossEntropy,
} from '../../../src/models/classifier/index.ts';
import { expectClose } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The convolution written out: every k×k patch as a row (im2col), times the filter. */
function convByPatches(x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [k, , , o] = filter.shape;
  const [ho, wo] = [h - k + 1, w - k + 1];
  const slices: tf.Tensor4D[] = [];
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) slices.push(tf.slice(x, [0, p, q, 0], [b, ho, wo, c]));
  }
  const patches = tf.reshape(tf.concat(slices, 3), [b * ho * wo, k * k * c]);
  return tf.reshape(tf.matMul(patches, tf.reshape(filter, [k * k * c, o])), [b, ho, wo, o]);
}

describe('conv2dValid', () => {
  it('the wasm backend lacks Conv2DBackpropFilter, which is why conv2dValid exists', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });

  it('its value and its input and filter gradients equal the patch-matrix math', () => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 7, 6, 3], 0, 1, 'float32', 1);
    const filter = tf.randomNormal<tf.Rank.R4>([3, 3, 3, 4], 0, 1, 'float32', 2);
    const weights = tf.randomNormal<tf.Rank.R4>([2, 5, 4, 4], 0, 1, 'float32', 3);
    expectClose(conv2dValid(x, filter).dataSync(), convByPatches(x, filter).dataSync(), 1e-4);

    const score =
      (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), weights));
    const [dx, dw] = tf.grads(score((a, b) => conv2dValid(a, b)))([x, filter]);
    const [dxDirect, dwDirect] = tf.grads(score(convByPatches))([x, filter]);
    expectClose(dx!.dataSync(), dxDirect!.dataSync(), 1e-4);
    expectClose(dw!.dataSync(), dwDirect!.dataSync(), 1e-4);

    // Without an input gradient, the filter gradient is the same.
    const onlyFilter = tf.grad((b) =>
      score((a, f) => conv2dValid(a, f, { inputGradient: false }))(x, b),
    )(filter);
    expectClose(onlyFilter.dataSync(), dwDirect!.dataSync(), 1e-4);
  });
});

describe('conv classifier', () => {
  const spec = {
    height: 12,
    width: 12,
    convChannels: [3, 4],
    kernelSize: 3,
    denseSizes: [5],
    classes: 3,
    seed: 7,
  };

  it('its logits and gradients equal the textbook math: maxPool(relu(conv + b)), dense, dense', () => {
    const model = new ConvClassifier(spec);
    const variables = model.trainableVariables();
    expect(variables.map((v) => v.shape)).toEqual([
      [3, 3, 1, 3],
      [3],
      [3, 3, 3, 4],
      [4],
      [4, 5], // 12 -conv3-> 10 -pool-> 5 -conv3-> 3 -pool-> 1: 1*1*4 features
      [5],
      [5, 3],
      [3],
    ]);
    const [f1, c1, f2, c2, w1, b1, w2, b2] = variables as [
      tf.Variable<tf.Rank.R4>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R4>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
    ];
    const textbook = (x: tf.Tensor2D): tf.Tensor2D => {
      const block = (h: tf.Tensor4D, f: tf.Tensor4D, c: tf.Tensor1D) =>
        tf.maxPool(tf.relu(tf.add<tf.Tensor4D>(convByPatches(h, f), c)), 2, 2, 'valid');
      const h1 = block(tf.reshape<tf.Rank.R4>(x, [-1, 12, 12, 1]), f1, c1);
      const h2 = block(h1, f2, c2);
      const flat = tf.reshape<tf.Rank.R2>(h2, [x.shape[0], -1]);
      return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(flat, w1), b1)), w2), b2);
    };
    // A negative bias makes whole pooling windows negative before the relu: the case
    // that wasm's MaxPoolGrad gets wrong if pooling came first.
    c1.assign(tf.tensor1d([-0.4, 0.1, -0.2]));
    const x = tf.randomUniform<tf.Rank.R2>([4, 144], 0, 1, 'float32', 8);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    expectClose(model.logits(x).dataSync(), textbook(x).dataSync(), 1e-4);

    const gradients = (f: (x: tf.Tensor2D) => tf.Tensor2D) => {
      const { grads } = tf.variableGrads(
        () => tf.mean(softmaxCrossEntropy(f(x), labels)) as tf.Scalar,
        variables,
      );
      return variables.map((v) => grads[v.name]!.dataSync());
    };
    const viaModel = gradients((input) => model.logits(input));
    const viaTextbook = gradients(textbook);
    viaModel.forEach((g, i) => expectClose(g, viaTextbook[i]!, 1e-4));
    model.dispose();
  });

  it('refuses images of the wrong size', () => {
    const model = new ConvClassifier(spec);
    expect(() => model.logits(tf.zeros([1, 784]))).toThrow(/12x12 = 144 pixels, got 784/);
    model.dispose();
  });
});
