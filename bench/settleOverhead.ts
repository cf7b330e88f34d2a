/**
 * Settle iterations per second on the default 784-256-32 hierarchy, batch 1,
 * and the share of an iteration spent on RxJS and bookkeeping: time through the
 * hierarchy minus the same math written directly, over the direct time.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, defaultHierarchySpec } from '../src/cortex/index.ts';
import type { ImageSet } from '../src/data/index.ts';
import { directSettle } from './settleDirect.ts';

export interface SettleOverheadResult {
  iterationsPerSecond: number;
  directIterationsPerSecond: number;
  overheadShare: number;
  overheadShareQuartiles: [number, number];
  withViewerIterationsPerSecond: number;
  maxEnergyDifference: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

const median = (values: number[]): number => quantile(values, 0.5);

export function settleOverhead(
  images: ImageSet,
  iterations = 200,
  rounds = 21,
): SettleOverheadResult {
  const h = buildHierarchy(defaultHierarchySpec(1));
  const x = tf.tensor2d(images.images.subarray(0, 784), [1, 784]);
  const stepSize = 0.05;
  try {
    // Warm up both paths, and check they compute the same numbers.
    h.recognize(x);
    const direct = directSettle(h, x, 20, stepSize);
    const viaHierarchy = h.settle(x, { iterations: 20, stepSize }).freeEnergy;
    const maxEnergyDifference = Math.max(...direct.map((e, i) => Math.abs(e - viaHierarchy[i]!)));
    // Paired, alternating rounds; the median of the per-round ratios damps a noisy machine.
    const ratios: number[] = [];
    const hierarchyTimes: number[] = [];
    const directTimes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      h.recognize(x);
      let t = performance.now();
      directSettle(h, x, iterations, stepSize);
      const directMs = (performance.now() - t) / iterations;
      t = performance.now();
      h.settle(x, { iterations, stepSize });
      const hierarchyMs = (performance.now() - t) / (iterations + 1);
      ratios.push(hierarchyMs / directMs);
      hierarchyTimes.push(hierarchyMs);
      directTimes.push(directMs);
    }
    const subscription = h.activity$.subscribe(() => undefined);
    const viewerTimes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      h.settle(x, { iterations, stepSize });
      viewerTimes.push((performance.now() - t) / (iterations + 1));
    }
    subscription.unsubscribe();
    return {
      iterationsPerSecond: 1000 / median(hierarchyTimes),
      directIterationsPerSecond: 1000 / median(directTimes),
      overheadShare: median(ratios) - 1,
      overheadShareQuartiles: [quantile(ratios, 0.25) - 1, quantile(ratios, 0.75) - 1],
      withViewerIterationsPerSecond: 1000 / median(viewerTimes),
      maxEnergyDifference,
    };
  } finally {
    x.dispose();
    h.dispose();
  }
}
