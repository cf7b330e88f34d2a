/**
 * A colour or bar scale that follows the data without flicker: it jumps up to a
 * new maximum at once and decays slowly when values shrink.
 */
export class RunningScale {
  private value: number;

  constructor(
    private readonly floor = 1e-3,
    private readonly decay = 0.985,
  ) {
    this.value = floor;
  }

  /** Update with the newest magnitude and return the scale. */
  update(magnitude: number): number {
    const m = Number.isFinite(magnitude) ? Math.abs(magnitude) : 0;
    this.value = Math.max(m, this.value * this.decay, this.floor);
    return this.value;
  }

  get current(): number {
    return this.value;
  }
}

/** Largest absolute value of an array (0 when empty). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}
