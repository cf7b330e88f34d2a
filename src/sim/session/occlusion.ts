/**
 * Occlusion: a rectangle of the input hidden from the model, clipped to the image. The
 * recognition sweep sees it as 0 (`occlude`); settling sees it as unknown: its pixels get
 * precision 0 (`knownPixels`), so the prediction from above fills them in.
 */
import type { Occlusion } from './vocabulary.ts';

/** A copy of the row-major `pixels` with the rectangle zeroed. */
export function occlude(
  pixels: Float32Array,
  height: number,
  width: number,
  occlusion: Occlusion,
): Float32Array {
  const out = pixels.slice();
  const x1 = Math.min(width, occlusion.x + occlusion.width);
  const y1 = Math.min(height, occlusion.y + occlusion.height);
  for (let y = occlusion.y; y < y1; y++) {
    out.fill(0, y * width + occlusion.x, y * width + x1);
  }
  return out;
}

/** 1 for every pixel the model sees and 0 inside the occluded rectangle, row-major. */
export function knownPixels(height: number, width: number, occlusion: Occlusion): Float32Array {
  return occlude(new Float32Array(height * width).fill(1), height, width, occlusion);
}
