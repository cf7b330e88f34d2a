/**
 * Building a hierarchy from its description: validate (names, graph, cycles),
 * wire areas and pathways, and dry-run one sample through every pathway's map,
 * so a shape problem fails at build time with a clear message, not at tick 10,000.
 */
import * as tf from '@tensorflow/tfjs';
import { Clock } from './clock.ts';
import { Hierarchy } from './hierarchy.ts';
import { applyMap } from './maps.ts';
import { driveWidth } from './pathway.ts';
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
      for (const pathway of hierarchy.pathways) {
        const drive = applyMap(pathway.map, tf.zeros([1, pathway.from.size]));
        const to = pathway.to;
        const expected = driveWidth(pathway.role, to);
        if (drive.shape[1] !== expected) {
          throw new SpecError(
            `pathway ${pathway.id}: its map gives ${drive.shape[1]} values but ${to.name} takes ${expected}`,
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
