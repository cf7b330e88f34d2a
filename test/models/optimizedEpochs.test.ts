/**
 * runOptimizedEpochs, the one wrapper of the epoch loop every trainer uses: each epoch's record
 * (its number, the model's figures, its timing, in that order), the optimizer handed to the
 * step, checkpoints that carry the optimizer's state (a resumed run ends where an uninterrupted
 * one does, to the bit), and the optimizer disposed however the run ends, after `release`.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { createAdam } from '../../src/models/adam.ts';
import { NonFiniteLossError } from '../../src/models/epochLoop.ts';
import { runOptimizedEpochs } from '../../src/models/optimizedEpochs.ts';
import { useTempDir } from '../helpers/tempDir.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const tmp = useTempDir('optimized-epochs');
/** Eight items, each a target of four values the weights are pulled towards. */
const targets = Float32Array.from({ length: 8 * 4 }, (_, i) => ((i * 5) % 7) - 3);

interface FitMetrics {
  epoch: number;
  trainError: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Fit `w` to the batch's mean target by Adam; a loss of `poison` at `poisonEpoch`. */
async function fit(
  w: tf.Variable,
  epochs: number,
  extra: { checkpoint?: { path: string; config: Record<string, unknown>; resume?: boolean } } = {},
  optimizer: tf.AdamOptimizer = createAdam(0.1),
) {
  const seen: tf.Optimizer[] = [];
  const result = await runOptimizedEpochs<FitMetrics, tf.AdamOptimizer>({
    epochs,
    seed: 5,
    batchSize: 3,
    count: 8,
    kind: 'fit',
    spec: { size: 4 },
    optimizer,
    variables: [w],
    checkpoint: extra.checkpoint,
    step: (positions, _rng, stepOptimizer) => {
      seen.push(stepOptimizer);
      const target = tf.tensor2d(
        Array.from(positions).flatMap((p) => Array.from(targets.subarray(p * 4, p * 4 + 4))),
        [positions.length, 4],
      );
      const cost = stepOptimizer.minimize(
        () => tf.mean(tf.square(tf.sub(target, w))) as tf.Scalar,
        true,
        [w],
      );
      const loss = cost!.dataSync()[0]!;
      tf.dispose([cost!, target]);
      return { loss };
    },
    figures: (t) => ({ trainError: t.meanLoss }),
  });
  return { result, seen };
}

describe('runOptimizedEpochs', () => {
  it('records each epoch as its number, the figures, then its timing, and steps with the run’s optimizer', async () => {
    const w = tf.variable(tf.zeros([4]));
    const optimizer = createAdam(0.1);
    const { result, seen } = await fit(w, 2, {}, optimizer);
    expect(result.epochs.map((e) => Object.keys(e))).toEqual([
      ['epoch', 'trainError', 'seconds', 'samplesPerSecond'],
      ['epoch', 'trainError', 'seconds', 'samplesPerSecond'],
    ]);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(result.epochs[1]!.trainError).toBeLessThan(result.epochs[0]!.trainError);
    // Three batches an epoch (3 + 3 + 2 items), every one stepped by the optimizer given.
    expect(seen).toHaveLength(6);
    expect(seen.every((o) => o === optimizer)).toBe(true);
    w.dispose();
  });

  it('checkpoints the optimizer’s state: a resumed run ends where an uninterrupted one does', async () => {
    const whole = tf.variable(tf.zeros([4]));
    await fit(whole, 3);
    const path = join(tmp.path, 'fit.bin');
    const config = { size: 4 };
    const first = tf.variable(tf.zeros([4]));
    await fit(first, 1, { checkpoint: { path, config } });
    const resumed = tf.variable(tf.fill([4], 9));
    const { result } = await fit(resumed, 3, { checkpoint: { path, config, resume: true } });
    expect(result.startEpoch).toBe(2);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(Array.from(resumed.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([whole, first, resumed]);
  });

  it('disposes the optimizer after release when the run ends, and when a loss turns NaN', async () => {
    const order: string[] = [];
    const run = async (loss: number) => {
      const optimizer = createAdam(0.1);
      const dispose = vi.spyOn(optimizer, 'dispose').mockImplementation(() => {
        order.push('optimizer');
      });
      const outcome = runOptimizedEpochs<FitMetrics, tf.AdamOptimizer>({
        epochs: 1,
        seed: 1,
        batchSize: 4,
        count: 4,
        kind: 'fit',
        spec: {},
        optimizer,
        variables: [],
        step: () => ({ loss }),
        figures: (t) => ({ trainError: t.meanLoss }),
        release: () => {
          order.push('release');
          return Promise.resolve();
        },
      });
      await outcome.catch(() => undefined);
      dispose.mockRestore();
      optimizer.dispose();
      return outcome;
    };
    await expect(run(1)).resolves.toMatchObject({ epochs: [{ epoch: 1, trainError: 1 }] });
    await expect(run(Number.NaN)).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(order).toEqual(['release', 'optimizer', 'release', 'optimizer']);
  });

  it('disposes the optimizer even when release fails', async () => {
    const optimizer = createAdam(0.1);
    const dispose = vi.spyOn(optimizer, 'dispose');
    await expect(
      runOptimizedEpochs<FitMetrics, tf.AdamOptimizer>({
        epochs: 1,
        seed: 1,
        batchSize: 2,
        count: 2,
        kind: 'fit',
        spec: {},
        optimizer,
        variables: [],
        step: () => ({ loss: 0 }),
        figures: (t) => ({ trainError: t.meanLoss }),
        release: () => Promise.reject(new Error('threads would not stop')),
      }),
    ).rejects.toThrow('threads would not stop');
    expect(dispose).toHaveBeenCalledOnce();
  });
});
