import { describe, expect, it } from 'vitest';
import { createRng, permutation } from '../../src/random/rng.ts';

const draw = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.uniform());
};

describe('seeded rng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw(42, 100)).not.toEqual(draw(43, 100));
  });

  it('gives uniform and normal draws with the right moments', () => {
    const rng = createRng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      su += u;
      const g = rng.normal();
      sn += g;
      sn2 += g * g;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 2);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  it('forks independent, reproducible streams', () => {
    const a = createRng(1).fork('train');
    const b = createRng(1).fork('train');
    const c = createRng(1).fork('test');
    const xs = [a.uniform(), a.uniform()];
    expect([b.uniform(), b.uniform()]).toEqual(xs);
    expect([c.uniform(), c.uniform()]).not.toEqual(xs);
  });

  it('permutation contains every index once', () => {
    const p = permutation(1000, createRng(3));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p.slice(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRng(1.5)).toThrow(/integer/);
  });
});
