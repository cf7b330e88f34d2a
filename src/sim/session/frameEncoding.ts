/**
 * Compact encodings of a frame's pictures and areas: intensities as bytes,
 * signed errors as signed bytes, and large areas averaged down. All inputs and
 * outputs are plain typed arrays (copies), never tensors.
 */
import { downsample } from '../../cortex/snapshot.ts';

/** Values in 0..1 to 0..255 (clipped, rounded). */
export function toIntensityBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
  }
  return out;
}

/** Values in -1..1 to -127..127 (clipped, rounded half away from zero: symmetric). */
export function toSignedBytes(values: ArrayLike<number>): Int8Array {
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v <= -1 ? -127 : v >= 1 ? 127 : Math.sign(v) * Math.round(Math.abs(v) * 127);
  }
  return out;
}

/** How many values an area of `size` units shows in a frame. */
export function displaySizeOf(size: number, maxValues: number, isPicture: boolean): number {
  if (isPicture || size <= maxValues) return size;
  return Math.ceil(size / Math.ceil(size / maxValues));
}

/** An area's row as a frame shows it: averaged down to at most `maxValues` (pictures whole). */
export function displayValues(
  row: Float32Array,
  maxValues: number,
  isPicture: boolean,
): Float32Array {
  return isPicture ? row.slice() : downsample(row, maxValues).values;
}

/** Softmax of logits, as probabilities. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  return out;
}
