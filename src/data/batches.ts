/**
 * Minibatch helpers: shuffled index batches, gathering images and labels by
 * index, dynamic binarisation, and balanced labelled subsets for
 * semi-supervised experiments.
 */
import { permutation } from '../random/rng.ts';
import type { Rng } from '../random/rng.ts';
import type { ImageSet } from './types.ts';
import { NeocortexError } from '../errors.ts';

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new NeocortexError('OPTION_INVALID', `${name} must be a positive integer, got ${value}`);
  }
}

/** One epoch: a random order of 0..count-1 cut into batches; the last may be smaller. */
export function shuffledBatches(count: number, batchSize: number, rng: Rng): Int32Array[] {
  checkPositiveInteger('batchSize', batchSize);
  if (!Number.isInteger(count) || count < 0) {
    throw new NeocortexError('OPTION_INVALID', `count must be an integer >= 0, got ${count}`);
  }
  const order = permutation(count, rng);
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    batches.push(order.slice(start, Math.min(start + batchSize, count)));
  }
  return batches;
}

function checkIndex(set: ImageSet, index: number, at: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= set.count) {
    throw new NeocortexError(
      'OPTION_INVALID',
      `index ${index} (position ${at}) outside 0..${set.count - 1} of ${set.name}`,
    );
  }
}

/** The images at the given indices, concatenated (indices.length * height * width). */
export function gatherImages(set: ImageSet, indices: ArrayLike<number>): Float32Array {
  const pixels = set.height * set.width;
  const out = new Float32Array(indices.length * pixels);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] ?? Number.NaN;
    checkIndex(set, index, k);
    out.set(set.images.subarray(index * pixels, (index + 1) * pixels), k * pixels);
  }
  return out;
}

/** The labels at the given indices. */
export function gatherLabels(set: ImageSet, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] ?? Number.NaN;
    checkIndex(set, index, k);
    out[k] = set.labels[index] ?? 0;
  }
  return out;
}

/** Dynamic binarisation: each pixel becomes 1 with probability equal to its value, else 0. */
export function binarize(pixels: Float32Array, rng: Rng): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i]!;
    // Pixels that are exactly 0 or 1 (most of MNIST) need no random draw.
    if (p <= 0) continue;
    out[i] = p >= 1 || rng.uniform() < p ? 1 : 0;
  }
  return out;
}

/**
 * Indices of perClass randomly chosen examples of each class 0..classes-1,
 * sorted ascending. Throws if a class has fewer than perClass examples.
 */
export function balancedSubset(
  labels: Uint8Array,
  perClass: number,
  classes: number,
  rng: Rng,
): Int32Array {
  checkPositiveInteger('perClass', perClass);
  checkPositiveInteger('classes', classes);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => {
    const members = byClass[label];
    if (members === undefined) {
      throw new NeocortexError(
        'DATA_INVALID',
        `label ${label} at index ${i} is not below classes = ${classes}`,
      );
    }
    members.push(i);
  });
  const chosen: number[] = [];
  byClass.forEach((members, label) => {
    if (members.length < perClass) {
      throw new NeocortexError(
        'DATA_INVALID',
        `class ${label} has only ${members.length} examples, ${perClass} per class requested ` +
          `(${perClass * classes} labels in all)`,
      );
    }
    const order = permutation(members.length, rng).subarray(0, perClass);
    for (const k of order) chosen.push(members[k] ?? Number.NaN);
  });
  return Int32Array.from(chosen.sort((a, b) => a - b));
}
