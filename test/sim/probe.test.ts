import { Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ActivitySnapshot } from '../../src/cortex/activity.ts';
import { Probe, probeActivity } from '../../src/sim/probe.ts';
import { snapshot } from '../cortex/operators/fixtures.ts';

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

describe('Probe', () => {
  it('holds at most capacity items over 100,000 records, oldest first', () => {
    const probe = new Probe<number>(1000);
    for (let i = 0; i < 100_000; i++) {
      probe.record(i);
      if (probe.size !== Math.min(i + 1, probe.capacity)) {
        throw new Error(`size ${probe.size} after record ${i}`);
      }
    }
    expect(probe.size).toBe(1000);
    expect(probe.dropped).toBe(99_000);
    expect(probe.toArray()).toEqual(range(99_000, 100_000));
    expect(probe.latest()).toBe(99_999);
  });

  it('matches "the last capacity items" at every fill level, including wrap points', () => {
    for (const capacity of [1, 2, 3, 7]) {
      const probe = new Probe<number>(capacity);
      expect(probe.toArray()).toEqual([]);
      expect(probe.latest()).toBeUndefined();
      for (let n = 1; n <= 3 * capacity + 1; n++) {
        probe.record(n - 1);
        expect(probe.toArray()).toEqual(range(Math.max(0, n - capacity), n));
        expect(probe.latest()).toBe(n - 1);
        expect(probe.dropped).toBe(Math.max(0, n - capacity));
      }
    }
  });

  it('clear() forgets items and the dropped count, then records afresh', () => {
    const probe = new Probe<string>(2);
    for (const s of ['a', 'b', 'c']) probe.record(s);
    probe.clear();
    expect(probe.size).toBe(0);
    expect(probe.dropped).toBe(0);
    expect(probe.latest()).toBeUndefined();
    probe.record('d');
    expect(probe.toArray()).toEqual(['d']);
  });

  it('rejects a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 2.5, Number.NaN]) {
      expect(() => new Probe(capacity)).toThrow(/capacity must be a positive integer/);
    }
  });

  it('records an attached stream until unsubscribed', () => {
    const source$ = new Subject<number>();
    const probe = new Probe<number>(10);
    const subscription = probe.attach(source$);
    source$.next(1);
    source$.next(2);
    subscription.unsubscribe();
    source$.next(3);
    expect(probe.toArray()).toEqual([1, 2]);
    expect(source$.observed).toBe(false);
  });

  it('keeps what it has and holds the error when the source fails', () => {
    const probe = new Probe<number>(3);
    probe.record(1);
    const failure = new Error('model diverged');
    probe.attach(throwError(() => failure));
    expect(probe.toArray()).toEqual([1]);
    expect(probe.error).toBe(failure);
  });
});

describe('probeActivity', () => {
  const emitTicks = (activity$: Subject<ActivitySnapshot>, ticks: number): void => {
    for (let tick = 1; tick <= ticks; tick++) {
      for (const area of ['v1', 'v2']) {
        activity$.next(snapshot(area, 'state', tick));
        activity$.next(snapshot(area, 'predictionError', tick));
      }
    }
  };
  const label = (s: ActivitySnapshot): string => `${s.tick}:${s.area}/${s.kind}`;

  it('records only the chosen areas and kinds', () => {
    const activity$ = new Subject<ActivitySnapshot>();
    const { probe } = probeActivity(activity$, {
      capacity: 100,
      areas: ['v2'],
      kinds: ['predictionError'],
    });
    emitTicks(activity$, 3);
    expect(probe.toArray().map(label)).toEqual([
      '1:v2/predictionError',
      '2:v2/predictionError',
      '3:v2/predictionError',
    ]);
  });

  it('samples every nth tick and stays within capacity', () => {
    const activity$ = new Subject<ActivitySnapshot>();
    const { probe, subscription } = probeActivity(activity$, {
      capacity: 4,
      areas: ['v1'],
      every: 5,
    });
    emitTicks(activity$, 20);
    // Ticks 5, 10, 15, 20 pass, two v1 snapshots each: 8 recorded, 4 kept.
    expect(probe.toArray().map(label)).toEqual([
      '15:v1/state',
      '15:v1/predictionError',
      '20:v1/state',
      '20:v1/predictionError',
    ]);
    expect(probe.dropped).toBe(4);
    subscription.unsubscribe();
    expect(activity$.observed).toBe(false);
    emitTicks(activity$, 25);
    expect(probe.latest()?.tick).toBe(20);
  });

  it('records everything with no filters', () => {
    const activity$ = new Subject<ActivitySnapshot>();
    const { probe } = probeActivity(activity$, { capacity: 100 });
    emitTicks(activity$, 2);
    expect(probe.size).toBe(8);
  });

  it('checks its options before subscribing', () => {
    const activity$ = new Subject<ActivitySnapshot>();
    expect(() => probeActivity(activity$, { capacity: 10, every: 0 })).toThrow(/positive integer/);
    expect(() => probeActivity(activity$, { capacity: 0 })).toThrow(/capacity/);
    expect(() => probeActivity(activity$, { capacity: 10, areas: [] })).toThrow(/areas/);
    expect(activity$.observed).toBe(false);
  });
});
