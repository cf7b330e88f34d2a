/**
 * Building a hierarchy from its description: validate, wire areas and
 * pathways, and dry-run one sample through every map, so a shape problem fails
 * at build time with a clear message, not at tick 10,000.
 */
import * as tf from '@tensorflow/tfjs';
import { Clock } from './clock.ts';
import { Hierarchy } from './hierarchy.ts';
import { applyMap } from './maps.ts';
import {
  parseHierarchySpec,
  SpecError,
  type HierarchySpec,
  type HierarchySpecInput,
} from './spec.ts';
import { validateTopology } from './validate.ts';

/**
 * Validate a description, build its areas and pathways, and dry-run one sample
 * through every map so a shape problem fails now, with a clear message.
 */
export function buildHierarchy(
  input: HierarchySpecInput | HierarchySpec,
  clock = new Clock(),
): Hierarchy {
  const spec = parseHierarchySpec(input);
  validateTopology(spec);
  const hierarchy = new Hierarchy(spec, clock);
  try {
    tf.tidy(() => {
      for (const area of hierarchy.areas.slice(1)) {
        const below = hierarchy.areas[area.index - 1]!;
        const up = applyMap(area.recognitionMap!, tf.zeros([1, below.size]));
        const expectedUp = area.spec.stochastic ? 2 * area.size : area.size;
        if (up.shape[1] !== expectedUp) {
          throw new SpecError(
            `recognition map into ${area.name} gives ${up.shape[1]} values, expected ${expectedUp}`,
          );
        }
        const down = applyMap(area.generativeMap!, tf.zeros([1, area.size]));
        if (down.shape[1] !== below.size) {
          throw new SpecError(
            `generative map of ${area.name} predicts ${down.shape[1]} values but ${below.name} has ${below.size}`,
          );
        }
      }
    });
  } catch (error) {
    hierarchy.dispose();
    if (error instanceof SpecError) throw error;
    throw new SpecError(`hierarchy failed its build check: ${(error as Error).message}`);
  }
  return hierarchy;
}
