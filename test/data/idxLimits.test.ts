import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isNeocortexError } from '../../src/errors.ts';
import { DataError, loadIdxDataset, readIdxImages } from '../../src/data/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { idxImagesBytes, writeIdxDataset } from './idxFixtures.ts';

const tmp = useTempDir('idx-limits');

/**
 * Write a gzip file whose IDX header claims `count` 28x28 images, followed by
 * `zeros` bytes of zeros: a few hundred KB on disk that inflate to `zeros` bytes.
 */
async function writeBomb(path: string, count: number, zeros: number): Promise<void> {
  const header = Buffer.alloc(16);
  [0x803, count, 28, 28].forEach((value, i) => header.writeUInt32BE(value, 4 * i));
  const chunk = Buffer.alloc(1 << 20);
  async function* bytes() {
    yield header;
    for (let left = zeros; left > 0; left -= chunk.length) {
      yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    }
  }
  await pipeline(bytes(), createGzip({ level: 9 }), createWriteStream(path));
}

describe('IDX size limits come before the work', () => {
  it('stops inflating a gzip bomb at the size its header implies', async () => {
    const file = join(tmp.path, 'bomb-images-idx3-ubyte.gz');
    // 10 images (7,856 bytes) claimed, 256 MiB of zeros behind them.
    await writeBomb(file, 10, 256 * 1024 ** 2);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const error = await readIdxImages(file).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    const grown = process.memoryUsage().rss - rssBefore;
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: more data than its header`),
    );
    expect((error as DataError).problem).toMatch(/\(10 x 28 x 28\) implies: 7856 bytes/);
    // Inflating all 256 MiB takes seconds and as much memory; stopping early takes neither.
    expect(seconds).toBeLessThan(2);
    expect(grown).toBeLessThan(32 * 1024 ** 2);
  }, 60_000);

  it('refuses a header implying more than the limit before inflating anything', async () => {
    const file = join(tmp.path, 'huge-images-idx3-ubyte.gz');
    await writeBomb(file, 2_000_000, 1024);
    const error = await readIdxImages(file).catch((e: unknown) => e);
    expect(isNeocortexError(error, 'DATA_INVALID')).toBe(true);
    expect((error as Error).message).toContain(
      `${file}: too large: header (2000000 x 28 x 28) implies 1568000016 bytes`,
    );
  });

  it('refuses a raw file whose header implies more than the limit, reading only its header', async () => {
    const file = join(tmp.path, 'small-limit-images');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, idxImagesBytes(20, 28, 28));
    await expect(readIdxImages(file, 1000)).rejects.toThrow(/too large: .* over the limit of 1000/);
  });

  it.each([false, true])('refuses a data set with no training images (gzip %s)', async (gzip) => {
    const dir = join(tmp.path, `empty-${gzip}`);
    await mkdir(dir);
    await writeIdxDataset(dir, { gzip, trainCount: 0 });
    const error = await loadIdxDataset(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toContain(join(dir, 'train-images-idx3-ubyte'));
    expect((error as DataError).problem).toMatch(/too small: 0 images .* at least 1 image/);
  });

  it('refuses a data set with no test images', async () => {
    const dir = join(tmp.path, 'empty-test');
    await mkdir(dir);
    await writeIdxDataset(dir, { testCount: 0 });
    await expect(loadIdxDataset(dir)).rejects.toThrow(
      /t10k-images-idx3-ubyte: too small: 0 images/,
    );
  });
});
