import * as tf from '@tensorflow/tfjs';
import type { HierarchySpecInput } from '../../src/cortex/index.ts';
import { reciprocalPathways } from '../../src/cortex/index.ts';

/** A small three-area hierarchy for exact checks: sensory(6, bernoulli) - middle(5, tanh) - top(3). */
export function smallSpec(seed = 3): HierarchySpecInput {
  const areas = [
    { name: 'sensory', size: 6, activation: 'sigmoid' as const, likelihood: 'bernoulli' as const },
    { name: 'middle', size: 5, activation: 'tanh' as const, precision: 2 },
    { name: 'top', size: 3 },
  ];
  return { areas, pathways: reciprocalPathways(areas.map((a) => a.name)), seed };
}

export function binaryInput(batch: number, size: number, seed: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.cast(tf.greater(tf.randomUniform([batch, size], 0, 1, 'float32', seed), 0.5), 'float32'),
  ) as tf.Tensor2D;
}

export { expectClose } from '../helpers/expectClose.ts';
