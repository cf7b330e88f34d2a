/** Test helpers: hand-made activity snapshots and a TestScheduler that asserts with vitest. */
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { ActivityKind, ActivitySnapshot, TickMode } from '../../../src/cortex/activity.ts';

/** A snapshot of `area`/`kind` at `tick`, its values a recognisable function of all three. */
export function snapshot(
  area: string,
  kind: ActivityKind,
  tick: number,
  options: { mode?: TickMode; iteration?: number; values?: number[] } = {},
): ActivitySnapshot {
  const values = Float32Array.from(options.values ?? [tick, tick + 0.5]);
  return {
    tick,
    mode: options.mode ?? 'recognize',
    iteration: options.iteration ?? 0,
    area,
    kind,
    values,
    size: values.length,
    stride: 1,
    stats: { mean: tick, maxAbs: Math.abs(tick), rms: Math.abs(tick) },
  };
}

export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}
