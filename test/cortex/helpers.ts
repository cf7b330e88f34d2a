import * as tf from '@tensorflow/tfjs';
import type { Area, CortexMap, Hierarchy, HierarchySpecInput } from '../../src/cortex/index.ts';
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

/** The map of the (one) recognition pathway into `area`: in a chain, from the area below. */
export function recognitionMapOf(h: Hierarchy, area: Area): CortexMap {
  const found = h.pathways.filter((p) => p.role === 'recognition' && p.to === area);
  if (found.length !== 1) throw new Error(`${area.name}: ${found.length} recognition pathways`);
  return found[0]!.map;
}

/** The map of the (one) predictive pathway out of `area`: in a chain, to the area below. */
export function generativeMapOf(h: Hierarchy, area: Area): CortexMap {
  const found = h.pathways.filter((p) => p.role === 'prediction' && p.from === area);
  if (found.length !== 1) throw new Error(`${area.name}: ${found.length} predictive pathways`);
  return found[0]!.map;
}
