/** mapPosterior applies one map to every area's mean and log-variance; disposePosterior frees them. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { disposePosterior, mapPosterior } from '../../src/cortex/index.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('posterior helpers', () => {
  it('map every area’s mean and log-variance alike, keeping the areas, and free them all', () => {
    const before = tf.memory().numTensors;
    const posterior = new Map([
      ['z1', { mean: tf.tensor2d([[1, 2]]), logVar: tf.tensor2d([[-1, -2]]) }],
      ['z2', { mean: tf.tensor2d([[3]]), logVar: tf.tensor2d([[-3]]) }],
    ]);
    const tiled = mapPosterior(posterior, (t) => tf.tile(t, [2, 1]));
    expect([...tiled.keys()]).toEqual(['z1', 'z2']);
    expect(tiled.get('z1')!.mean.arraySync()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(tiled.get('z1')!.logVar.arraySync()).toEqual([
      [-1, -2],
      [-1, -2],
    ]);
    expect(tiled.get('z2')!.logVar.arraySync()).toEqual([[-3], [-3]]);
    expect(tf.memory().numTensors).toBe(before + 8);
    disposePosterior(tiled);
    disposePosterior(posterior);
    expect(tf.memory().numTensors).toBe(before);
  });
});
