/**
 * The session's control settings and the checks a control's value must pass
 * before it is applied. A refused value throws a ControlError naming the
 * problem; nothing changes.
 */
import { NeocortexError } from '../../errors.ts';
import type { Occlusion, SessionMode } from './vocabulary.ts';

/** A live-session control was refused (code `CONTROL_REFUSED`). */
export class ControlError extends NeocortexError {
  /** @param message - why the control was refused */
  constructor(message: string) {
    super('CONTROL_REFUSED', message);
  }
}

/** What the controls have set (besides play, pause and speed, which the tick runner holds). */
export interface ControlSettings {
  mode: SessionMode;
  /** One entry per top-area unit: the held value, or null when free. */
  clamp: (number | null)[];
  occlusion: Occlusion | null;
  feedbackLesioned: boolean;
  /** Settle mode moves to the next test image by itself once a run is done (off: it stays). */
  settleAutoAdvance: boolean;
  /**
   * Stay on this input: no mode moves on by itself (train mode keeps showing it while it
   * trains, settle mode does not auto-advance, generate mode holds its dream). The user's
   * own picks (next, previous, a class, a drawing) still change it.
   */
  inputHeld: boolean;
}

/** Settle iterations per second a session may run at: slow enough to follow, up to the tick rate's top. */
export const SETTLE_SPEED_RANGE = [0.5, 120] as const;

/** Refuse a settle speed outside {@link SETTLE_SPEED_RANGE} (iterations per second). */
export function checkSettleSpeed(iterationsPerSecond: number): void {
  const [low, high] = SETTLE_SPEED_RANGE;
  if (
    typeof iterationsPerSecond !== 'number' ||
    !(iterationsPerSecond >= low && iterationsPerSecond <= high)
  ) {
    throw new ControlError(
      `settle speed: expected ${low} to ${high} iterations per second, got ${String(iterationsPerSecond)}`,
    );
  }
}

/**
 * Refuse an on/off setting that is not a boolean (a caller outside TypeScript
 * may send `"yes"` or 1); `name` is the setting's, for the message.
 */
export function checkSwitch(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new ControlError(`${name}: expected true or false, got ${shown} (${typeof value})`);
  }
}

/** Refuse a drawn input that is not one value per pixel. */
export function checkInput(pixels: ArrayLike<number>, pixelsPerImage: number): void {
  if (pixels.length !== pixelsPerImage) {
    throw new ControlError(`input: expected ${pixelsPerImage} pixels, got ${pixels.length}`);
  }
}

/** Refuse clamp values that are not one per unit of the top area (named). */
export function checkClamp(
  values: readonly (number | null)[],
  topSize: number,
  topName: string,
): void {
  if (values.length !== topSize) {
    throw new ControlError(
      `clamp: expected ${topSize} values (one per unit of the top area ${topName}), got ${values.length}`,
    );
  }
}
