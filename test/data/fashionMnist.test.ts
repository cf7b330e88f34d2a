import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DataError,
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_DIRS,
  findFashionMnist,
  loadFashionMnist,
} from '../../src/data/index.ts';
import { makeTempDir, removeDir, writeIdxDataset } from './idxFixtures.ts';

let root: string;
let complete: string;
let incomplete: string;
let empty: string;

beforeAll(async () => {
  root = await makeTempDir('neocortex-fashion-');
  complete = join(root, 'complete');
  incomplete = join(root, 'incomplete');
  empty = join(root, 'empty');
  await Promise.all([mkdir(complete), mkdir(incomplete), mkdir(empty)]);
  await writeIdxDataset(complete, { gzip: true, trainCount: 20, testCount: 10 });
  await writeIdxDataset(incomplete, { gzip: true, omit: ['t10k-images'] });
});
afterAll(async () => {
  await removeDir(root);
});

describe('Fashion-MNIST discovery', () => {
  it('searches the Debian package folder by default', () => {
    expect(FASHION_MNIST_DIRS).toEqual(['/usr/share/datasets/fashion-mnist']);
  });

  it('returns the first folder holding all four files', () => {
    const missing = join(root, 'missing');
    expect(findFashionMnist([missing, empty, incomplete, complete])).toBe(complete);
    expect(findFashionMnist([missing, empty, incomplete])).toBeUndefined();
  });

  it('loads what it finds with the ten class names', async () => {
    const split = await loadFashionMnist({ searchDirs: [empty, complete] });
    expect(split.name).toBe('fashion-mnist');
    expect(split.train.count).toBe(20);
    expect(split.test.count).toBe(10);
    expect(split.train.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    expect(split.train.classNames).toHaveLength(10);
    expect(split.train.classNames[0]).toBe('T-shirt/top');
    expect(split.train.classNames[9]).toBe('Ankle boot');
    expect(split.source).toBe(complete);
  });

  it('says how to get the data when it is not found', async () => {
    const error = await loadFashionMnist({ searchDirs: [empty, incomplete] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    const { message } = error as DataError;
    expect(message).toContain('apt-get install dataset-fashion-mnist');
    expect(message).toContain('--data-dir');
    expect(message).toContain(empty);
  });

  it('insists on 28x28 images', async () => {
    const large = join(root, 'large');
    await mkdir(large);
    await writeIdxDataset(large, { gzip: true, height: 32, width: 32 });
    const error = await loadFashionMnist({ searchDirs: [large] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).problem).toContain('images are 32x32, expected 28x28');
  });
});
