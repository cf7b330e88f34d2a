/**
 * A picture of generated samples next to their nearest training images: rows
 * of samples, each followed by a row of the training images nearest to them,
 * so a copy of a training image would show as two identical images one above
 * the other.
 */

/**
 * The pixels of the grid, image after image for a grid of `columns` columns:
 * for each group of `columns` samples, a row of the samples then a row of
 * their nearest reference images (`nearest[i]` indexes `references`). Uses the
 * first `pairs` samples (rounded down to whole rows; at least one row).
 */
export function neighbourGridPixels(
  samples: Float32Array,
  references: Float32Array,
  nearest: ArrayLike<number>,
  size: number,
  options: { columns: number; pairs: number },
): Float32Array {
  const { columns } = options;
  const available = Math.min(options.pairs, samples.length / size, nearest.length);
  const rows = Math.max(1, Math.floor(available / columns));
  if (available < columns) {
    throw new Error(`neighbour grid: ${available} samples do not fill one row of ${columns}`);
  }
  const out = new Float32Array(rows * 2 * columns * size);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const j = nearest[i]!;
      if (!(Number.isInteger(j) && j >= 0 && (j + 1) * size <= references.length)) {
        throw new RangeError(
          `neighbour grid: sample ${i}'s neighbour ${j} is not a reference image`,
        );
      }
      out.set(samples.subarray(i * size, (i + 1) * size), (2 * r * columns + c) * size);
      out.set(references.subarray(j * size, (j + 1) * size), ((2 * r + 1) * columns + c) * size);
    }
  }
  return out;
}
