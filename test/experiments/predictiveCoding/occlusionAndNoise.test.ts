/** The occlusion masks and the input noise of the predictive-coding experiment. */
import { describe, expect, it } from 'vitest';
import { addInputNoise } from '../../../src/experiments/predictiveCoding/inputNoise.ts';
import {
  blankHidden,
  occlusionMask,
} from '../../../src/experiments/predictiveCoding/occlusionMasks.ts';

const hiddenAt = (mask: Float32Array, width: number, image = 0, pixels = mask.length) =>
  Array.from(mask.subarray(image * pixels, (image + 1) * pixels))
    .map((v, i) => (v === 0 ? [Math.floor(i / width), i % width] : undefined))
    .filter((p) => p !== undefined);

describe('occlusionMask', () => {
  const image = { height: 4, width: 4, count: 1, fraction: 0.25, seed: 1 };

  it('hides the bottom-right quadrant, the bottom half and a centre square of a 4x4 image', () => {
    expect(hiddenAt(occlusionMask('quadrant', image), 4)).toEqual([
      [2, 2],
      [2, 3],
      [3, 2],
      [3, 3],
    ]);
    expect(hiddenAt(occlusionMask('bottom-half', image), 4)).toHaveLength(8);
    expect(hiddenAt(occlusionMask('bottom-half', image), 4).every(([y]) => y! >= 2)).toBe(true);
    expect(hiddenAt(occlusionMask('centre', image), 4)).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
  });

  it('a centre square of a 28x28 digit is 14x14: a quarter of the pixels, like the quadrant', () => {
    const digit = { height: 28, width: 28, count: 2, fraction: 0.25, seed: 1 };
    for (const name of ['centre', 'quadrant'] as const) {
      const mask = occlusionMask(name, digit);
      expect(mask.length).toBe(2 * 784);
      expect(mask.filter((v) => v === 0).length).toBe(2 * 196);
    }
  });

  it('hides the same number of random pixels in every image, different ones per image, the same for a seed', () => {
    const options = { height: 10, width: 10, count: 3, fraction: 0.25, seed: 7 };
    const mask = occlusionMask('random', options);
    for (let i = 0; i < 3; i++) {
      expect(mask.subarray(i * 100, (i + 1) * 100).filter((v) => v === 0).length).toBe(25);
    }
    expect(Array.from(mask.subarray(0, 100))).not.toEqual(Array.from(mask.subarray(100, 200)));
    expect(occlusionMask('random', options)).toEqual(mask);
    expect(occlusionMask('random', { ...options, seed: 8 })).not.toEqual(mask);
  });

  it('refuses a random fraction outside (0, 1)', () => {
    expect(() => occlusionMask('random', { ...image, fraction: 1 })).toThrow(
      /fraction must be in \(0, 1\)/,
    );
  });

  it('blanks the hidden pixels for the encoder and keeps the rest', () => {
    const known = Float32Array.from([1, 0, 1, 0]);
    expect(Array.from(blankHidden(Float32Array.from([0.5, 0.9, 1, 0.2]), known))).toEqual([
      0.5, 0, 1, 0,
    ]);
    expect(() => blankHidden(new Float32Array(3), known)).toThrow(/3 pixels but a mask of 4/);
  });
});

describe('addInputNoise', () => {
  const images = Float32Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 0.5 : 0));

  it('level 0 is an exact copy, not the same array', () => {
    const out = addInputNoise(images, 'gaussian', 0, 1);
    expect(out).toEqual(images);
    expect(out).not.toBe(images);
  });

  it('gaussian noise has about the asked standard deviation where nothing is clipped, and stays in [0, 1]', () => {
    const out = addInputNoise(images, 'gaussian', 0.1, 3);
    const deltas = Array.from(out)
      .filter((_, i) => i % 2 === 0)
      .map((v) => v - 0.5);
    const sd = Math.sqrt(deltas.reduce((a, d) => a + d * d, 0) / deltas.length);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    expect(addInputNoise(images, 'gaussian', 0.1, 3)).toEqual(out);
  });

  it('salt and pepper replaces about the asked fraction of pixels by 0 or 1', () => {
    const grey = new Float32Array(4000).fill(0.5);
    const out = addInputNoise(grey, 'salt-and-pepper', 0.3, 5);
    const changed = Array.from(out).filter((v) => v !== 0.5);
    expect(changed.every((v) => v === 0 || v === 1)).toBe(true);
    expect(changed.length / grey.length).toBeGreaterThan(0.27);
    expect(changed.length / grey.length).toBeLessThan(0.33);
    const ones = changed.filter((v) => v === 1).length / changed.length;
    expect(ones).toBeGreaterThan(0.42);
    expect(ones).toBeLessThan(0.58);
  });

  it('refuses a negative level or a salt-and-pepper fraction above 1', () => {
    expect(() => addInputNoise(images, 'gaussian', -0.1, 1)).toThrow(
      /level must be >= 0, got -0.1/,
    );
    expect(() => addInputNoise(images, 'salt-and-pepper', 1.5, 1)).toThrow(
      /level must be in \[0, 1\]/,
    );
  });
});
