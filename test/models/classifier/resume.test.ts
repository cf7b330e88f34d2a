import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.ts';
import { loadLetters, type ImageSet } from '../../../src/data/index.ts';
import { loadCheckpoint } from '../../../src/models/checkpoint.ts';
import { buildClassifier, trainClassifier } from '../../../src/models/classifier/index.ts';
import { useTempDir } from '../../helpers/tempDir.ts';

let train: ImageSet;
const tmp = useTempDir('classifier-resume');
const spec = { kind: 'mlp' as const, hiddenSizes: [32], classes: 5, seed: 3 };
const config = { ...spec, labels: 'all' };

beforeAll(async () => {
  await initBackend('wasm');
  train = loadLetters({ seed: 6, trainCount: 1024, testCount: 16 }).train;
});

const weightsOf = (model: ReturnType<typeof buildClassifier>): number[][] =>
  model.trainableVariables().map((v) => Array.from(v.dataSync()));

describe('classifier checkpoints', () => {
  it('resume gives the weights and history of an uninterrupted run, binarised batches included', async () => {
    const whole = buildClassifier(spec);
    const full = await trainClassifier(whole, train, { epochs: 3, seed: 2, binarize: true });

    const path = `${tmp.path}/mlp.bin`;
    const first = buildClassifier(spec);
    await trainClassifier(first, train, {
      epochs: 1,
      seed: 2,
      binarize: true,
      checkpoint: { path, config },
    });
    first.dispose();
    const resumed = buildClassifier({ ...spec, seed: 99 });
    const rest = await trainClassifier(resumed, train, {
      epochs: 3,
      seed: 2,
      binarize: true,
      checkpoint: { path, config, resume: true },
    });
    expect(rest.startEpoch).toBe(2);
    expect(rest.epochs.map((e) => e.trainLoss)).toEqual(full.epochs.map((e) => e.trainLoss));
    expect(weightsOf(resumed)).toEqual(weightsOf(whole));
    const { header } = await loadCheckpoint(path);
    expect(header.model).toBe('classifier');
    expect(header.epoch).toBe(3);
    whole.dispose();
    resumed.dispose();
  });

  it('refuses a checkpoint of another config', async () => {
    const path = `${tmp.path}/other.bin`;
    const model = buildClassifier(spec);
    await trainClassifier(model, train, { epochs: 1, seed: 2, checkpoint: { path, config } });
    await expect(
      trainClassifier(model, train, {
        epochs: 2,
        seed: 2,
        checkpoint: { path, config: { ...config, labels: 100 }, resume: true },
      }),
    ).rejects.toThrow(/another config.*labels/);
    model.dispose();
  });
});
