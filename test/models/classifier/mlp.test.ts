import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import {
  MlpClassifier,
  recognitionVariables,
  softmaxCrossEntropy,
} from '../../../src/models/classifier/index.ts';
import { expectClose, gradientsOf } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function smallMlp(): MlpClassifier {
  const model = new MlpClassifier({ inputSize: 6, hiddenSizes: [5, 4], classes: 3, seed: 2 });
  // Non-zero biases, so the checks cover them.
  model.hierarchy.areas.forEach((area, i) => {
    const bias = area.recognitionBias;
    bias?.assign(tf.randomUniform([bias.shape[0]], -0.5, 0.5, 'float32', 10 + i));
  });
  return model;
}

describe('MLP classifier', () => {
  it('is a cortex hierarchy with feedforward pathways only', () => {
    const model = new MlpClassifier({ seed: 1 });
    const h = model.hierarchy;
    expect(h.areas.map((a) => [a.name, a.size, a.spec.activation])).toEqual([
      ['sensory', 784, 'linear'],
      ['h1', 512, 'relu'],
      ['h2', 512, 'relu'],
      ['class', 10, 'linear'],
    ]);
    expect(h.pathways.map((p) => `${p.kind}:${p.id}`)).toEqual([
      'feedforward:sensory->h1',
      'feedforward:h1->h2',
      'feedforward:h2->class',
    ]);
    expect(h.pathwaysOfKind('feedback')).toEqual([]);
    model.dispose();
  });

  it('trains only the recognition side: maps and biases, no generative maps or priors', () => {
    const model = smallMlp();
    const areas = model.hierarchy.areas;
    const h = model.hierarchy;
    const expected = areas
      .slice(1)
      .flatMap((a) => [h.pathway(areas[a.index - 1]!.name, a.name).map.weight, a.recognitionBias!]);
    expect(model.trainableVariables()).toEqual(expected);
    expect(recognitionVariables(model.hierarchy)).toEqual(expected);
    // A purely feedforward hierarchy has no generative side at all: no predictive pathways, no priors.
    expect(h.predictivePathways).toEqual([]);
    expect(areas.every((a) => a.priorBias === undefined)).toBe(true);
    expect(h.variables()).toEqual(expected);
    model.dispose();
  });

  it('its logits and their gradients equal the direct math (matMul, bias, relu)', () => {
    const model = smallMlp();
    const [w1, b1, w2, b2, w3, b3] = model.trainableVariables() as [
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
    ];
    const direct = (x: tf.Tensor2D): tf.Tensor2D =>
      tf.tidy(() => {
        const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
        const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
        return tf.add(tf.matMul(h2, w3), b3);
      });
    const x = tf.randomUniform<tf.Rank.R2>([4, 6], 0, 1, 'float32', 3);
    const labels = tf.tensor1d([0, 2, 1, 2], 'int32');
    expectClose(model.logits(x).dataSync(), direct(x).dataSync());

    const variables = model.trainableVariables();
    const loss = (f: (x: tf.Tensor2D) => tf.Tensor2D) => () =>
      tf.mean(softmaxCrossEntropy(f(x), labels)) as tf.Scalar;
    const viaCortex = gradientsOf(
      loss((input) => model.logits(input)),
      variables,
    );
    const viaDirect = gradientsOf(loss(direct), variables);
    viaCortex.forEach((g, i) => expectClose(g, viaDirect[i]!));
    expect(viaDirect.some((g) => g.some((v) => v !== 0))).toBe(true);
    model.dispose();
  });

  it('hands the caller logits it owns: disposing them leaves the cortex working', () => {
    const model = smallMlp();
    const x = tf.randomUniform<tf.Rank.R2>([2, 6], 0, 1, 'float32', 3);
    const first = model.logits(x);
    const values = first.dataSync().slice();
    first.dispose();
    expect(model.logits(x).dataSync()).toEqual(values);
    model.dispose();
  });
});
