/**
 * The filling-in measurement of one pcvae: for each occlusion, each method's
 * error on the hidden pixels of every test image (fillIn.ts), and a grid of
 * examples: per occlusion, a row of originals, a row of what the model is shown
 * (hidden pixels grey), then a row per method of the image with its hidden
 * pixels filled in by the method.
 */
import * as tf from '@tensorflow/tfjs';
import type { PcVae } from '../../models/pcvae/index.ts';
import {
  composite,
  fillIn,
  fillInMethods,
  hiddenPixelError,
  type FillInMethod,
  type FillInSettle,
} from './fillIn.ts';
import { blankHidden, occlusionMask, type OcclusionName } from './occlusionMasks.ts';

/** How {@link measureFillIn} occludes and settles. */
export interface FillInOptions extends FillInSettle {
  occlusions: readonly OcclusionName[];
  /** `random`: the fraction of pixels hidden. */
  randomFraction: number;
  /** Seed of the random occlusion. */
  seed: number;
  /** Images settled at once. */
  batchSize: number;
  /** Images shown per row of the grid (0: no grid). */
  gridImages: number;
}

/** Errors on the hidden pixels, by occlusion and method. */
export type FillInErrors = Record<
  string,
  Partial<Record<FillInMethod, { crossEntropy: number; squaredError: number }>>
>;

/**
 * Measure every method on every occlusion. `pixels` are the test images (rows of
 * height · width), used both as what is shown and as the truth at the hidden pixels.
 * Returns the errors and the grid's pixels (image after image, `gridImages` a row).
 */
export function measureFillIn(
  model: PcVae,
  pixels: Float32Array,
  image: { height: number; width: number },
  options: FillInOptions,
): { errors: FillInErrors; grid: Float32Array | undefined; methods: FillInMethod[] } {
  const size = image.height * image.width;
  const count = pixels.length / size;
  const methods = fillInMethods(model);
  const errors: FillInErrors = {};
  const shown = Math.min(options.gridImages, count);
  const grid: Float32Array[] = [];
  for (const occlusion of options.occlusions) {
    const known = occlusionMask(occlusion, {
      ...image,
      count,
      fraction: options.randomFraction,
      seed: options.seed,
    });
    const blanked = blankHidden(pixels, known);
    const predictions = new Map<FillInMethod, Float32Array>(
      methods.map((m) => [m, new Float32Array(pixels.length)]),
    );
    for (let start = 0; start < count; start += options.batchSize) {
      const n = Math.min(options.batchSize, count - start);
      const range = [start * size, (start + n) * size] as const;
      const x = tf.tensor2d(blanked.subarray(...range), [n, size]);
      const mask = tf.tensor2d(known.subarray(...range), [n, size]);
      try {
        for (const method of methods) {
          predictions.get(method)!.set(fillIn(model, x, mask, method, options), range[0]);
        }
      } finally {
        tf.dispose([x, mask]);
      }
    }
    errors[occlusion] = Object.fromEntries(
      methods.map((m) => {
        const e = hiddenPixelError(predictions.get(m)!, pixels, known);
        return [m, { crossEntropy: e.crossEntropy, squaredError: e.squaredError }];
      }),
    );
    if (shown > 0) {
      // Examples spread evenly over the test set (which may be ordered by class).
      const picked = (a: Float32Array) => {
        const out = new Float32Array(shown * size);
        for (let j = 0; j < shown; j++) {
          const i = Math.floor((j * count) / shown);
          out.set(a.subarray(i * size, (i + 1) * size), j * size);
        }
        return out;
      };
      const originals = picked(pixels);
      const seen = picked(known);
      grid.push(originals);
      grid.push(originals.map((v, i) => (seen[i] === 0 ? 0.5 : v)));
      for (const m of methods) grid.push(composite(originals, picked(predictions.get(m)!), seen));
    }
  }
  if (grid.length === 0) return { errors, grid: undefined, methods };
  const out = new Float32Array(grid.reduce((a, g) => a + g.length, 0));
  let at = 0;
  for (const g of grid) {
    out.set(g, at);
    at += g.length;
  }
  return { errors, grid: out, methods };
}
