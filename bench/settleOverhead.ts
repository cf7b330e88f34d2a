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
  withViewerIterationsPerSecond: number;
  maxEnergyDifference: number;
}

export function settleOverhead(
  images: ImageSet,
  iterations = 400,
  rounds = 5,
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
    let hierarchyMs = Infinity;
    let directMs = Infinity;
    // Interleave rounds and keep the best of each, to damp a noisy machine.
    for (let r = 0; r < rounds; r++) {
      h.recognize(x);
      let t = performance.now();
      directSettle(h, x, iterations, stepSize);
      directMs = Math.min(directMs, (performance.now() - t) / iterations);
      t = performance.now();
      h.settle(x, { iterations, stepSize });
      hierarchyMs = Math.min(hierarchyMs, (performance.now() - t) / (iterations + 1));
    }
    const subscription = h.activity$.subscribe(() => undefined);
    let viewerMs = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      h.settle(x, { iterations, stepSize });
      viewerMs = Math.min(viewerMs, (performance.now() - t) / (iterations + 1));
    }
    subscription.unsubscribe();
    return {
      iterationsPerSecond: 1000 / hierarchyMs,
      directIterationsPerSecond: 1000 / directMs,
      overheadShare: (hierarchyMs - directMs) / directMs,
      withViewerIterationsPerSecond: 1000 / viewerMs,
      maxEnergyDifference,
    };
  } finally {
    x.dispose();
    h.dispose();
  }
}
