/**
 * Paint small pictures into canvases fast: values become indices 0..255 into a
 * colour lookup table, written into one reused ImageData per canvas.
 */
import { rgb } from 'd3';

export type ColorTable = Uint8ClampedArray;

/** A 256-entry RGBA table sampled from a colour interpolator over 0..1. */
export function colorTable(interpolate: (t: number) => string): ColorTable {
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolate(i / 255));
    table.set([c.r, c.g, c.b, 255], i * 4);
  }
  return table;
}

const images = new WeakMap<HTMLCanvasElement, ImageData>();

/**
 * Paint `width`x`height` cells: cell i gets colour `index(i)` (0..255), or the
 * `empty` colour when `index` returns -1 (cells past the end of the data).
 */
export function paintCells(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  table: ColorTable,
  index: (i: number) => number,
  empty: readonly [number, number, number, number] = [238, 240, 244, 255],
): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    images.delete(canvas);
  }
  const context = canvas.getContext('2d');
  if (context === null) return;
  let image = images.get(canvas);
  if (image === undefined) {
    image = context.createImageData(width, height);
    images.set(canvas, image);
  }
  const data = image.data;
  for (let i = 0; i < width * height; i++) {
    const k = index(i);
    if (k < 0) data.set(empty, i * 4);
    else {
      const c = (k < 0 ? 0 : k > 255 ? 255 : k | 0) * 4;
      data[i * 4] = table[c]!;
      data[i * 4 + 1] = table[c + 1]!;
      data[i * 4 + 2] = table[c + 2]!;
      data[i * 4 + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
}
