/**
 * Nearest neighbours in pixel space: a case worked by hand, exact copies found
 * at distance 0, and agreement with a brute-force search on random images
 * (searched in several chunks).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.ts';
import { nearestNeighbours } from '../../src/experiments/nearestNeighbours.ts';
import { createRng } from '../../src/random/rng.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('nearestNeighbours', () => {
  it('finds the nearest of three points in the plane, as worked by hand', () => {
    const references = Float32Array.from([0, 0, 3, 4, 10, 0]);
    const queries = Float32Array.from([1, 1, 3, 5, 9, 1, 5, 2]);
    const { index, distance } = nearestNeighbours(queries, references, 2);
    // (1,1)→(0,0): √2; (3,5)→(3,4): 1; (9,1)→(10,0): √2; (5,2)→(3,4): √8 (to (0,0): √29, to (10,0): √29).
    expect(Array.from(index)).toEqual([0, 1, 2, 1]);
    expect(distance[0]).toBeCloseTo(Math.SQRT2, 12);
    expect(distance[1]).toBeCloseTo(1, 12);
    expect(distance[2]).toBeCloseTo(Math.SQRT2, 12);
    expect(distance[3]).toBeCloseTo(Math.sqrt(8), 12);
  });

  it('finds a copy of a training image at distance exactly 0, and agrees with brute force', () => {
    const rng = createRng(11);
    const dim = 784;
    const references = Float32Array.from({ length: 300 * dim }, () => rng.uniform());
    const queries = Float32Array.from({ length: 70 * dim }, () => rng.uniform());
    // Query 5 is a copy of reference 123; query 6 is reference 42 with a little noise.
    queries.set(references.subarray(123 * dim, 124 * dim), 5 * dim);
    for (let k = 0; k < dim; k++)
      queries[6 * dim + k] = references[42 * dim + k]! + 0.01 * (rng.uniform() - 0.5);
    const { index, distance } = nearestNeighbours(queries, references, dim, { chunk: 32 });
    expect(index[5]).toBe(123);
    expect(distance[5]).toBe(0);
    expect(index[6]).toBe(42);
    for (let q = 0; q < 70; q++) {
      let best = Number.POSITIVE_INFINITY;
      let at = -1;
      for (let r = 0; r < 300; r++) {
        let sum = 0;
        for (let k = 0; k < dim; k++)
          sum += (queries[q * dim + k]! - references[r * dim + k]!) ** 2;
        if (sum < best) [best, at] = [sum, r];
      }
      expect(index[q]).toBe(at);
      expect(distance[q]).toBeCloseTo(Math.sqrt(best), 9);
    }
  });

  it('refuses images that are not whole, and an empty reference set', () => {
    expect(() => nearestNeighbours(new Float32Array(5), new Float32Array(4), 2)).toThrow(
      /queries hold 5 values, not a whole number of 2-pixel images/,
    );
    expect(() => nearestNeighbours(new Float32Array(4), new Float32Array(0), 2)).toThrow(
      /no reference images/,
    );
  });
});
