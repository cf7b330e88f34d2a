/**
 * Local learning against backprop on the same network: the discriminative
 * predictive-coding network 784-256-256-10 (tanh hidden areas, a categorical label
 * area, predictions up), batch 128, Adam. Local: clamp the label, settle T = 20
 * iterations, one `learn` tick. Backprop: the mean cross-entropy of the feedforward
 * sweep through the same hierarchy. Also settle iterations per second alone.
 * Medians of `repeats` timed windows after a warm-up, on real MNIST batches.
 */
import * as tf from '@tensorflow/tfjs';
import { buildHierarchy, type Hierarchy } from '../src/cortex/index.ts';
import type { ImageSet } from '../src/data/index.ts';

/** What the local-learning benchmark measures (samples/s are images per second). */
export interface LocalLearningThroughput {
  localSamplesPerSecond: number;
  backpropSamplesPerSecond: number;
  settleIterationsPerSecond: number;
  inferenceSteps: number;
  batchSize: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function pcn(seed: number): Hierarchy {
  const names = ['image', 'h1', 'h2', 'label'];
  return buildHierarchy({
    areas: [
      { name: 'image', size: 784, prior: 'none' },
      { name: 'h1', size: 256, activation: 'tanh' },
      { name: 'h2', size: 256, activation: 'tanh' },
      { name: 'label', size: 10, likelihood: 'categorical' },
    ],
    pathways: names
      .slice(1)
      .map((to, i) => ({ from: names[i]!, to, kind: 'feedforward' as const })),
    predictions: 'up',
    seed,
  });
}

/** Time `steps` calls of `step` `repeats` times; the median seconds of one call. */
function timed(step: () => void, steps: number, repeats: number): number {
  for (let i = 0; i < 2; i++) step();
  const seconds: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < steps; i++) step();
    seconds.push((performance.now() - start) / 1000 / steps);
  }
  return median(seconds);
}

/** Local learning (T iterations) and backprop on the same network and batches. */
export function localLearningThroughput(
  train: ImageSet,
  options: { steps?: number; repeats?: number; inferenceSteps?: number; batchSize?: number } = {},
): LocalLearningThroughput {
  const { steps = 10, repeats = 3, inferenceSteps = 20, batchSize = 128 } = options;
  const x = tf.tensor2d(train.images.subarray(0, batchSize * 784), [batchSize, 784]);
  const y = tf
    .oneHot(tf.tensor1d(train.labels.subarray(0, batchSize), 'int32'), 10)
    .toFloat() as tf.Tensor2D;
  const h = pcn(1);
  const optimizer = tf.train.adam(1e-3);
  try {
    const local = timed(
      () => {
        h.clamp('label', y);
        h.settle(x, { iterations: inferenceSteps, stepSize: 0.1 });
        h.learn({ optimizer });
      },
      steps,
      repeats,
    );
    const settleOnly = timed(
      () => h.settle(x, { iterations: inferenceSteps, stepSize: 0.1 }),
      steps,
      repeats,
    );
    h.unclamp('label');
    // Adam keeps its state by position in the list it is given: backprop gets its own.
    const backpropOptimizer = tf.train.adam(1e-3);
    const variables = h.variables();
    const backprop = timed(
      () =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(
            () => tf.mean(tf.neg(tf.sum(tf.mul(y, tf.log(tf.maximum(h.recognize(x), 1e-30))), 1))),
            variables,
          );
          backpropOptimizer.applyGradients(
            grads as tf.NamedTensorMap as Record<string, tf.Variable>,
          );
        }),
      steps * 5,
      repeats,
    );
    backpropOptimizer.dispose();
    return {
      localSamplesPerSecond: batchSize / local,
      backpropSamplesPerSecond: batchSize / backprop,
      settleIterationsPerSecond: inferenceSteps / settleOnly,
      inferenceSteps,
      batchSize,
    };
  } finally {
    optimizer.dispose();
    h.dispose();
    tf.dispose([x, y]);
  }
}
