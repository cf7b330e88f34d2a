import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, loadIdxDataset, readIdxImages, readIdxLabels } from '../../src/data/index.ts';
import {
  cyclicLabels,
  idxImagesBytes,
  idxLabelsBytes,
  makeTempDir,
  patternByte,
  removeDir,
  writeIdxDataset,
} from './idxFixtures.ts';
import type { FixtureOptions } from './idxFixtures.ts';

let root: string;
let counter = 0;

beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await removeDir(root);
});

/** A new folder holding a fixture data set. */
async function fixture(options: FixtureOptions): Promise<string> {
  const dir = join(root, `set-${counter++}`);
  await mkdir(dir);
  await writeIdxDataset(dir, options);
  return dir;
}

async function dataError(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError, but the call succeeded');
}

describe('readIdxImages / readIdxLabels', () => {
  it('reads raw files', async () => {
    const file = join(root, 'raw-images');
    await writeFile(file, idxImagesBytes(3, 4, 5));
    const images = await readIdxImages(file);
    expect([images.count, images.height, images.width]).toEqual([3, 4, 5]);
    expect(images.pixels.length).toBe(60);
    expect(images.pixels[2 * 20 + 3 * 5 + 4]).toBe(patternByte(2, 3, 4));
  });

  it('detects gzip by the magic bytes, not the file name', async () => {
    const gzippedNoSuffix = join(root, 'gzipped-labels');
    const rawWithSuffix = join(root, 'raw-labels.gz');
    await writeFile(gzippedNoSuffix, gzipSync(idxLabelsBytes([3, 1, 4, 1, 5])));
    await writeFile(rawWithSuffix, idxLabelsBytes([9, 2, 6]));
    expect([...(await readIdxLabels(gzippedNoSuffix))]).toEqual([3, 1, 4, 1, 5]);
    expect([...(await readIdxLabels(rawWithSuffix))]).toEqual([9, 2, 6]);
  });

  it('reports corrupt gzip data', async () => {
    const file = join(root, 'broken.gz');
    const gz = gzipSync(idxImagesBytes(4, 28, 28));
    await writeFile(file, gz.subarray(0, gz.length >> 1));
    const error = await dataError(readIdxImages(file));
    expect(error.file).toBe(file);
    expect(error.problem).toMatch(/gzip/);
  });

  it('reports a missing file', async () => {
    const file = join(root, 'nope-idx1-ubyte');
    const error = await dataError(readIdxLabels(file));
    expect(error.message).toBe(`${file}: file not found`);
  });
});

describe.each([
  { gzip: false, kind: 'raw' },
  { gzip: true, kind: 'gzipped' },
])('loadIdxDataset with $kind files', ({ gzip }) => {
  it('loads the four files, scaling bytes by 1/255', async () => {
    const dir = await fixture({ gzip, trainCount: 12, testCount: 7 });
    const split = await loadIdxDataset(dir, { name: 'tiny', expectSize: [28, 28] });
    expect(split.name).toBe('tiny');
    expect(split.train.count).toBe(12);
    expect(split.test.count).toBe(7);
    expect(split.train.images.length).toBe(12 * 784);
    expect(split.train.images[5 * 784 + 6 * 28 + 7]).toBe(Math.fround(patternByte(5, 6, 7) / 255));
    expect(split.test.images[6 * 784 + 27 * 28 + 27]).toBe(
      Math.fround(patternByte(6, 27, 27) / 255),
    );
    expect([...split.train.labels]).toEqual(cyclicLabels(12));
    expect(split.train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(split.source).toBe(dir);
  });

  it('names the missing file and the names it looked for', async () => {
    const dir = await fixture({ gzip, omit: ['t10k-labels'] });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toBe(join(dir, 't10k-labels-idx1-ubyte'));
    expect(error.problem).toContain('t10k-labels-idx1-ubyte[.gz]');
    expect(error.problem).not.toContain('train-images');
  });

  it('reports a wrong magic number in hex, expected and found', async () => {
    const dir = await fixture({ gzip, replace: { 'train-images': idxLabelsBytes([1, 2]) } });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toContain('train-images-idx3-ubyte');
    expect(error.problem).toMatch(/expected 0x00000803, found 0x00000801/);
  });

  it('reports a truncated file with expected and actual byte lengths', async () => {
    const full = idxImagesBytes(7, 28, 28);
    const dir = await fixture({
      gzip,
      replace: { 't10k-images': full.subarray(0, full.length - 100) },
    });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toContain('t10k-images-idx3-ubyte');
    expect(error.problem).toContain(`implies ${full.length} bytes, found ${full.length - 100}`);
  });

  it('reports a truncated header', async () => {
    const dir = await fixture({
      gzip,
      replace: { 'train-labels': idxLabelsBytes([]).subarray(0, 6) },
    });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toContain('train-labels-idx1-ubyte');
    expect(error.problem).toMatch(/truncated header: expected at least 8 bytes, found 6/);
  });

  it('reports a label/image count mismatch', async () => {
    const dir = await fixture({
      gzip,
      replace: { 'train-labels': idxLabelsBytes(cyclicLabels(11)) },
    });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toContain('train-labels-idx1-ubyte');
    expect(error.problem).toMatch(/11 labels, but train-images-idx3-ubyte\S* holds 12 images/);
  });

  it('reports a wrong image size', async () => {
    const dir = await fixture({ gzip, height: 32, width: 32 });
    const error = await dataError(loadIdxDataset(dir, { expectSize: [28, 28] }));
    expect(error.file).toContain('train-images-idx3-ubyte');
    expect(error.problem).toContain('images are 32x32, expected 28x28');
  });

  it('reports test images whose size differs from the train images', async () => {
    const dir = await fixture({ gzip, replace: { 't10k-images': idxImagesBytes(7, 20, 20) } });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.file).toContain('t10k-images-idx3-ubyte');
    expect(error.problem).toContain('images are 20x20, but the train images are 28x28');
  });

  it('reports labels out of range of the class names', async () => {
    const labels = cyclicLabels(7);
    labels[4] = 12;
    const dir = await fixture({ gzip, replace: { 't10k-labels': idxLabelsBytes(labels) } });
    const error = await dataError(
      loadIdxDataset(dir, { classNames: cyclicLabels(10).map(String) }),
    );
    expect(error.file).toContain('t10k-labels-idx1-ubyte');
    expect(error.problem).toContain('label 12 at index 4 is out of range');
    // Without class names, they are derived from the largest label.
    const split = await loadIdxDataset(dir);
    expect(split.test.classNames).toHaveLength(13);
  });
});

describe('IDX file names', () => {
  it('accepts EMNIST-style prefixed names and takes the prefix as the name', async () => {
    const dir = await fixture({
      gzip: true,
      prefix: 'emnist-letters',
      trainCount: 5,
      testCount: 3,
    });
    const split = await loadIdxDataset(dir);
    expect(split.name).toBe('emnist-letters');
    expect(split.train.count).toBe(5);
    expect(split.test.count).toBe(3);
  });

  it('asks for a prefix when a folder holds several sets, and honours it', async () => {
    const dir = await fixture({ prefix: 'emnist-digits', trainCount: 4, testCount: 2 });
    await writeIdxDataset(dir, { prefix: 'emnist-mnist', trainCount: 6, testCount: 3 });
    const error = await dataError(loadIdxDataset(dir));
    expect(error.problem).toContain('emnist-digits, emnist-mnist');
    const chosen = await loadIdxDataset(dir, { prefix: 'emnist-mnist' });
    expect(chosen.train.count).toBe(6);
  });

  it('prefers the raw file when both raw and gzipped exist', async () => {
    const dir = await fixture({ gzip: false, trainCount: 12 });
    // A gzipped copy with a different count: must not be chosen.
    await writeIdxDataset(dir, { gzip: true, trainCount: 3 });
    const split = await loadIdxDataset(dir);
    expect(split.train.count).toBe(12);
  });

  it('reports a missing folder', async () => {
    const dir = join(root, 'does-not-exist');
    const error = await dataError(loadIdxDataset(dir));
    expect(error.message).toBe(`${dir}: folder not found`);
  });
});
