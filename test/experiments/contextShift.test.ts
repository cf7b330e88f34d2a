import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src/data/index.ts';
import {
  CONTEXT_TEXTURES,
  compositeOnTextures,
  ownContextFraction,
  renderTexture,
  TEXTURES,
  UNSEEN_TEXTURES,
} from '../../src/experiments/index.ts';
import { createRng } from '../../src/random/rng.ts';

/** Random "objects": a few bright pixels per image, classes in turn. */
function objects(count: number, classes: number): ImageSet {
  const rng = createRng(3);
  const images = Float32Array.from({ length: count * 784 }, () => (rng.uniform() < 0.1 ? 1 : 0));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  const classNames = Array.from({ length: classes }, (_, i) => String(i));
  return { name: 'objects', images, labels, count, height: 28, width: 28, classNames };
}

describe('the context-shift data', () => {
  const base = objects(4000, 10);

  it.each([0.5, 0.9, 1])('puts a fraction c = %s of training images on their own texture', (c) => {
    const { set, textures } = compositeOnTextures(base, {
      correlation: c,
      rule: 'in-context',
      seed: 1,
    });
    // Binomial standard error at n = 4000 is at most 0.008; allow four of them.
    expect(ownContextFraction(set, textures)).toBeCloseTo(c, 1);
    expect(Math.abs(ownContextFraction(set, textures) - c)).toBeLessThan(0.032);
    expect(Math.max(...textures)).toBeLessThan(CONTEXT_TEXTURES);
  });

  it('draws the other textures uniformly among the other classes', () => {
    const { set, textures } = compositeOnTextures(base, {
      correlation: 0.5,
      rule: 'in-context',
      seed: 2,
    });
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < set.count; i++)
      if (set.labels[i] === 0 && textures[i] !== 0) counts[textures[i]!]! += 1;
    // About 200 off-context images of class 0 spread over 9 textures (about 22 each).
    expect(counts[0]).toBe(0);
    for (const n of counts.slice(1)) expect(n).toBeGreaterThan(5);
  });

  it('never uses the own texture out of context, and only unseen textures in the unseen set', () => {
    const out = compositeOnTextures(base, { correlation: 1, rule: 'out-of-context', seed: 3 });
    expect(ownContextFraction(out.set, out.textures)).toBe(0);
    expect(new Set(out.textures).size).toBe(10);
    const unseen = compositeOnTextures(base, { correlation: 1, rule: 'unseen', seed: 4 });
    expect(new Set(unseen.textures)).toEqual(new Set(UNSEEN_TEXTURES));
  });

  it('keeps the object visible: pixel = max(object, intensity × texture)', () => {
    const { set } = compositeOnTextures(base, {
      correlation: 0.9,
      rule: 'in-context',
      seed: 5,
      intensity: 0.4,
    });
    let onObject = 0;
    let background = 0;
    let wrong = 0;
    for (let p = 0; p < set.images.length; p++) {
      const v = set.images[p]!;
      if (![0, 0.4, 1].some((allowed) => Math.abs(v - allowed) < 1e-6)) wrong++;
      if (base.images[p] === 1) {
        if (v !== 1) wrong++;
        onObject++;
      } else if (v > 0) background++;
    }
    expect(wrong).toBe(0);
    expect(onObject).toBeGreaterThan(0);
    expect(background).toBeGreaterThan(0);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = compositeOnTextures(base, { correlation: 0.8, rule: 'in-context', seed: 9 });
    const b = compositeOnTextures(base, { correlation: 0.8, rule: 'in-context', seed: 9 });
    const c = compositeOnTextures(base, { correlation: 0.8, rule: 'in-context', seed: 10 });
    const bytes = (x: Float32Array | Uint8Array) =>
      Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    // Buffer comparison: a deep equality of 3 million floats is slow.
    expect(bytes(a.set.images).equals(bytes(b.set.images))).toBe(true);
    expect(bytes(a.textures).equals(bytes(b.textures))).toBe(true);
    expect(bytes(a.textures).equals(bytes(c.textures))).toBe(false);
  });

  it('refuses a correlation outside [0, 1]', () => {
    expect(() =>
      compositeOnTextures(base, { correlation: 1.5, rule: 'in-context', seed: 1 }),
    ).toThrow(/correlation/);
  });
});

describe('the textures', () => {
  it('are distinct patterns with both values present', () => {
    const seen = new Set<string>();
    TEXTURES.forEach((_, k) => {
      const t = renderTexture(k, 28, createRng(1));
      const on = t.reduce((a, b) => a + b, 0);
      expect(on).toBeGreaterThan(0);
      expect(on).toBeLessThan(784);
      seen.add(Array.from(t).join(''));
    });
    expect(seen.size).toBe(TEXTURES.length);
  });
});
