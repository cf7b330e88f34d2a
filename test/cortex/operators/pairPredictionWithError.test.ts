import { describe, expect, it } from 'vitest';
import {
  pairPredictionWithError,
  pairStep,
} from '../../../src/cortex/operators/pairPredictionWithError.ts';
import type { PendingPair } from '../../../src/cortex/operators/pairPredictionWithError.ts';
import { snapshot, testScheduler } from './fixtures.ts';

const p1 = snapshot('v1', 'prediction', 1);
const e1 = snapshot('v1', 'predictionError', 1);
const s1 = snapshot('v1', 'state', 1);
const p2 = snapshot('v1', 'prediction', 2);
const e2 = snapshot('v1', 'predictionError', 2);
const q1 = snapshot('v2', 'prediction', 1);
const f1 = snapshot('v2', 'predictionError', 1);

describe('pairPredictionWithError', () => {
  it('pairs prediction and error of the same area and tick, in either order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('psqefg|', { p: p1, s: s1, q: q1, e: e1, f: e2, g: p2 });
      expectObservable(source.pipe(pairPredictionWithError())).toBe('---x-y|', {
        x: { tick: 1, area: 'v1', prediction: p1, predictionError: e1 },
        y: { tick: 2, area: 'v1', prediction: p2, predictionError: e2 },
      });
    });
  });

  it('keeps areas apart even when their halves interleave', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('pqfe|', { p: p1, q: q1, f: f1, e: e1 });
      expectObservable(source.pipe(pairPredictionWithError())).toBe('--xy|', {
        x: { tick: 1, area: 'v2', prediction: q1, predictionError: f1 },
        y: { tick: 1, area: 'v1', prediction: p1, predictionError: e1 },
      });
    });
  });

  it('drops an unmatched half when a later tick arrives, and ignores stale halves', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // p1 is superseded by e2; the late e1 must not pair with the dropped p1,
      // and tick 2 still pairs when its prediction arrives.
      const source = cold('pfeg|', { p: p1, f: e2, e: e1, g: p2 });
      expectObservable(source.pipe(pairPredictionWithError())).toBe('---y|', {
        y: { tick: 2, area: 'v1', prediction: p2, predictionError: e2 },
      });
    });
  });

  it('keeps separate state per subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const paired = pairPredictionWithError();
      expectObservable(cold('p|', { p: p1 }).pipe(paired)).toBe('-|');
      expectObservable(cold('-e|', { e: e1 }).pipe(paired)).toBe('--|');
    });
  });

  it('holds at most one unmatched half per area over many ticks', () => {
    const pending = new Map<string, PendingPair>();
    const areas = ['v1', 'v2', 'v3'];
    let pairs = 0;
    let largest = 0;
    for (let tick = 1; tick <= 10_000; tick++) {
      for (const area of areas) {
        // Only predictions on odd ticks, only errors on even ticks: nothing ever pairs.
        const kind = tick % 2 === 1 ? 'prediction' : 'predictionError';
        if (pairStep(pending, snapshot(area, kind, tick)) !== undefined) pairs += 1;
        largest = Math.max(largest, pending.size);
      }
    }
    expect(pairs).toBe(0);
    expect(largest).toBe(areas.length);
    expect([...pending.values()].map((half) => half.tick)).toEqual([10_000, 10_000, 10_000]);
    // Completing the last tick empties the area's slot.
    expect(pairStep(pending, snapshot('v1', 'prediction', 10_000))?.tick).toBe(10_000);
    expect(pending.has('v1')).toBe(false);
  });
});
