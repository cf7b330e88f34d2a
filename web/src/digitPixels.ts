/**
 * A drawing turned into an MNIST-like input (pure): the ink's bounding box is
 * scaled to fit 20x20 pixels and the result is placed in a 28x28 image with its
 * centre of mass in the middle, as the MNIST digits were prepared.
 */
export const SIDE = 28;
const BOX = 20;

/** Ink per pixel (0..1) of a `width`x`height` drawing, to 784 values in 0..1. */
export function digitPixels(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > 0.05) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  const out = new Float32Array(SIDE * SIDE);
  if (x1 < 0) return out;
  const scale = Math.min(1, BOX / Math.max(x1 - x0 + 1, y1 - y0 + 1));
  // Splat each source pixel onto the scaled grid (area-weighted), centred in the box.
  const scaled = new Float32Array(SIDE * SIDE);
  const offX = (SIDE - (x1 - x0 + 1) * scale) / 2;
  const offY = (SIDE - (y1 - y0 + 1) * scale) / 2;
  const weight = scale * scale;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const v = ink[y * width + x]!;
      if (v <= 0) continue;
      const u = Math.floor(offX + (x - x0) * scale);
      const w = Math.floor(offY + (y - y0) * scale);
      scaled[w * SIDE + u] = scaled[w * SIDE + u]! + v * weight;
    }
  }
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < scaled.length; i++) {
    const v = Math.min(1, scaled[i]!);
    scaled[i] = v;
    mass += v;
    mx += v * (i % SIDE);
    my += v * Math.floor(i / SIDE);
  }
  const dx = Math.round((SIDE - 1) / 2 - mx / mass);
  const dy = Math.round((SIDE - 1) / 2 - my / mass);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE) out[y * SIDE + x] = scaled[sy * SIDE + sx]!;
    }
  }
  return out;
}
