import { defer, filter, map } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { ActivitySnapshot } from '../activity.ts';

/** An area's prediction and prediction error from the same tick. */
export interface PredictionErrorPair {
  tick: number;
  area: string;
  prediction: ActivitySnapshot;
  predictionError: ActivitySnapshot;
}

/** The half-made pair an area is waiting to complete (at most one per area). */
export interface PendingPair {
  tick: number;
  prediction?: ActivitySnapshot;
  predictionError?: ActivitySnapshot;
}

/**
 * Pairs each area's `prediction` snapshot with the same area's `predictionError`
 * snapshot of the same tick, in whichever order they arrive. `state` snapshots are
 * ignored. Each area holds at most one unmatched half: a snapshot from a later tick
 * drops it, and a half older than the one held is dropped on arrival. If the same half
 * arrives twice for a tick, the later one is kept.
 */
export function pairPredictionWithError(): OperatorFunction<ActivitySnapshot, PredictionErrorPair> {
  return (source) =>
    defer(() => {
      const pending = new Map<string, PendingPair>();
      return source.pipe(
        map((snapshot) => pairStep(pending, snapshot)),
        filter((pair): pair is PredictionErrorPair => pair !== undefined),
      );
    });
}

/**
 * One step of the pairing: updates `pending` (area -> unmatched half) and returns the
 * completed pair, if this snapshot completed one. `pending` never holds more entries
 * than there are areas.
 */
export function pairStep(
  pending: Map<string, PendingPair>,
  snapshot: ActivitySnapshot,
): PredictionErrorPair | undefined {
  if (snapshot.kind === 'state') return undefined;
  const held = pending.get(snapshot.area);
  if (held !== undefined && snapshot.tick < held.tick) return undefined;
  const half: PendingPair =
    held !== undefined && held.tick === snapshot.tick ? held : { tick: snapshot.tick };
  half[snapshot.kind] = snapshot;
  if (half.prediction !== undefined && half.predictionError !== undefined) {
    pending.delete(snapshot.area);
    return {
      tick: half.tick,
      area: snapshot.area,
      prediction: half.prediction,
      predictionError: half.predictionError,
    };
  }
  pending.set(snapshot.area, half);
  return undefined;
}
