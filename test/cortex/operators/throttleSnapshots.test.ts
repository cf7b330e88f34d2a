import { Subject, from } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { throttleSnapshots } from '../../../src/cortex/operators/throttleSnapshots.ts';
import type { ActivitySnapshot } from '../../../src/cortex/activity.ts';
import { snapshot, testScheduler } from './fixtures.ts';

const v1State1 = snapshot('v1', 'state', 1);
const v1State2 = snapshot('v1', 'state', 2);
const v1State3 = snapshot('v1', 'state', 3);
const v1Pred2 = snapshot('v1', 'prediction', 2);
const v2State2 = snapshot('v2', 'state', 2);
const v2State3 = snapshot('v2', 'state', 3);

describe('throttleSnapshots', () => {
  it('emits the latest snapshot per key at the end of each window, and nothing when quiet', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('ab-c---d-|', { a: v1State1, b: v1State2, c: v2State2, d: v1State3 });
      // window 0..4 holds a, b, c -> latest per key is b (v1/state) and c (v2/state);
      // frames 4..6 are quiet; d opens a window at 7 that closes at 11, after completion at 9.
      expectObservable(source.pipe(throttleSnapshots(4))).toBe('----x------(y|)', {
        x: [v1State2, v2State2],
        y: [v1State3],
      });
    });
  });

  it('keeps the order of first appearance (area, then kind) in every frame', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // v2 appears before v1, and v1's state before its prediction; later windows
      // receive them in the opposite order but frames keep the first order.
      const source = cold('ab------cde|', {
        a: v2State2,
        b: v1State2,
        c: v1Pred2,
        d: v1State3,
        e: v2State3,
      });
      expectObservable(source.pipe(throttleSnapshots(3))).toBe('---x-------(y|)', {
        x: [v2State2, v1State2],
        y: [v2State3, v1State3, v1Pred2],
      });
    });
  });

  it('collapses a burst of any length into one frame with one snapshot per key', () => {
    testScheduler().run(({ expectObservable }) => {
      const burst = Array.from({ length: 1000 }, (_, i) => [
        snapshot('v1', 'state', i + 1),
        snapshot('v1', 'predictionError', i + 1),
        snapshot('v2', 'state', i + 1),
      ]).flat();
      expectObservable(from(burst).pipe(throttleSnapshots(5))).toBe('-----(x|)', {
        x: [
          snapshot('v1', 'state', 1000),
          snapshot('v1', 'predictionError', 1000),
          snapshot('v2', 'state', 1000),
        ],
      });
    });
  });

  it('passes an error on at once, dropping the open window', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-#', { a: v1State1 }, new Error('boom'));
      expectObservable(source.pipe(throttleSnapshots(4))).toBe('--#', {}, new Error('boom'));
    });
  });

  it('cancels the pending window when the viewer unsubscribes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a---b---|', { a: v1State1, b: v1State2 });
      expectObservable(source.pipe(throttleSnapshots(3)), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('releases its timer when the viewer unsubscribes mid-window', () => {
    const scheduler = testScheduler();
    const timers: Subscription[] = [];
    const spy: SchedulerLike = {
      now: () => scheduler.now(),
      schedule: (...args: Parameters<SchedulerLike['schedule']>) => {
        const timer = scheduler.schedule(...args);
        timers.push(timer);
        return timer;
      },
    };
    const source$ = new Subject<ActivitySnapshot>();
    const frames: ActivitySnapshot[][] = [];
    const subscription = source$.pipe(throttleSnapshots(10, spy)).subscribe((f) => frames.push(f));
    source$.next(v1State1);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.closed).toBe(false);
    subscription.unsubscribe();
    expect(timers[0]!.closed).toBe(true);
    expect(source$.observed).toBe(false);
    scheduler.flush();
    expect(frames).toEqual([]);
  });

  it('completes at once when the source completes with no window open', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<ActivitySnapshot>('--|').pipe(throttleSnapshots(3))).toBe('--|');
    });
  });

  it('rejects a non-positive interval', () => {
    expect(() => throttleSnapshots(0)).toThrow(/intervalMs must be a positive number/);
    expect(() => throttleSnapshots(Number.NaN)).toThrow(/intervalMs/);
  });
});
