import { describe, expect, it } from 'vitest';
import { sampleEveryNthTick } from '../../../src/cortex/operators/sampleEveryNthTick.ts';
import type { TickSummary } from '../../../src/cortex/activity.ts';
import { snapshot, testScheduler } from './fixtures.ts';

describe('sampleEveryNthTick', () => {
  it('passes only values from ticks divisible by n, all of that tick', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: snapshot('v1', 'state', 1),
        b: snapshot('v1', 'state', 2),
        c: snapshot('v1', 'state', 3),
        d: snapshot('v2', 'state', 3),
        e: snapshot('v1', 'state', 4),
        f: snapshot('v1', 'state', 6),
      };
      expectObservable(cold('abcdef|', values).pipe(sampleEveryNthTick(3))).toBe('--cd-f|', values);
    });
  });

  it('passes everything for n = 1 and works on tick summaries', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values: Record<string, TickSummary> = {
        a: { tick: 1, mode: 'settle', iteration: 1, freeEnergy: 3 },
        b: { tick: 2, mode: 'settle', iteration: 2, freeEnergy: 2 },
      };
      expectObservable(cold('ab|', values).pipe(sampleEveryNthTick<TickSummary>(1))).toBe(
        'ab|',
        values,
      );
      expectObservable(cold('ab|', values).pipe(sampleEveryNthTick<TickSummary>(2))).toBe(
        '-b|',
        values,
      );
    });
  });

  it('rejects n that is not a positive integer, before any value arrives', () => {
    for (const n of [0, -2, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sampleEveryNthTick(n)).toThrow(/n must be a positive integer/);
    }
  });
});
