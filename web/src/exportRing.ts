/**
 * The page's memory of recent frames for the activity export: every decoded frame of the
 * last `seconds` (by the frame's own time), at most `capacity` of them, oldest first. Memory
 * stays bounded however long the page runs.
 */
import type { Frame } from '../../src/server/wire.ts';

/** The longest window an activity export offers, in seconds. */
export const EXPORT_WINDOW_SECONDS = 60;

/** A bounded ring of recent frames (see the file's comment). */
export class FrameRing {
  private frames: Frame[] = [];

  constructor(
    readonly seconds = EXPORT_WINDOW_SECONDS,
    readonly capacity = 240 * EXPORT_WINDOW_SECONDS,
  ) {}

  /** Keep `frame`; drop what is older than the window or over the capacity. */
  add(frame: Frame): void {
    this.frames.push(frame);
    const oldest = frame.time - this.seconds * 1000;
    let drop = 0;
    while (drop < this.frames.length && this.frames[drop]!.time < oldest) drop += 1;
    drop = Math.max(drop, this.frames.length - this.capacity);
    if (drop > 0) this.frames = this.frames.slice(drop);
  }

  /** The frames held, oldest first. */
  get items(): readonly Frame[] {
    return this.frames;
  }
}
