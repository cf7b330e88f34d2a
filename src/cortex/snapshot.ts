/** Copy a [batch, size] tensor into an activity snapshot's values and statistics. */
import type * as tf from '@tensorflow/tfjs';
import type { ActivityStats } from './activity.ts';

export interface SnapshotValues {
  values: Float32Array;
  size: number;
  stride: number;
  stats: ActivityStats;
}

/** Average neighbouring values so at most `maxValues` remain (stride = block length). */
export function downsample(
  row: Float32Array,
  maxValues: number,
): { values: Float32Array; stride: number } {
  if (row.length <= maxValues) return { values: row.slice(), stride: 1 };
  const stride = Math.ceil(row.length / maxValues);
  const out = new Float32Array(Math.ceil(row.length / stride));
  for (let i = 0; i < out.length; i++) {
    const start = i * stride;
    const end = Math.min(start + stride, row.length);
    let sum = 0;
    for (let j = start; j < end; j++) sum += row[j]!;
    out[i] = sum / (end - start);
  }
  return { values: out, stride };
}

export function snapshotValues(t: tf.Tensor2D, maxValues: number): SnapshotValues {
  const data = t.dataSync() as Float32Array;
  const size = t.shape[1];
  let sum = 0;
  let sumSquares = 0;
  let maxAbs = 0;
  for (const v of data) {
    sum += v;
    sumSquares += v * v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  const n = Math.max(data.length, 1);
  const { values, stride } = downsample(data.subarray(0, size), maxValues);
  return { values, size, stride, stats: { mean: sum / n, maxAbs, rms: Math.sqrt(sumSquares / n) } };
}
