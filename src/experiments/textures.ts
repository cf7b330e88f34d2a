/**
 * Procedural background textures for the context-shift experiment: stripes of
 * several orientations and periods, checkerboards, dot lattices, rings and
 * grid lines. Each image gets its own random phase, so a texture is a kind of
 * background, not a fixed picture. Values are 0 or 1.
 */
import type { Rng } from '../random/rng.ts';

/** One kind of background: a texture family and its geometry (angles in degrees, lengths in pixels). */
export type TextureSpec =
  | { family: 'stripes'; angle: number; period: number }
  | { family: 'checker'; cell: number }
  | { family: 'dots'; spacing: number; radius: number }
  | { family: 'rings'; period: number }
  | { family: 'grid'; spacing: number };

/**
 * Textures 0..9 are the contexts classes are paired with (class k mostly on
 * texture k); 10..12 never appear in training (unseen contexts).
 */
export const TEXTURES: readonly TextureSpec[] = [
  { family: 'stripes', angle: 0, period: 4 },
  { family: 'stripes', angle: 90, period: 4 },
  { family: 'stripes', angle: 45, period: 5 },
  { family: 'stripes', angle: 135, period: 5 },
  { family: 'checker', cell: 3 },
  { family: 'checker', cell: 6 },
  { family: 'dots', spacing: 5, radius: 1.2 },
  { family: 'dots', spacing: 8, radius: 2.2 },
  { family: 'rings', period: 5 },
  { family: 'grid', spacing: 6 },
  { family: 'stripes', angle: 22.5, period: 8 },
  { family: 'rings', period: 9 },
  { family: 'grid', spacing: 4 },
];

/** How many textures are class contexts: texture k is class k's own, for k below this. */
export const CONTEXT_TEXTURES = 10;
/** The textures no training image lies on (the `unseen` rule's). */
export const UNSEEN_TEXTURES = [10, 11, 12] as const;

function textureValue(spec: TextureSpec, x: number, y: number, cx: number, cy: number): number {
  switch (spec.family) {
    case 'stripes': {
      const a = (spec.angle * Math.PI) / 180;
      const u = (x + cx) * Math.cos(a) + (y + cy) * Math.sin(a);
      return Math.sin((2 * Math.PI * u) / spec.period) > 0 ? 1 : 0;
    }
    case 'checker':
      return (Math.floor((x + cx) / spec.cell) + Math.floor((y + cy) / spec.cell)) % 2;
    case 'dots': {
      const dx = ((x + cx) % spec.spacing) - spec.spacing / 2;
      const dy = ((y + cy) % spec.spacing) - spec.spacing / 2;
      return dx * dx + dy * dy <= spec.radius * spec.radius ? 1 : 0;
    }
    case 'rings': {
      const r = Math.hypot(x - 14 + (cx % 9) - 4, y - 14 + (cy % 9) - 4);
      return Math.sin((2 * Math.PI * r) / spec.period) > 0 ? 1 : 0;
    }
    case 'grid':
      return (x + cx) % spec.spacing === 0 || (y + cy) % spec.spacing === 0 ? 1 : 0;
  }
}

/** Texture `index` with a random phase, written into `out` (size × size, row-major). */
export function renderTexture(
  index: number,
  size: number,
  rng: Rng,
  out = new Float32Array(size * size),
): Float32Array {
  const spec = TEXTURES[index];
  if (spec === undefined) throw new RangeError(`no texture ${index} (0..${TEXTURES.length - 1})`);
  const cx = rng.int(32);
  const cy = rng.int(32);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[y * size + x] = textureValue(spec, x, y, cx, cy);
  }
  return out;
}
