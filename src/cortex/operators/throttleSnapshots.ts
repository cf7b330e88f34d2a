import { Observable, asyncScheduler } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import type { ActivityKind, ActivitySnapshot } from '../activity.ts';
import { NeocortexError } from '../../errors.ts';

/**
 * Frames for a viewer that draws at most once per `intervalMs`: the first snapshot
 * after a quiet spell opens a window; when the window ends (trailing edge) one frame
 * goes out holding the latest snapshot of each (area, kind) seen in the window, then
 * the window closes until the next snapshot. No snapshots in a window, no frame.
 *
 * A slow viewer skips intermediate snapshots instead of queueing them: memory is one
 * slot per (area, kind) key. Frames are ordered by area, then kind, each in order of
 * first appearance over the whole stream, so the order is the same in every frame.
 * When the source completes, the open window still runs out and emits its frame
 * before completing (the last state is never lost); an error is passed on at once.
 */
export function throttleSnapshots(
  intervalMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<ActivitySnapshot, ActivitySnapshot[]> {
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `throttleSnapshots: intervalMs must be a positive number, got ${intervalMs}`,
    );
  }
  return (source) =>
    new Observable<ActivitySnapshot[]>((subscriber) => {
      // area -> kind -> latest snapshot not yet sent (undefined once sent).
      // Map iteration follows first insertion, which gives the stable order.
      const slots = new Map<string, Map<ActivityKind, ActivitySnapshot | undefined>>();
      let openWindow: Subscription | undefined;
      let sourceDone = false;

      const flush = (): void => {
        openWindow = undefined;
        const frame: ActivitySnapshot[] = [];
        for (const kinds of slots.values()) {
          for (const [kind, snapshot] of kinds) {
            if (snapshot === undefined) continue;
            frame.push(snapshot);
            kinds.set(kind, undefined);
          }
        }
        if (frame.length > 0) subscriber.next(frame);
        if (sourceDone && openWindow === undefined) subscriber.complete();
      };

      const upstream = source.subscribe({
        next: (snapshot) => {
          let kinds = slots.get(snapshot.area);
          if (kinds === undefined) {
            kinds = new Map();
            slots.set(snapshot.area, kinds);
          }
          kinds.set(snapshot.kind, snapshot);
          openWindow ??= scheduler.schedule(flush, intervalMs);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          sourceDone = true;
          if (openWindow === undefined) subscriber.complete();
        },
      });

      return () => {
        upstream.unsubscribe();
        openWindow?.unsubscribe();
      };
    });
}
