import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { freeEnergyTrace } from '../../../src/cortex/operators/freeEnergyTrace.ts';
import type { TickSummary } from '../../../src/cortex/activity.ts';
import type { FreeEnergyPoint } from '../../../src/cortex/operators/freeEnergyTrace.ts';
import { testScheduler } from './fixtures.ts';

const settle = (tick: number, iteration: number, freeEnergy?: number): TickSummary => ({
  tick,
  mode: 'settle',
  iteration,
  ...(freeEnergy !== undefined ? { freeEnergy } : {}),
});

describe('freeEnergyTrace', () => {
  it('grows within a settle call and restarts with the next call', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // One settle call: recognize (tick 1) then iterations 1..3 (ticks 2..4);
      // the next call: recognize (tick 5) then iterations 1..2 (ticks 6..7).
      const values: Record<string, TickSummary> = {
        r: { tick: 1, mode: 'recognize', iteration: 0 },
        a: settle(2, 1, 9),
        b: settle(3, 2, 7),
        c: settle(4, 3, 6.5),
        s: { tick: 5, mode: 'recognize', iteration: 0 },
        d: settle(6, 1, 8),
        e: settle(7, 2, 5),
      };
      expectObservable(cold('rabcsde|', values).pipe(freeEnergyTrace())).toBe('-xyz-uv|', {
        x: [{ tick: 2, iteration: 1, freeEnergy: 9 }],
        y: [
          { tick: 2, iteration: 1, freeEnergy: 9 },
          { tick: 3, iteration: 2, freeEnergy: 7 },
        ],
        z: [
          { tick: 2, iteration: 1, freeEnergy: 9 },
          { tick: 3, iteration: 2, freeEnergy: 7 },
          { tick: 4, iteration: 3, freeEnergy: 6.5 },
        ],
        u: [{ tick: 6, iteration: 1, freeEnergy: 8 }],
        v: [
          { tick: 6, iteration: 1, freeEnergy: 8 },
          { tick: 7, iteration: 2, freeEnergy: 5 },
        ],
      });
    });
  });

  it('restarts on a repeated iteration (back-to-back one-iteration calls, 0-based numbering)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: settle(1, 0, 4), b: settle(2, 1, 3), c: settle(3, 0, 2) };
      expectObservable(cold('abc|', values).pipe(freeEnergyTrace())).toBe('xyz|', {
        x: [{ tick: 1, iteration: 0, freeEnergy: 4 }],
        y: [
          { tick: 1, iteration: 0, freeEnergy: 4 },
          { tick: 2, iteration: 1, freeEnergy: 3 },
        ],
        z: [{ tick: 3, iteration: 0, freeEnergy: 2 }],
      });
    });
  });

  it('ignores summaries without free energy and other modes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values: Record<string, TickSummary> = {
        a: settle(1, 1),
        b: { tick: 2, mode: 'generate', iteration: 0, freeEnergy: 1 },
        c: settle(3, 2, 5),
      };
      expectObservable(cold('abc|', values).pipe(freeEnergyTrace())).toBe('--x|', {
        x: [{ tick: 3, iteration: 2, freeEnergy: 5 }],
      });
    });
  });

  it('never mutates an array it already emitted', () => {
    const seen: (readonly FreeEnergyPoint[])[] = [];
    from([settle(1, 1, 3), settle(2, 2, 2), settle(3, 1, 1)])
      .pipe(freeEnergyTrace())
      .subscribe((trace) => seen.push(trace));
    expect(seen.map((trace) => trace.map((p) => p.tick))).toEqual([[1], [1, 2], [3]]);
  });
});
