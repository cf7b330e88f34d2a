/**
 * Activity snapshots: what viewers and recorders see of a tick. They are copies
 * (Float32Array), never live tensors, so a subscriber can hold one as long as it
 * likes without touching tensor memory.
 */

/** What a snapshot shows of an area. */
export type ActivityKind = 'state' | 'prediction' | 'predictionError';

/** The kind of sweep a tick belongs to. */
export type TickMode = 'recognize' | 'generate' | 'settle' | 'infer' | 'learn';

/** Summary statistics of one area's activity at one tick. */
export interface ActivityStats {
  /** Mean over all values of the batch (before down-sampling). */
  mean: number;
  /** Largest absolute value over the batch. */
  maxAbs: number;
  /** Root-mean-square over the batch: for a prediction error, its magnitude. */
  rms: number;
}

/**
 * A copy of what one area held (state, prediction or prediction error) at one tick, for viewers
 * and probes: plain numbers, no live tensors.
 */
export interface ActivitySnapshot {
  tick: number;
  mode: TickMode;
  /** Settling iteration within a `settle` call (0 for single sweeps). */
  iteration: number;
  area: string;
  kind: ActivityKind;
  /** The first batch row, down-sampled to at most the configured number of values. */
  values: Float32Array;
  /** Length of the row before down-sampling (the area's size). */
  size: number;
  /** How many neighbouring units each value averages (1 = no down-sampling). */
  stride: number;
  stats: ActivityStats;
}

/** One per tick, after the per-area snapshots of that tick. */
export interface TickSummary {
  tick: number;
  mode: TickMode;
  iteration: number;
  /** Free energy (nats) at the compare phase, for settle ticks. */
  freeEnergy?: number;
}
