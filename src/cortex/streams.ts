/**
 * What a hierarchy shows of its ticks: at each tick's record phase every area's state on its
 * `state$`, copies of its state, prediction and prediction error on `activity$` (only while
 * someone watches), one summary on `tick$`; every phase as it starts on `phase$`. Also the
 * signal an area sends on a pathway stream. Viewers get Float32Array copies, never tensors.
 */
import type * as tf from '@tensorflow/tfjs';
import { Subject, type Observable } from 'rxjs';
import type { ActivityKind, ActivitySnapshot, TickMode, TickSummary } from './activity.ts';
import type { Area } from './area.ts';
import type { PhaseEvent } from './phases.ts';
import type { SignalKind } from './signal.ts';
import { snapshotValues } from './snapshot.ts';

/** Where a signal or snapshot was made: its tick, the tick's mode and the settle iteration. */
export interface TickStamp {
  tick: number;
  mode: TickMode;
  iteration: number;
}

/** The signal `area` sends at `stamp`: a tensor of `kind` with its origin. */
export function signalOf(area: Area, stamp: TickStamp, kind: SignalKind, value: tf.Tensor2D) {
  return {
    tick: stamp.tick,
    mode: stamp.mode,
    iteration: stamp.iteration,
    from: area.name,
    kind,
    value,
  };
}

/** The observable streams of one hierarchy. */
export class HierarchyStreams {
  private readonly activity = new Subject<ActivitySnapshot>();
  private readonly ticks = new Subject<TickSummary>();
  private readonly phases = new Subject<PhaseEvent>();
  /** Copies of every area's activity at each tick's record phase. */
  readonly activity$: Observable<ActivitySnapshot> = this.activity.asObservable();
  /** One summary per tick, after its snapshots. */
  readonly tick$: Observable<TickSummary> = this.ticks.asObservable();
  /** Every phase as it starts. */
  readonly phase$: Observable<PhaseEvent> = this.phases.asObservable();

  /** A phase starts. */
  phase(event: PhaseEvent): void {
    this.phases.next(event);
  }

  /**
   * The record phase: each area's state on its `state$`; snapshots (averaged down to
   * `maxValues`) of state, prediction and error while `activity$` is watched; then the
   * tick's summary with its free energy, when one was measured.
   */
  record(areas: readonly Area[], stamp: TickStamp, maxValues: number, freeEnergy?: number): void {
    const snapshots = this.activity.observed;
    for (const area of areas) {
      area.state$.next(signalOf(area, stamp, 'state', area.state!));
      if (!snapshots) continue;
      this.snapshot(stamp, area, 'state', area.state, maxValues);
      this.snapshot(stamp, area, 'prediction', area.prediction, maxValues);
      this.snapshot(stamp, area, 'predictionError', area.predictionError, maxValues);
    }
    this.ticks.next({
      tick: stamp.tick,
      mode: stamp.mode,
      iteration: stamp.iteration,
      ...(freeEnergy !== undefined ? { freeEnergy } : {}),
    });
  }

  /** End every stream. */
  complete(): void {
    this.activity.complete();
    this.ticks.complete();
    this.phases.complete();
  }

  private snapshot(
    stamp: TickStamp,
    area: Area,
    kind: ActivityKind,
    t: tf.Tensor2D | undefined,
    maxValues: number,
  ): void {
    if (t === undefined) return;
    this.activity.next({
      tick: stamp.tick,
      mode: stamp.mode,
      iteration: stamp.iteration,
      area: area.name,
      kind,
      ...snapshotValues(t, maxValues),
    });
  }
}
