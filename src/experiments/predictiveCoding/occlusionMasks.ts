/**
 * The occlusions of the filling-in test, as masks of known pixels (1 seen, 0
 * hidden, row-major, one row per image) for `Hierarchy.occlude(known)`:
 * a quadrant (the bottom-right quarter), the bottom half, a centre square with
 * a quarter of the pixels, and random pixels (a seeded fraction per image).
 */
import { createRng } from '../../random/rng.ts';

/** The occlusions the experiment knows. */
export const OCCLUSIONS = ['quadrant', 'bottom-half', 'centre', 'random'] as const;
/** One of {@link OCCLUSIONS}. */
export type OcclusionName = (typeof OCCLUSIONS)[number];

/** Image size and, for `random`, the hidden fraction and the seed. */
export interface MaskOptions {
  height: number;
  width: number;
  /** Images (rows of the mask). */
  count: number;
  /** `random`: the fraction of each image's pixels hidden, in (0, 1). */
  fraction: number;
  /** `random`: seed of the hidden pixels (image i draws from its own stream). */
  seed: number;
}

/**
 * The known-pixel mask `[count · height · width]` of occlusion `name`. The fixed
 * shapes hide the same pixels of every image; `random` hides round(fraction ·
 * pixels) pixels of each image, chosen afresh per image.
 */
export function occlusionMask(name: OcclusionName, options: MaskOptions): Float32Array {
  const { height, width, count } = options;
  const pixels = height * width;
  if (name === 'random') {
    if (!(options.fraction > 0 && options.fraction < 1)) {
      throw new Error(`occlusion random: fraction must be in (0, 1), got ${options.fraction}`);
    }
    const out = new Float32Array(count * pixels).fill(1);
    const hidden = Math.round(options.fraction * pixels);
    const rng = createRng(options.seed);
    for (let i = 0; i < count; i++) {
      // A partial Fisher-Yates shuffle: the first `hidden` positions are hidden.
      const order = Int32Array.from({ length: pixels }, (_, p) => p);
      const r = rng.fork(i);
      for (let k = 0; k < hidden; k++) {
        const j = k + r.int(pixels - k);
        const t = order[k]!;
        order[k] = order[j]!;
        order[j] = t;
        out[i * pixels + order[k]!] = 0;
      }
    }
    return out;
  }
  const hiddenAt = shape(name, height, width);
  const one = new Float32Array(pixels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) one[y * width + x] = hiddenAt(y, x) ? 0 : 1;
  }
  const out = new Float32Array(count * pixels);
  for (let i = 0; i < count; i++) out.set(one, i * pixels);
  return out;
}

/** Whether pixel (y, x) is hidden by a fixed-shape occlusion. */
function shape(
  name: Exclude<OcclusionName, 'random'>,
  height: number,
  width: number,
): (y: number, x: number) => boolean {
  const halfH = Math.floor(height / 2);
  const halfW = Math.floor(width / 2);
  switch (name) {
    case 'quadrant':
      return (y, x) => y >= halfH && x >= halfW;
    case 'bottom-half':
      return (y) => y >= halfH;
    case 'centre': {
      // A square of half the side: a quarter of the pixels, in the middle.
      const top = Math.floor((height - halfH) / 2);
      const left = Math.floor((width - halfW) / 2);
      return (y, x) => y >= top && y < top + halfH && x >= left && x < left + halfW;
    }
  }
}

/** The image as the encoder sees it: hidden pixels set to 0 (the recognition sweep has no "unknown"). */
export function blankHidden(images: Float32Array, known: Float32Array): Float32Array {
  if (images.length !== known.length) {
    throw new Error(`blankHidden: ${images.length} pixels but a mask of ${known.length}`);
  }
  return images.map((v, i) => v * known[i]!);
}
