/**
 * What a recording holds besides frames: the typed list of recordable events. A broadcast
 * event joins the recording with one line here (its name and payload type) and one
 * `recorder.record(name, payload)` where it is sent; the replay sends it back to viewers
 * under the same name, and after a seek sends the latest one before the new position.
 */
import type { CurvePoint, LastControl, LatentPoint, LessonUpdate, SessionState } from '../wire.ts';

/** Every recordable event by name, with its payload. */
export interface RecordableEvents {
  /** The session's state, on every change (the `state` socket event). */
  state: SessionState;
  /** Training-curve points, recorded with the frame after them (a frame's `curvePoints`). */
  curve: CurvePoint[];
  /** Latent-view points, recorded with the frame after them (a frame's `latentPoints`). */
  latent: LatentPoint[];
  /** The lessons on offer and the step shown to every viewer (the `lesson` socket event). */
  lesson: LessonUpdate;
  /** What the controller did last (the `last-control` socket event). */
  'last-control': LastControl;
}

/** A recordable event's name. */
export type RecordableEvent = keyof RecordableEvents;

/** The names of {@link RecordableEvents}, in the order a replay restores them after a seek. */
export const RECORDABLE_EVENTS = [
  'state',
  'curve',
  'latent',
  'lesson',
  'last-control',
] as const satisfies readonly RecordableEvent[];

/**
 * Events the replay broadcasts as they are (everything but the state and the points, which
 * reach viewers through their feeds, as on the live server); after a seek the latest of each
 * before the new position is sent again.
 */
export const BROADCAST_EVENTS: readonly RecordableEvent[] = RECORDABLE_EVENTS.filter(
  (name) => name !== 'state' && name !== 'curve' && name !== 'latent',
);

/** Whether `name` is a recordable event. */
export function isRecordableEvent(name: string): name is RecordableEvent {
  return (RECORDABLE_EVENTS as readonly string[]).includes(name);
}
