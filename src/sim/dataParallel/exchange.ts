/**
 * The memory two replicas of one model share while they train data-parallel:
 * a control block (step numbers and flags, read and written with `Atomics`),
 * the pixels of the replica's half of each batch, each side's gradient
 * (flattened in the order of the model's variables) and the replica's loss.
 * Plain shared arrays, no tensors: both threads read them.
 */

/** Slots of the control block (Int32). */
export const Slot = {
  /** Number of the last command the main thread posted. */
  seq: 0,
  /** What the command asks: {@link Command}. */
  command: 1,
  /** Rows of the batch the replica takes (its pixels are in `pixels`). */
  replicaRows: 2,
  /** Rows the main thread takes. */
  mainRows: 3,
  /** The replica's noise seed (uint32 stored as int32). */
  seed: 4,
  /** Set to the step's number when the replica's gradient and loss are written. */
  replicaGradient: 5,
  /** Set to the step's number when the main thread's gradient is written. */
  mainGradient: 6,
  /** Set to the step's number when the main thread has combined its part of the gradient. */
  mainCombined: 7,
  /** Set to the step's number when the replica has combined its part of the gradient. */
  replicaCombined: 8,
  /** Set to the step's number when the replica has read the combined gradient. */
  replicaRead: 9,
  /** 1 once the replica has failed; it then answers nothing more. */
  failed: 10,
  /** Set to the command's number when the replica has written its weights (snapshot). */
  snapshot: 11,
} as const;

/** Commands the main thread posts in {@link Slot.command}. */
export const Command = {
  step: 1,
  stop: 2,
  /** Write the replica's weights into `replicaGradient` (to check they equal the main thread's). */
  snapshot: 3,
} as const;

const CONTROL_SLOTS = 16;

/** The shared arrays of one data-parallel pair (both threads hold views of the same memory). */
export interface Exchange {
  control: Int32Array;
  /** The replica's rows of the current batch. */
  pixels: Float32Array;
  /** The main thread's gradient, flattened. */
  mainGradient: Float32Array;
  /** The replica's gradient, flattened. */
  replicaGradient: Float32Array;
  /** The whole batch's gradient: each thread combines one part of it. */
  combined: Float32Array;
  /** The replica's mean -ELBO and reconstruction term on its rows. */
  replicaLoss: Float64Array;
}

/** The shared buffers behind an {@link Exchange}, as sent to the replica's thread. */
export interface ExchangeBuffers {
  control: SharedArrayBuffer;
  pixels: SharedArrayBuffer;
  mainGradient: SharedArrayBuffer;
  replicaGradient: SharedArrayBuffer;
  combined: SharedArrayBuffer;
  replicaLoss: SharedArrayBuffer;
}

/** Allocate the shared buffers for batches of up to `maxRows` rows of `inputSize` and `parameters` weights. */
export function allocateExchange(
  inputSize: number,
  maxRows: number,
  parameters: number,
): ExchangeBuffers {
  return {
    control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    pixels: new SharedArrayBuffer(Math.max(1, maxRows * inputSize) * 4),
    mainGradient: new SharedArrayBuffer(parameters * 4),
    replicaGradient: new SharedArrayBuffer(parameters * 4),
    combined: new SharedArrayBuffer(parameters * 4),
    replicaLoss: new SharedArrayBuffer(2 * 8),
  };
}

/** Typed views of the shared buffers. */
export function viewExchange(buffers: ExchangeBuffers): Exchange {
  return {
    control: new Int32Array(buffers.control),
    pixels: new Float32Array(buffers.pixels),
    mainGradient: new Float32Array(buffers.mainGradient),
    replicaGradient: new Float32Array(buffers.replicaGradient),
    combined: new Float32Array(buffers.combined),
    replicaLoss: new Float64Array(buffers.replicaLoss),
  };
}

/** Set a control slot and wake whoever waits on it. */
export function signal(control: Int32Array, slot: number, value: number): void {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
}

/**
 * The gradient of the whole batch from its two halves, at positions
 * [start, end): the row-weighted mean (mainRows · main + replicaRows · replica)
 * / rows, element by element, in float64 then rounded to float32 into `out`.
 * The two threads each combine one part ({@link combinedPart}) of the same
 * shared `out`, and then both apply it: the two replicas stay bit-identical.
 */
export function combineGradients(
  main: Float32Array,
  replica: Float32Array,
  mainRows: number,
  replicaRows: number,
  out: Float32Array,
  start = 0,
  end = out.length,
): void {
  const rows = mainRows + replicaRows;
  if (replicaRows === 0) {
    out.set(main.subarray(start, end), start);
    return;
  }
  for (let i = start; i < end; i++) {
    out[i] = (mainRows * main[i]! + replicaRows * replica[i]!) / rows;
  }
}

/** The positions of the combined gradient a thread computes: the main thread the first half. */
export function combinedPart(side: 'main' | 'replica', length: number): [number, number] {
  const half = Math.ceil(length / 2);
  return side === 'main' ? [0, half] : [half, length];
}

/**
 * The replica's noise seed for a batch whose main-thread half uses `seed`: a
 * different stream (the two halves must not share their posterior noise).
 */
export function replicaSeed(seed: number): number {
  return (seed + 0x9e3779b9) >>> 0;
}
