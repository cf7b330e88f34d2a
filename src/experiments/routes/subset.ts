/** Smaller image sets for experiments: a seeded random subset, or the images at given indices. */
import { gatherImages, gatherLabels, type ImageSet } from '../../data/index.ts';
import { permutation, type Rng } from '../../random/rng.ts';

/** The images of `set` at `indices`, in that order, with their labels. */
export function subsetAt(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  return {
    ...set,
    images: gatherImages(set, indices),
    labels: gatherLabels(set, indices),
    count: indices.length,
  };
}

/** `count` images drawn without replacement (all of them, in order, if count >= set.count). */
export function randomSubset(set: ImageSet, count: number, rng: Rng): ImageSet {
  if (count >= set.count) return set;
  const chosen = permutation(set.count, rng)
    .subarray(0, count)
    .sort((a, b) => a - b);
  return subsetAt(set, chosen);
}
