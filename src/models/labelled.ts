/** Which training images keep their labels: N of them, balanced across classes. */
import { balancedSubset } from '../data/index.ts';
import { NeocortexError } from '../errors.ts';
import { createRng } from '../random/rng.ts';

/**
 * N/classes images of each class (seeded by the run's seed), or undefined for all when
 * `labels` is not given. Says so through `print` when N does not divide evenly.
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
  if (perClass < 1) {
    throw new NeocortexError(
      'SPEC_INVALID',
      `labels ${labels}: need at least one a class (the data has ${classes} classes)`,
    );
  }
  const labelled = balancedSubset(trainLabels, perClass, classes, createRng(seed).fork('labels'));
  if (labels % classes !== 0) {
    print(`labels ${labels}: using ${labelled.length} (${perClass} a class)`);
  }
  return labelled;
}
