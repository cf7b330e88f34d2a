import { describe, expect, it } from 'vitest';
import {
  balancedSubset,
  binarize,
  gatherImages,
  gatherLabels,
  shuffledBatches,
} from '../../src/data/index.ts';
import type { ImageSet } from '../../src/data/index.ts';
import { createRng } from '../../src/random/rng.ts';

/** count 2x3 images; image n holds n*10 + pixel position / 10. */
function tinySet(count: number): ImageSet {
  const images = new Float32Array(count * 6);
  images.forEach((_, k) => (images[k] = Math.floor(k / 6) * 10 + (k % 6) / 10));
  return {
    name: 'tiny',
    images,
    labels: Uint8Array.from({ length: count }, (_, i) => (i * 3) % 7),
    count,
    height: 2,
    width: 3,
    classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  };
}

describe('shuffledBatches', () => {
  it('covers every index exactly once, keeping the last partial batch', () => {
    const batches = shuffledBatches(103, 10, createRng(1));
    expect(batches).toHaveLength(11);
    expect(batches.slice(0, 10).every((b) => b.length === 10)).toBe(true);
    expect(batches[10]?.length).toBe(3);
    const all = batches.flatMap((b) => [...b]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it('is shuffled, and deterministic given the seed', () => {
    const a = shuffledBatches(500, 64, createRng(7)).flatMap((b) => [...b]);
    const b = shuffledBatches(500, 64, createRng(7)).flatMap((x) => [...x]);
    const c = shuffledBatches(500, 64, createRng(8)).flatMap((x) => [...x]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const inPlace = a.filter((v, i) => v === i).length;
    expect(inPlace).toBeLessThan(10);
  });

  it('rejects a bad batch size', () => {
    expect(() => shuffledBatches(10, 0, createRng(1))).toThrow(/batchSize/);
    expect(shuffledBatches(0, 4, createRng(1))).toEqual([]);
  });
});

describe('gatherImages / gatherLabels', () => {
  it('copies the chosen images and labels in the given order', () => {
    const set = tinySet(9);
    const images = gatherImages(set, [4, 0, 4, 8]);
    expect(images.length).toBe(24);
    expect([...images.subarray(0, 6)]).toEqual([40, 40.1, 40.2, 40.3, 40.4, 40.5].map(Math.fround));
    expect(images[6]).toBe(0);
    expect(images[12]).toBe(40);
    expect(images[23]).toBe(Math.fround(80.5));
    expect([...gatherLabels(set, Int32Array.from([4, 0, 8]))]).toEqual([5, 0, 3]);
  });

  it('rejects indices outside the set', () => {
    const set = tinySet(3);
    expect(() => gatherImages(set, [0, 3])).toThrow(/index 3 \(position 1\) outside 0..2/);
    expect(() => gatherLabels(set, [-1])).toThrow(
      expect.objectContaining({
        code: 'OPTION_INVALID',
        message: expect.stringMatching(/^index -1/),
      }),
    );
  });
});

describe('binarize', () => {
  it('gives 0 or 1 with probability equal to the pixel value', () => {
    const n = 200_000;
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = i % 2 === 0 ? 0.3 : i % 4 === 1 ? 0 : 1;
    const bits = binarize(pixels, createRng(3));
    expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
    let onesAtPoint3 = 0;
    for (let i = 0; i < n; i += 2) onesAtPoint3 += bits[i] ?? 0;
    expect(onesAtPoint3 / (n / 2)).toBeCloseTo(0.3, 2);
    let wrongAt0or1 = 0;
    for (let i = 1; i < n; i += 2) if (bits[i] !== pixels[i]) wrongAt0or1++;
    expect(wrongAt0or1).toBe(0);
  });

  it('is deterministic given the seed and differs between seeds', () => {
    const pixels = new Float32Array(1000).fill(0.5);
    expect(binarize(pixels, createRng(4))).toEqual(binarize(pixels, createRng(4)));
    expect(binarize(pixels, createRng(4))).not.toEqual(binarize(pixels, createRng(5)));
  });
});

describe('balancedSubset', () => {
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);

  it('picks perClass distinct examples of each class', () => {
    const subset = balancedSubset(labels, 10, 10, createRng(1));
    expect(subset.length).toBe(100);
    expect(new Set(subset).size).toBe(100);
    const counts = new Array<number>(10).fill(0);
    for (const i of subset) counts[labels[i] ?? 0] = (counts[labels[i] ?? 0] ?? 0) + 1;
    expect(counts).toEqual(new Array<number>(10).fill(10));
    expect([...subset]).toEqual([...subset].sort((a, b) => a - b));
  });

  it('is deterministic given the seed and random across seeds', () => {
    expect(balancedSubset(labels, 5, 10, createRng(2))).toEqual(
      balancedSubset(labels, 5, 10, createRng(2)),
    );
    expect(balancedSubset(labels, 5, 10, createRng(2))).not.toEqual(
      balancedSubset(labels, 5, 10, createRng(3)),
    );
  });

  it('says which class is short', () => {
    const skewed = Uint8Array.from([0, 0, 0, 1, 1, 2, 2, 2]);
    expect(() => balancedSubset(skewed, 3, 3, createRng(1))).toThrow(
      /class 1 has only 2 examples, 3 per class requested/,
    );
    expect(() => balancedSubset(skewed, 1, 2, createRng(1))).toThrow(/label 2 .* classes = 2/);
  });
});
