import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeImageGrid } from '../../src/io/imageGrid.ts';

describe('image grids', () => {
  it('lay images out in rows, dark ink on white, scaled', () => {
    // Three 2x2 images: all ink, no ink, and a diagonal.
    const pixels = Float32Array.from([1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1]);
    const png = PNG.sync.read(
      Buffer.from(encodeImageGrid(pixels, { height: 2, width: 2, columns: 2, scale: 3, gap: 1 })),
    );
    // Two columns of (2·3 + 1) plus the outer gap; two rows likewise.
    expect(png.width).toBe(2 * 7 + 1);
    expect(png.height).toBe(2 * 7 + 1);
    const grey = (x: number, y: number): number => png.data[(y * png.width + x) * 4]!;
    expect(grey(1, 1)).toBe(0); // first image: ink
    expect(grey(6, 6)).toBe(0);
    expect(grey(9, 1)).toBe(255); // second image: blank
    expect(grey(1, 8)).toBe(0); // third image, top-left: ink
    expect(grey(4, 8)).toBe(255); // third image, top-right: blank
    expect(grey(0, 0)).toBe(255); // gap
  });

  it('refuses a pixel count that is not whole images', () => {
    expect(() => encodeImageGrid(new Float32Array(5), { height: 2, width: 2, columns: 1 })).toThrow(
      /5 values is not a whole number of 2x2 images/,
    );
  });
});
