/**
 * Input noise for the robustness test: Gaussian noise of standard deviation
 * `level` added to every pixel and clipped to [0, 1], or salt-and-pepper noise
 * setting a fraction `level` of the pixels to 0 or 1 (even odds). Seeded: the
 * same seed gives the same noisy images.
 */
import { createRng } from '../../random/rng.ts';

/** The kinds of input noise. */
export const NOISE_KINDS = ['gaussian', 'salt-and-pepper'] as const;
/** One of {@link NOISE_KINDS}. */
export type NoiseKind = (typeof NOISE_KINDS)[number];

/**
 * A noisy copy of `images` (grey levels in [0, 1]): `gaussian` adds N(0, level²)
 * and clips; `salt-and-pepper` replaces each pixel with probability `level` by
 * 0 or 1. Level 0 returns an exact copy. A negative level, or a salt-and-pepper
 * level above 1, is an error.
 */
export function addInputNoise(
  images: Float32Array,
  kind: NoiseKind,
  level: number,
  seed: number,
): Float32Array {
  if (!(level >= 0) || (kind === 'salt-and-pepper' && level > 1)) {
    throw new Error(
      `input noise ${kind}: level must be ${kind === 'gaussian' ? '>= 0' : 'in [0, 1]'}, got ${level}`,
    );
  }
  const out = images.slice();
  if (level === 0) return out;
  const rng = createRng(seed);
  for (let i = 0; i < out.length; i++) {
    if (kind === 'gaussian') {
      out[i] = Math.min(1, Math.max(0, out[i]! + level * rng.normal()));
    } else if (rng.uniform() < level) {
      out[i] = rng.uniform() < 0.5 ? 0 : 1;
    }
  }
  return out;
}
