import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import type { ImageSet } from '../../../src/data/index.ts';
import { PcVae } from '../../../src/models/pcvae/index.ts';
import { SsVae, trainSsVae } from '../../../src/models/ssvae/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const spec = { inputSize: 16, classes: 2, latentSize: 3, hiddenSize: 8, classHiddenSize: 8 };

function tinySet(count: number): ImageSet {
  const images = Float32Array.from({ length: count * 16 }, (_, i) => ((i * 7) % 11) / 10);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 2);
  return { name: 'tiny', images, labels, count, height: 4, width: 4, classNames: ['a', 'b'] };
}

describe('an ssvae on a lower hierarchy trained elsewhere', () => {
  it('copies the lower weights, so both score the same -ELBO', () => {
    const source = new PcVae({ inputSize: 16, latentSizes: [3], hiddenSizes: [8] }, 11);
    const model = new SsVae(spec, 2);
    const x = tf.tensor2d(tinySet(4).images, [4, 16]);
    const before = model.lower.negElboPerSample(x, 5).arraySync();
    const target = source.negElboPerSample(x, 5).arraySync();
    expect(before).not.toEqual(target);
    model.copyLowerFrom(source);
    const after = model.lower.negElboPerSample(x, 5).arraySync();
    after.forEach((value, i) => expect(value).toBeCloseTo(target[i]!, 5));
    tf.dispose(x);
    source.dispose();
    model.dispose();
  });

  it('refuses a lower hierarchy of another shape', () => {
    const source = new PcVae({ inputSize: 16, latentSizes: [4], hiddenSizes: [8] }, 11);
    const model = new SsVae(spec, 2);
    expect(() => model.copyLowerFrom(source)).toThrow(/does not match/);
    source.dispose();
    model.dispose();
  });

  it('with epochs 0 trains only the class area and keeps the lower weights', async () => {
    const source = new PcVae({ inputSize: 16, latentSizes: [3], hiddenSizes: [8] }, 11);
    const model = new SsVae(spec, 2);
    model.copyLowerFrom(source);
    const lowerBefore = model.lower.variables().map((v) => v.dataSync().slice());
    const classBefore = model.classArea.variables().map((v) => v.dataSync().slice());
    const result = await trainSsVae(model, tinySet(32), {
      epochs: 0,
      classEpochs: 1,
      seed: 1,
      batchSize: 16,
      labelled: Int32Array.from([0, 1, 2, 3]),
    });
    expect(result.lower).toHaveLength(0);
    expect(result.classArea).toHaveLength(1);
    model.lower.variables().forEach((v, i) => expect(v.dataSync()).toEqual(lowerBefore[i]));
    const moved = model.classArea
      .variables()
      .some((v, i) => v.dataSync().some((value, k) => value !== classBefore[i]![k]));
    expect(moved).toBe(true);
    source.dispose();
    model.dispose();
  });
});
