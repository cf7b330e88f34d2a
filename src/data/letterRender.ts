/**
 * Rasterising a letter skeleton: shear (slant), scale and shift the strokes
 * about the image centre, then give each pixel the coverage of a stroke of
 * the chosen width, anti-aliased by its distance to the nearest segment.
 */
import { letterSegments } from './letterGlyphs.ts';

/** The generative factors of one letter image. */
export interface LetterStyle {
  /** Shear: x moves by -slant * y (y in letter heights, downwards), so > 0 leans right. */
  slant: number;
  /** Letter height as a multiple of the standard height, 0.56 of the image side. */
  scale: number;
  /** Stroke width in pixels of a 28-pixel image. */
  strokeWidth: number;
  /** Horizontal shift of the letter centre in pixels of a 28-pixel image (> 0 = right). */
  shiftX: number;
  /** Vertical shift in pixels of a 28-pixel image (> 0 = down). */
  shiftY: number;
}

/** Letter height at scale 1, as a fraction of the image side. */
const STANDARD_HEIGHT = 0.56;
/** Pixel sizes in LetterStyle refer to a 28-pixel image. */
const REFERENCE_SIDE = 28;

function distanceToSegment(
  px: number,
  py: number,
  x0: number,
  y0: number,
  dx: number,
  dy: number,
  lengthSquared: number,
): number {
  let t = lengthSquared > 0 ? ((px - x0) * dx + (py - y0) * dy) / lengthSquared : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - (x0 + t * dx);
  const ey = py - (y0 + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

/**
 * Draw letter (0 = A .. 4 = E) into out[offset .. offset + size*size), which
 * must be zero there; values end up in [0, 1].
 */
export function renderLetterInto(
  out: Float32Array,
  offset: number,
  letter: number,
  style: LetterStyle,
  size: number,
): void {
  const segments = letterSegments(letter);
  const unit = size / REFERENCE_SIDE;
  const k = STANDARD_HEIGHT * size * style.scale;
  const cx = size / 2 + style.shiftX * unit;
  const cy = size / 2 + style.shiftY * unit;
  const half = (style.strokeWidth * unit) / 2;
  const reach = half + 0.5;
  const mapX = (x: number, y: number): number => cx + k * (x - style.slant * y);
  const mapY = (y: number): number => cy + k * y;

  for (const [ax, ay, bx, by] of segments) {
    const x0 = mapX(ax, ay);
    const y0 = mapY(ay);
    const x1 = mapX(bx, by);
    const y1 = mapY(by);
    const dx = x1 - x0;
    const dy = y1 - y0;
    const lengthSquared = dx * dx + dy * dy;
    // Pixel (row i, column j) has its centre at (j + 0.5, i + 0.5).
    const jFrom = Math.max(0, Math.floor(Math.min(x0, x1) - reach - 0.5));
    const jTo = Math.min(size - 1, Math.ceil(Math.max(x0, x1) + reach - 0.5));
    const iFrom = Math.max(0, Math.floor(Math.min(y0, y1) - reach - 0.5));
    const iTo = Math.min(size - 1, Math.ceil(Math.max(y0, y1) + reach - 0.5));
    for (let i = iFrom; i <= iTo; i++) {
      const row = offset + i * size;
      for (let j = jFrom; j <= jTo; j++) {
        const d = distanceToSegment(j + 0.5, i + 0.5, x0, y0, dx, dy, lengthSquared);
        const coverage = reach - d;
        if (coverage <= 0) continue;
        const value = coverage > 1 ? 1 : coverage;
        if (value > (out[row + j] ?? 0)) out[row + j] = value;
      }
    }
  }
}

/** One letter image of size x size pixels, row-major, values in [0, 1]. */
export function renderLetter(
  letter: number,
  style: LetterStyle,
  size = REFERENCE_SIDE,
): Float32Array {
  const out = new Float32Array(size * size);
  renderLetterInto(out, 0, letter, style, size);
  return out;
}
