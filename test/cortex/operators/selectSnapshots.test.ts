import { describe, expect, it } from 'vitest';
import { selectSnapshots } from '../../../src/cortex/operators/selectSnapshots.ts';
import { snapshot, testScheduler } from './fixtures.ts';

const values = {
  a: snapshot('v1', 'state', 1),
  b: snapshot('v1', 'predictionError', 1),
  c: snapshot('v2', 'state', 1),
  d: snapshot('v2', 'prediction', 1),
};

describe('selectSnapshots', () => {
  it('passes only the chosen areas and kinds', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcd|', values);
      expectObservable(source.pipe(selectSnapshots({ areas: ['v2'] }))).toBe('--cd|', values);
      expectObservable(source.pipe(selectSnapshots({ kinds: ['state'] }))).toBe('a-c-|', values);
      expectObservable(
        source.pipe(selectSnapshots({ areas: ['v1'], kinds: ['predictionError', 'prediction'] })),
      ).toBe('-b--|', values);
      expectObservable(source.pipe(selectSnapshots())).toBe('abcd|', values);
    });
  });

  it('rejects an empty list instead of silently passing nothing', () => {
    expect(() => selectSnapshots({ areas: [] })).toThrow(/areas is empty/);
    expect(() => selectSnapshots({ kinds: [] })).toThrow(/kinds is empty/);
  });
});
