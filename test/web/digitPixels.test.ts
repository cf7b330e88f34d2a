import { describe, expect, it } from 'vitest';
import { digitPixels, SIDE } from '../../web/src/digitPixels.ts';

function drawing(width: number, height: number, ink: (x: number, y: number) => boolean) {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[y * width + x] = ink(x, y) ? 1 : 0;
  return out;
}

function centreOfMass(pixels: Float32Array): [number, number] {
  let m = 0;
  let mx = 0;
  let my = 0;
  pixels.forEach((v, i) => {
    m += v;
    mx += v * (i % SIDE);
    my += v * Math.floor(i / SIDE);
  });
  return [mx / m, my / m];
}

describe('digitPixels', () => {
  it('is blank for a blank drawing', () => {
    expect(digitPixels(new Float32Array(224 * 224), 224, 224).every((v) => v === 0)).toBe(true);
  });

  it('scales the ink into a 20-pixel box, centred by mass, values in 0..1, wherever it was drawn', () => {
    // A thick bar in the top-left corner of a 224x224 drawing.
    const pixels = digitPixels(
      drawing(224, 224, (x, y) => x >= 10 && x < 40 && y >= 5 && y < 125),
      224,
      224,
    );
    expect(pixels).toHaveLength(784);
    expect(pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
    const [cx, cy] = centreOfMass(pixels);
    expect(Math.abs(cx - 13.5)).toBeLessThanOrEqual(1);
    expect(Math.abs(cy - 13.5)).toBeLessThanOrEqual(1);
    const rows = new Set<number>();
    pixels.forEach((v, i) => v > 0 && rows.add(Math.floor(i / SIDE)));
    expect(rows.size).toBeGreaterThanOrEqual(19);
    expect(rows.size).toBeLessThanOrEqual(21);
  });
});
