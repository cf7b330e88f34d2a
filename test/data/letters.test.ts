import { describe, expect, it } from 'vitest';
import {
  LETTER_CLASS_NAMES,
  LETTER_FACTOR_RANGES,
  generateLetters,
  loadLetters,
  renderLetter,
} from '../../src/data/index.ts';
import type { LetterFactors, LetterStyle } from '../../src/data/index.ts';

const STYLE: LetterStyle = { slant: 0, scale: 1, strokeWidth: 2, shiftX: 0, shiftY: 0 };

/** Intensity-weighted mean column and row (pixel centres at +0.5). */
function centreOfMass(image: Float32Array, size: number): { x: number; y: number; mass: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  image.forEach((v, k) => {
    mass += v;
    x += v * ((k % size) + 0.5);
    y += v * (Math.floor(k / size) + 0.5);
  });
  return { x: x / mass, y: y / mass, mass };
}

/** Exact equality of two typed arrays (much faster than a deep equal on big arrays). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function distance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  a.forEach((v, k) => (sum += (v - (b[k] ?? 0)) ** 2));
  return Math.sqrt(sum);
}

describe('generateLetters', () => {
  const { set, factors } = generateLetters({ count: 1000, seed: 11 });

  it('is deterministic given the seed', () => {
    const again = generateLetters({ count: 1000, seed: 11 });
    expect(sameBytes(again.set.images, set.images)).toBe(true);
    expect(sameBytes(again.set.labels, set.labels)).toBe(true);
    for (const name of Object.keys(factors) as (keyof LetterFactors)[]) {
      expect(sameBytes(again.factors[name], factors[name])).toBe(true);
    }
  });

  it('differs between seeds', () => {
    const other = generateLetters({ count: 1000, seed: 12 });
    expect(sameBytes(other.set.labels, set.labels)).toBe(false);
    expect(sameBytes(other.factors.slant, factors.slant)).toBe(false);
    expect(distance(other.set.images, set.images)).toBeGreaterThan(10);
  });

  it('describes the images it returns', () => {
    expect(set.name).toBe('letters');
    expect(set.classNames).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(LETTER_CLASS_NAMES).toEqual(set.classNames);
    expect([set.count, set.height, set.width]).toEqual([1000, 28, 28]);
    expect(set.images.length).toBe(1000 * 784);
    expect(factors.letter).toEqual(set.labels);
  });

  it('balances the classes in a shuffled order', () => {
    const counts = new Array<number>(5).fill(0);
    for (const label of set.labels) counts[label] = (counts[label] ?? 0) + 1;
    expect(counts).toEqual([200, 200, 200, 200, 200]);
    const cyclic = [...set.labels].filter((label, i) => label === i % 5).length;
    expect(cyclic).toBeLessThan(400);
  });

  it('draws every factor within its documented range, spanning most of it', () => {
    const names = Object.keys(LETTER_FACTOR_RANGES) as (keyof typeof LETTER_FACTOR_RANGES)[];
    expect(names.sort()).toEqual(['scale', 'shiftX', 'shiftY', 'slant', 'strokeWidth']);
    for (const name of names) {
      const { min, max } = LETTER_FACTOR_RANGES[name];
      const values = factors[name as Exclude<keyof LetterFactors, 'letter'>];
      expect(values.length).toBe(1000);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      expect(lo).toBeGreaterThanOrEqual(Math.fround(min));
      expect(hi).toBeLessThanOrEqual(Math.fround(max));
      expect(hi - lo).toBeGreaterThan(0.95 * (max - min));
    }
  });

  it('gives values in [0, 1], with ink in every image that stays off the border', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of set.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    for (let i = 0; i < set.count; i++) {
      const image = set.images.subarray(i * 784, (i + 1) * 784);
      expect(Math.max(...image)).toBeGreaterThan(0.9);
      let border = 0;
      for (let k = 0; k < 28; k++) {
        border += (image[k] ?? 0) + (image[27 * 28 + k] ?? 0);
        border += (image[k * 28] ?? 0) + (image[k * 28 + 27] ?? 0);
      }
      expect(border).toBe(0);
    }
  });

  it('draws clearly different classes', () => {
    // Class means from two disjoint halves: distances between classes should
    // dwarf the distance between the halves of one class.
    const means = [0, 1].map((half) =>
      LETTER_CLASS_NAMES.map((_, c) => {
        const mean = new Float32Array(784);
        let n = 0;
        for (let i = half * 500; i < (half + 1) * 500; i++) {
          if (set.labels[i] !== c) continue;
          n++;
          for (let k = 0; k < 784; k++) mean[k] = (mean[k] ?? 0) + (set.images[i * 784 + k] ?? 0);
        }
        return mean.map((v) => v / n);
      }),
    );
    const [first = [], second = []] = means;
    let largestWithin = 0;
    let smallestBetween = Infinity;
    for (let a = 0; a < 5; a++) {
      const ownA = first[a] ?? new Float32Array(784);
      largestWithin = Math.max(largestWithin, distance(ownA, second[a] ?? ownA));
      for (let b = a + 1; b < 5; b++) {
        smallestBetween = Math.min(smallestBetween, distance(ownA, first[b] ?? ownA));
      }
    }
    expect(smallestBetween).toBeGreaterThan(2 * largestWithin);
  });

  it('renders at other sizes', () => {
    const big = generateLetters({ count: 5, seed: 1, size: 56 });
    expect([big.set.height, big.set.width]).toEqual([56, 56]);
    expect(big.set.images.length).toBe(5 * 56 * 56);
  });
});

describe('renderLetter factors', () => {
  it('moves the centre of mass by shiftX pixels and leaves y alone', () => {
    for (let letter = 0; letter < 5; letter++) {
      const left = centreOfMass(renderLetter(letter, { ...STYLE, shiftX: -1 }), 28);
      const right = centreOfMass(renderLetter(letter, { ...STYLE, shiftX: 1.5 }), 28);
      expect(right.x - left.x).toBeCloseTo(2.5, 1);
      expect(Math.abs(right.y - left.y)).toBeLessThan(0.1);
    }
  });

  it('moves the centre of mass down by shiftY', () => {
    const up = centreOfMass(renderLetter(2, { ...STYLE, shiftY: -2 }), 28);
    const down = centreOfMass(renderLetter(2, { ...STYLE, shiftY: 2 }), 28);
    expect(down.y - up.y).toBeCloseTo(4, 1);
  });

  it('measures shifts in pixels of a 28-pixel image at any size', () => {
    const a = centreOfMass(renderLetter(4, { ...STYLE, shiftX: 0 }, 56), 56);
    const b = centreOfMass(renderLetter(4, { ...STYLE, shiftX: 2 }, 56), 56);
    expect(b.x - a.x).toBeCloseTo(4, 1);
  });

  it('leans the top to the right for a positive slant', () => {
    const lean = (slant: number) => {
      const image = renderLetter(4, { ...STYLE, slant });
      const top = centreOfMass(
        image.map((v, k) => (k < 14 * 28 ? v : 0)),
        28,
      );
      const bottom = centreOfMass(
        image.map((v, k) => (k >= 14 * 28 ? v : 0)),
        28,
      );
      return top.x - bottom.x;
    };
    expect(lean(0.3)).toBeGreaterThan(lean(0) + 2);
    expect(lean(-0.3)).toBeLessThan(lean(0) - 2);
  });

  it('uses more ink for wider strokes and larger letters', () => {
    const ink = (style: LetterStyle) => centreOfMass(renderLetter(1, style), 28).mass;
    expect(ink({ ...STYLE, strokeWidth: 3 })).toBeGreaterThan(
      1.3 * ink({ ...STYLE, strokeWidth: 1.5 }),
    );
    expect(ink({ ...STYLE, scale: 1.1 })).toBeGreaterThan(1.2 * ink({ ...STYLE, scale: 0.7 }));
  });

  it('rejects a letter index outside A-E', () => {
    expect(() => renderLetter(5, STYLE)).toThrow(/letter index 5/);
  });
});

describe('loadLetters', () => {
  it('gives 10,000 train and 2,000 test images by default, from different streams', () => {
    const split = loadLetters({ seed: 3 });
    expect(split.name).toBe('letters');
    expect(split.train.count).toBe(10_000);
    expect(split.test.count).toBe(2_000);
    expect(split.source).toContain('seed 3');
    const trainHead = split.train.images.subarray(0, 2000 * 784);
    expect(distance(split.test.images, trainHead)).toBeGreaterThan(100);
  });

  it('is deterministic given the seed', () => {
    const a = loadLetters({ seed: 3, trainCount: 50, testCount: 20 });
    const b = loadLetters({ seed: 3, trainCount: 50, testCount: 20 });
    const c = loadLetters({ seed: 4, trainCount: 50, testCount: 20 });
    expect(sameBytes(a.train.images, b.train.images)).toBe(true);
    expect(sameBytes(a.test.images, b.test.images)).toBe(true);
    expect(sameBytes(a.train.images, c.train.images)).toBe(false);
    expect(sameBytes(a.test.images, c.test.images)).toBe(false);
  });
});
