/**
 * Write a grid of grey-level images (values in [0, 1]) as a PNG, e.g. samples
 * from the prior or inputs next to their reconstructions.
 */
import { PNG } from 'pngjs';
import { writeFileAtomic } from './atomicWrite.ts';

/**
 * The layout of an image grid: each image's size, the columns, and the optional scale and gap
 * in pixels.
 */
export interface GridOptions {
  height: number;
  width: number;
  columns: number;
  /** Pixels of each image's side in the output (nearest-neighbour upscaling). */
  scale?: number;
  /** Pixels between images. */
  gap?: number;
}

/** Encode `count` images, stored one after another in `pixels`, as a PNG grid. */
export function encodeImageGrid(pixels: Float32Array, options: GridOptions): Uint8Array {
  const { height, width, columns } = options;
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const size = height * width;
  const count = pixels.length / size;
  if (!Number.isInteger(count) || count === 0) {
    throw new Error(
      `image grid: ${pixels.length} values is not a whole number of ${height}x${width} images`,
    );
  }
  const rows = Math.ceil(count / columns);
  const cellW = width * scale + gap;
  const cellH = height * scale + gap;
  const png = new PNG({ width: columns * cellW + gap, height: rows * cellH + gap });
  png.data.fill(255); // white background and gaps
  for (let k = 0; k < count; k++) {
    const x0 = gap + (k % columns) * cellW;
    const y0 = gap + Math.floor(k / columns) * cellH;
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < width * scale; x++) {
        const v = pixels[k * size + Math.floor(y / scale) * width + Math.floor(x / scale)]!;
        const grey = 255 - Math.round(255 * Math.min(1, Math.max(0, v))); // ink is dark
        const at = ((y0 + y) * png.width + (x0 + x)) * 4;
        png.data[at] = grey;
        png.data[at + 1] = grey;
        png.data[at + 2] = grey;
        png.data[at + 3] = 255;
      }
    }
  }
  return PNG.sync.write(png);
}

/** Write images, stored one after another in `pixels`, to `path` as a PNG grid (atomically). */
export async function writeImageGrid(
  path: string,
  pixels: Float32Array,
  options: GridOptions,
): Promise<void> {
  await writeFileAtomic(path, encodeImageGrid(pixels, options));
}
