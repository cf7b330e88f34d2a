import { describe, expect, it } from 'vitest';
import {
  allocateExchange,
  combinedPart,
  combineGradients,
  replicaSeed,
  viewExchange,
} from '../../../src/sim/dataParallel/exchange.ts';

describe('the data-parallel exchange', () => {
  it('combines two halves into the row-weighted mean, part by part', () => {
    const main = Float32Array.from([1, 2, -4, 0.5]);
    const replica = Float32Array.from([3, 5, 4, 0.25]);
    const out = new Float32Array(4);
    // 3 rows on this thread, 1 on the replica: (3·main + 1·replica) / 4.
    const [a, b] = combinedPart('main', 4);
    const [c, d] = combinedPart('replica', 4);
    expect([a, b, c, d]).toEqual([0, 2, 2, 4]);
    combineGradients(main, replica, 3, 1, out, a, b);
    expect(Array.from(out)).toEqual([1.5, 2.75, 0, 0]);
    combineGradients(main, replica, 3, 1, out, c, d);
    expect(Array.from(out)).toEqual([1.5, 2.75, -2, 0.4375]);
    // A replica with no rows adds nothing (and its stale values, even NaN, are not read).
    combineGradients(main, Float32Array.from([NaN, NaN, NaN, NaN]), 4, 0, out);
    expect(Array.from(out)).toEqual([1, 2, -4, 0.5]);
  });

  it('splits an odd length so that every position is combined once', () => {
    const [a, b] = combinedPart('main', 7);
    const [c, d] = combinedPart('replica', 7);
    expect(b - a + (d - c)).toBe(7);
    expect(b).toBe(c);
  });

  it('gives the replica its own noise seed, a uint32', () => {
    for (const seed of [0, 1, 2 ** 32 - 1]) {
      const s = replicaSeed(seed);
      expect(s).not.toBe(seed);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
  });

  it('shares its arrays between views of the same buffers', () => {
    const buffers = allocateExchange(4, 3, 5);
    const one = viewExchange(buffers);
    const two = viewExchange(buffers);
    one.combined[4] = 7;
    one.pixels[11] = 1;
    expect(two.combined[4]).toBe(7);
    expect(two.pixels[11]).toBe(1);
    expect(two.mainGradient.length).toBe(5);
  });
});
