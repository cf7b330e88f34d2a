import { describe, expect, it } from 'vitest';
import { CacheFormatError, decodeMnistCache, encodeMnistCache } from '../../src/data/mnistCache.ts';
import type { MnistCacheContents } from '../../src/data/mnistCache.ts';
import { createRng } from '../../src/random/rng.ts';

function contents(trainCount: number, testCount: number, levels: number): MnistCacheContents {
  const rng = createRng(5);
  const part = (count: number) => ({
    images: Float32Array.from({ length: count * 16 }, () => rng.int(levels) / (levels - 1)),
    labels: Uint8Array.from({ length: count }, () => rng.int(10)),
  });
  return { fingerprint: 1234, height: 4, width: 4, train: part(trainCount), test: part(testCount) };
}

describe('MNIST cache format', () => {
  it('round-trips images and labels exactly', () => {
    const original = contents(30, 9, 256);
    const decoded = decodeMnistCache(encodeMnistCache(original), 1234);
    expect(decoded.train.images).toEqual(original.train.images);
    expect(decoded.test.images).toEqual(original.test.images);
    expect(decoded.train.labels).toEqual(original.train.labels);
    expect(decoded.test.labels).toEqual(original.test.labels);
    expect([decoded.height, decoded.width, decoded.fingerprint]).toEqual([4, 4, 1234]);
  });

  it('decodes from a buffer that does not start at offset 0', () => {
    const bytes = encodeMnistCache(contents(3, 2, 20));
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const decoded = decodeMnistCache(padded.subarray(3), 1234);
    expect(decoded.train.labels.length).toBe(3);
  });

  it('refuses more than 256 distinct values', () => {
    expect(() => encodeMnistCache(contents(40, 0, 1000))).toThrow(CacheFormatError);
  });

  it('refuses a cache with another fingerprint', () => {
    const bytes = encodeMnistCache(contents(3, 2, 20));
    expect(() => decodeMnistCache(bytes, 4321)).toThrow(/fingerprint mismatch/);
  });
});
