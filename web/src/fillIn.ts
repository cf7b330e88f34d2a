/**
 * Filling in: where an occluder hides the input, the model takes the pixels as
 * unknown (precision 0) and its top-down prediction fills them in. The page paints
 * the input with the prediction in place of the hidden pixels, and no error there.
 */
import type { Occlusion } from '../../src/server/wire.ts';

/** Whether pixel `i` of a `width`-wide image lies under the occluder. */
export function hidden(occlusion: Occlusion | null, width: number, i: number): boolean {
  if (occlusion === null) return false;
  const x = i % width;
  const y = Math.floor(i / width);
  return (
    x >= occlusion.x &&
    x < occlusion.x + occlusion.width &&
    y >= occlusion.y &&
    y < occlusion.y + occlusion.height
  );
}

/** The input as the page shows it: seen pixels as they are, hidden ones from the prediction. */
export function filledIn(
  input: ArrayLike<number>,
  prediction: ArrayLike<number>,
  occlusion: Occlusion | null,
  width: number,
): Float32Array {
  return Float32Array.from(input, (v, i) =>
    hidden(occlusion, width, i) && i < prediction.length ? prediction[i]! : v,
  );
}
