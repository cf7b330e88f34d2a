import { scan } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { ActivitySnapshot } from '../activity.ts';
import { snapshotKey } from './snapshotKey.ts';

/**
 * The current picture: after each snapshot, a map from `${area}/${kind}` to the latest
 * snapshot of that key (what a late-joining viewer needs to draw the whole hierarchy).
 * Each emission is a new map; earlier emissions are never mutated. Keys keep the order
 * in which they first appeared. Memory is bounded by the number of keys.
 */
export function latestByArea(): OperatorFunction<
  ActivitySnapshot,
  ReadonlyMap<string, ActivitySnapshot>
> {
  return scan(
    (latest: ReadonlyMap<string, ActivitySnapshot>, snapshot: ActivitySnapshot) =>
      new Map(latest).set(snapshotKey(snapshot), snapshot),
    new Map<string, ActivitySnapshot>(),
  );
}
