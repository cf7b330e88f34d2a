import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATASET_NAMES,
  FASHION_MNIST_CLASS_NAMES,
  isDatasetName,
  loadDataset,
} from '../../src/data/index.ts';
import type { DatasetName } from '../../src/data/index.ts';
import { makeTempDir, removeDir, writeIdxDataset } from './idxFixtures.ts';

let root: string;
let idxDir: string;

beforeAll(async () => {
  root = await makeTempDir('neocortex-load-');
  idxDir = join(root, 'idx');
  await mkdir(idxDir);
  await writeIdxDataset(idxDir, { gzip: true, trainCount: 15, testCount: 5 });
});
afterAll(async () => {
  await removeDir(root);
});

describe('loadDataset', () => {
  it('knows the three names', () => {
    expect(DATASET_NAMES).toEqual(['mnist', 'fashion-mnist', 'letters']);
    expect(isDatasetName('letters')).toBe(true);
    expect(isDatasetName('cifar')).toBe(false);
  });

  it('loads the embedded MNIST through the given cache folder', async () => {
    const split = await loadDataset('mnist', { cacheDir: join(root, 'cache') });
    expect(split.name).toBe('mnist');
    expect([split.train.count, split.test.count]).toEqual([7996, 2004]);
  });

  it('loads an IDX folder given as dataDir, with the data set class names', async () => {
    const fashion = await loadDataset('fashion-mnist', { dataDir: idxDir });
    expect(fashion.name).toBe('fashion-mnist');
    expect(fashion.train.count).toBe(15);
    expect(fashion.train.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    const mnist = await loadDataset('mnist', { dataDir: idxDir });
    expect(mnist.name).toBe('mnist');
    expect(mnist.test.count).toBe(5);
    expect(mnist.test.classNames[9]).toBe('9');
  });

  it('generates letters from the seed', async () => {
    const a = await loadDataset('letters', { seed: 5 });
    const b = await loadDataset('letters', { seed: 6 });
    expect(a.name).toBe('letters');
    expect([a.train.count, a.test.count]).toEqual([10_000, 2_000]);
    expect(a.train.classNames).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(a.source).toContain('seed 5');
    expect(b.source).toContain('seed 6');
    expect(a.train.images.subarray(0, 784)).not.toEqual(b.train.images.subarray(0, 784));
  });

  it('refuses a data folder for the synthetic letters', async () => {
    await expect(loadDataset('letters', { dataDir: idxDir })).rejects.toThrow(/synthetic/);
  });

  it('lists the valid names for an unknown one', async () => {
    await expect(loadDataset('cifar' as DatasetName)).rejects.toThrow(
      'unknown data set "cifar"; valid names: mnist, fashion-mnist, letters',
    );
  });
});
