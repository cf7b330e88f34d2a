import { filter } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import type { ActivityKind, ActivitySnapshot } from '../activity.ts';
import { NeocortexError } from '../../errors.ts';

/** Which snapshots to keep: by area name and by kind (all when left out). */
export interface SnapshotSelection {
  /** Areas to pass; omit for all areas. */
  areas?: readonly string[];
  /** Kinds to pass; omit for all kinds. */
  kinds?: readonly ActivityKind[];
}

/**
 * Passes only snapshots of the chosen areas and kinds. An omitted list means "all";
 * an empty list is rejected at once (it would silently pass nothing).
 */
export function selectSnapshots(
  selection: SnapshotSelection = {},
): MonoTypeOperatorFunction<ActivitySnapshot> {
  const areas = toSet('areas', selection.areas);
  const kinds = toSet('kinds', selection.kinds);
  return filter(
    (snapshot: ActivitySnapshot) =>
      (areas === undefined || areas.has(snapshot.area)) &&
      (kinds === undefined || kinds.has(snapshot.kind)),
  );
}

function toSet<T>(name: string, list: readonly T[] | undefined): ReadonlySet<T> | undefined {
  if (list === undefined) return undefined;
  if (list.length === 0) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `selectSnapshots: ${name} is empty; omit it to pass all ${name}`,
    );
  }
  return new Set(list);
}
