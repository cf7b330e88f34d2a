/** The replay timeline's words: times as a clock reads them, and the speeds offered. */

/** Speeds the timeline offers (the server takes any from 0.25 to 8). */
export const replaySpeeds = [0.25, 0.5, 1, 2, 4, 8] as const;

/** `83_400` -> `1:23`; `3_723_000` -> `1:02:03`. */
export function clockTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The slider's value in words: `1:23 of 5:00`. */
export function timelineText(positionMs: number, durationMs: number): string {
  return `${clockTime(positionMs)} of ${clockTime(durationMs)}`;
}
