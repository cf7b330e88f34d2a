/** Which training images may keep their labels: `--labels N`, balanced across classes. */
import { balancedSubset } from '../data/index.ts';
import { createRng } from '../random/rng.ts';

/**
 * N/classes images of each class (seeded by the run's seed), or undefined for
 * all when `labels` is not given. Says so when N does not divide evenly.
 */
export function chooseLabelled(
  trainLabels: Uint8Array,
  classes: number,
  labels: number | undefined,
  seed: number,
  print: (line: string) => void,
): Int32Array | undefined {
  if (labels === undefined) return undefined;
  const perClass = Math.floor(labels / classes);
  if (perClass < 1) throw new Error(`--labels ${labels}: need at least one a class`);
  const labelled = balancedSubset(trainLabels, perClass, classes, createRng(seed).fork('labels'));
  if (labels % classes !== 0) {
    print(`--labels ${labels}: using ${labelled.length} (${perClass} a class)`);
  }
  return labelled;
}
