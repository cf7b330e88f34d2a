/** The sweep spec: a grid and points make validated model specs; every bad point is named. */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/cortex/specError.ts';
import { parseSweepSpec, sweepPoints, sweptFields } from '../../src/experiments/sweep/spec.ts';

const model = { kind: 'pcvae', dataset: 'letters', epochs: 1 };
const vae = { kind: 'vae', dataset: 'letters', epochs: 1 };

describe('sweep spec', () => {
  it('makes every combination of the grid, then the points, each a complete model spec', () => {
    const sweep = parseSweepSpec({
      model: vae,
      grid: { learningRate: [0.01, 0.1], seed: [1, 2] },
      points: [{ latentSize: 7, learningRate: 0.001 }],
    });
    expect(sweptFields(sweep)).toEqual(['learningRate', 'seed', 'latentSize']);
    const points = sweepPoints(sweep);
    expect(points.map((p) => p.fields)).toEqual([
      { learningRate: 0.01, seed: 1 },
      { learningRate: 0.01, seed: 2 },
      { learningRate: 0.1, seed: 1 },
      { learningRate: 0.1, seed: 2 },
      { latentSize: 7, learningRate: 0.001 },
    ]);
    expect(points.map((p) => [p.spec['learningRate'], p.spec.seed, p.spec['latentSize']])).toEqual([
      [0.01, 1, 20],
      [0.01, 2, 20],
      [0.1, 1, 20],
      [0.1, 2, 20],
      [0.001, 1, 7],
    ]);
    // One key a distinct spec, the same key for the same spec.
    expect(new Set(points.map((p) => p.key)).size).toBe(5);
    expect(sweepPoints(sweep).map((p) => p.key)).toEqual(points.map((p) => p.key));
  });

  it("sets a field inside a list by its index (the pcvae's top area size)", () => {
    const [point] = sweepPoints(parseSweepSpec({ model, grid: { 'areas.1.size': [5] } }));
    expect(point!.spec['areas']).toEqual([
      { name: 'sensory', size: 784 },
      { name: 'z1', size: 5, hidden: 400 },
    ]);
  });

  it('names every bad point and field before anything runs', () => {
    const sweep = parseSweepSpec({ model: vae, grid: { learningRate: [1, -1], epochs: [0] } });
    const error = (() => {
      try {
        sweepPoints(sweep);
      } catch (e) {
        return e;
      }
    })() as SpecError;
    expect(error).toBeInstanceOf(SpecError);
    const named = (start: string) => error.problems.some((p) => p.startsWith(start));
    expect(named('point 1 (learningRate=1, epochs=0): epochs')).toBe(true);
    expect(named('point 2 (learningRate=-1, epochs=0): learningRate')).toBe(true);
    expect(named('point 2 (learningRate=-1, epochs=0): epochs')).toBe(true);
    expect(named('point 1 (learningRate=1, epochs=0): learningRate')).toBe(false);
  });

  it('refuses a sweep of no point, a field path that is not one, and a swept kind', () => {
    expect(() => sweepPoints(parseSweepSpec({ model }))).toThrow('give at least one point');
    expect(() => parseSweepSpec({ model, grid: { 'a..b': [1] } })).toThrow('grid');
    expect(() => parseSweepSpec({ model, grid: { kind: ['vae'] } })).toThrow('keeps the kind');
    expect(() => parseSweepSpec({ model, grid: {}, extra: 1 })).toThrow('extra');
  });
});
