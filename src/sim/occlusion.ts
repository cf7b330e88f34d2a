/** Occlusion: a rectangle of the input hidden from the model (set to 0), clipped to the image. */
import type { Occlusion } from './session/vocabulary.ts';

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
