import type { ActivitySnapshot } from '../activity.ts';

/** The identity of a snapshot's stream: `${area}/${kind}`, e.g. `v1/predictionError`. */
export function snapshotKey(snapshot: Pick<ActivitySnapshot, 'area' | 'kind'>): string {
  return `${snapshot.area}/${snapshot.kind}`;
}
