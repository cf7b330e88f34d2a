import { readdir, readFile, writeFile, appendFile, mkdir, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DataError,
  loadMnist,
  mnistCacheFile,
  mnistDigitsDir,
  readMnistJson,
} from '../../src/data/index.ts';
import { log } from '../../src/log.ts';
import type { DatasetSplit } from '../../src/data/index.ts';
import { MNIST_CACHE_HEADER_BYTES } from '../../src/data/mnistCache.ts';
import { makeTempDir, removeDir } from './idxFixtures.ts';

let root: string;
let fresh: DatasetSplit;

beforeAll(async () => {
  root = await makeTempDir('neocortex-mnist-');
  fresh = await readMnistJson();
});
afterAll(async () => {
  await removeDir(root);
});
afterEach(() => {
  vi.restoreAllMocks();
});

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function expectSameSplit(actual: DatasetSplit, expected: DatasetSplit): void {
  expect(actual.train.count).toBe(expected.train.count);
  expect(actual.test.count).toBe(expected.test.count);
  expect(sameBits(actual.train.images, expected.train.images)).toBe(true);
  expect(sameBits(actual.test.images, expected.test.images)).toBe(true);
  expect(actual.train.labels).toEqual(expected.train.labels);
  expect(actual.test.labels).toEqual(expected.test.labels);
}

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

describe('the embedded MNIST split', () => {
  it('has 7,996 train and 2,004 test images of 28x28 in [0, 1]', () => {
    expect(fresh.train.count).toBe(7996);
    expect(fresh.test.count).toBe(2004);
    expect(fresh.train.images.length).toBe(7996 * 784);
    expect(fresh.test.images.length).toBe(2004 * 784);
    expect([fresh.train.height, fresh.train.width]).toEqual([28, 28]);
    expect(fresh.train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let min = Infinity;
    let max = -Infinity;
    for (const v of fresh.train.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('puts the first floor(80%) of each digit file in train, in class order', async () => {
    expect(classCounts(fresh.train.labels)).toEqual([
      800, 901, 792, 825, 784, 690, 811, 856, 755, 782,
    ]);
    expect(classCounts(fresh.test.labels)).toEqual([
      201, 226, 199, 207, 196, 173, 203, 214, 189, 196,
    ]);
    // Sorted by class: train is digit 0's images, then digit 1's, ...
    expect([...fresh.train.labels].every((l, i, all) => i === 0 || l >= (all[i - 1] ?? 0))).toBe(
      true,
    );
    expect([...fresh.test.labels].every((l, i, all) => i === 0 || l >= (all[i - 1] ?? 0))).toBe(
      true,
    );

    const zeros = JSON.parse(await readFile(join(mnistDigitsDir(), '0.json'), 'utf8')) as {
      data: number[];
    };
    const ones = JSON.parse(await readFile(join(mnistDigitsDir(), '1.json'), 'utf8')) as {
      data: number[];
    };
    expect(fresh.train.images.subarray(0, 784)).toEqual(
      Float32Array.from(zeros.data.slice(0, 784)),
    );
    // Test starts with digit 0's image 800; digit 1's train images start at 800.
    expect(fresh.test.images.subarray(0, 784)).toEqual(
      Float32Array.from(zeros.data.slice(800 * 784, 801 * 784)),
    );
    expect(fresh.train.images.subarray(800 * 784, 801 * 784)).toEqual(
      Float32Array.from(ones.data.slice(0, 784)),
    );
  });
});

describe('loadMnist cache (real data)', () => {
  it('writes the cache on first load and reads it back bit-identical', async () => {
    const cacheDir = join(root, 'real-cache');
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const cold = await loadMnist({ cacheDir });
    expectSameSplit(cold, fresh);
    const names = await readdir(cacheDir);
    expect(names).toEqual(['mnist-embedded.bin']);
    // 10,000 one-byte codes per pixel plus labels, table and header: far below the 31 MB of float32.
    const size = (await readFile(mnistCacheFile(cacheDir))).length;
    expect(size).toBe(MNIST_CACHE_HEADER_BYTES + 256 * 4 + 10_000 * 785);

    const cached = await loadMnist({ cacheDir });
    expectSameSplit(cached, fresh);
    expect(cached.train.classNames).toEqual(fresh.train.classNames);
    expect(warn).not.toHaveBeenCalled();
  });
});

/** A small stand-in for the package's digit folder: `perDigit` images per class. */
async function writeDigits(dir: string, perDigit: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let digit = 0; digit < 10; digit++) {
    const data: number[] = [];
    for (let k = 0; k < perDigit * 784; k++) data.push(((k * 7 + digit * 31) % 256) / 255);
    await writeFile(
      join(dir, `${digit}.json`),
      JSON.stringify({ data: data.map((v) => +v.toFixed(3)) }),
    );
  }
}

describe('loadMnist cache recovery', () => {
  let digitsDir: string;
  let small: DatasetSplit;

  beforeAll(async () => {
    digitsDir = join(root, 'digits');
    await writeDigits(digitsDir, 6);
    small = await readMnistJson(digitsDir);
  });

  it('splits the small stand-in 4 + 2 per digit', () => {
    expect(small.train.count).toBe(40);
    expect(small.test.count).toBe(20);
  });

  async function primedCache(name: string): Promise<string> {
    const cacheDir = join(root, name);
    await loadMnist({ cacheDir, digitsDir });
    return mnistCacheFile(cacheDir);
  }

  async function expectRebuilt(file: string, problem: RegExp): Promise<void> {
    const cacheDir = join(file, '..');
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const loaded = await loadMnist({ cacheDir, digitsDir });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(problem);
    expectSameSplit(loaded, await readMnistJson(digitsDir));
    // The rebuilt cache is good again: no warning on the next load.
    warn.mockClear();
    expectSameSplit(await loadMnist({ cacheDir, digitsDir }), loaded);
    expect(warn).not.toHaveBeenCalled();
    expect(await readdir(cacheDir)).toEqual(['mnist-embedded.bin']);
  }

  it('rebuilds a truncated cache', async () => {
    const file = await primedCache('truncated');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 500));
    await expectRebuilt(file, /truncated/);
  });

  it('rebuilds a cache shorter than its header', async () => {
    const file = await primedCache('stub');
    await writeFile(file, Buffer.from('NCX'));
    await expectRebuilt(file, /shorter than the 48-byte header/);
  });

  it('rebuilds a cache with a flipped payload byte', async () => {
    const file = await primedCache('flipped');
    const bytes = await readFile(file);
    const at = bytes.length - 10;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await writeFile(file, bytes);
    await expectRebuilt(file, /payload checksum mismatch/);
  });

  it('rebuilds a file that is not a cache', async () => {
    const file = await primedCache('foreign');
    await writeFile(file, Buffer.alloc(5000, 7));
    await expectRebuilt(file, /not a neocortex-sim MNIST cache/);
  });

  it('rebuilds a cache of another format version', async () => {
    const file = await primedCache('version');
    const bytes = await readFile(file);
    bytes.writeUInt32LE(99, 8);
    bytes.writeUInt32LE(crc32(bytes.subarray(0, 44)), 44);
    await writeFile(file, bytes);
    await expectRebuilt(file, /format version 99/);
  });

  it('rebuilds a cache with a damaged header', async () => {
    const file = await primedCache('header');
    const bytes = await readFile(file);
    bytes.writeUInt32LE(41, 24);
    await writeFile(file, bytes);
    await expectRebuilt(file, /header checksum mismatch/);
  });

  it('rebuilds a cache made from other source files', async () => {
    const otherDigits = join(root, 'other-digits');
    await mkdir(otherDigits);
    for (let digit = 0; digit < 10; digit++) {
      await copyFile(join(digitsDir, `${digit}.json`), join(otherDigits, `${digit}.json`));
    }
    const cacheDir = join(root, 'fingerprint');
    await loadMnist({ cacheDir, digitsDir: otherDigits });
    await appendFile(join(otherDigits, '3.json'), '\n');
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    await loadMnist({ cacheDir, digitsDir: otherDigits });
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/fingerprint mismatch/);
  });

  it('still loads when the cache cannot be written, with a warning', async () => {
    const blocker = join(root, 'blocker');
    await writeFile(blocker, 'a file where the cache folder should be');
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    const loaded = await loadMnist({ cacheDir: join(blocker, 'cache'), digitsDir });
    expectSameSplit(loaded, small);
    expect(warn).toHaveBeenCalled();
    expect(
      warn.mock.calls.some((call) => /could not write MNIST cache/.test(String(call[0]))),
    ).toBe(true);
  });

  it('names the file when a digit file is missing or malformed', async () => {
    const broken = join(root, 'broken-digits');
    await writeDigits(broken, 2);
    await writeFile(join(broken, '7.json'), '{"data": [0.5, 0.25]}');
    const malformed = await readMnistJson(broken).catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(DataError);
    expect((malformed as DataError).file).toBe(join(broken, '7.json'));
    expect((malformed as DataError).problem).toContain('not a whole number of 784-pixel images');

    const empty = join(root, 'empty-digits');
    await mkdir(empty);
    const missing = await loadMnist({ cacheDir: join(root, 'unused'), digitsDir: empty }).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(DataError);
    expect((missing as DataError).file).toBe(join(empty, '0.json'));
  });
});
