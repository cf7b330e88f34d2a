/**
 * The 2-D latent view: each top-area mean is projected onto the two leading
 * principal directions of the means seen so far, learned online with Sanger's
 * generalized Hebbian rule (no matrix decomposition per point). The directions
 * move slowly, so recent points stay comparable; they start from a seeded
 * random orthonormal pair.
 */
import { createRng } from '../../random/rng.ts';
import { NeocortexError } from '../../errors.ts';

export class LatentProjection {
  readonly size: number;
  /** Two rows of `size` values: the current projection directions. */
  readonly directions: [Float64Array, Float64Array];
  private readonly mean: Float64Array;
  private meanSquaredNorm = 1;
  private seen = 0;

  /** `rate`: learning rate of the directions, relative to the data's scale. */
  constructor(
    size: number,
    seed: number,
    private readonly rate = 0.02,
  ) {
    if (!Number.isInteger(size) || size < 2) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `LatentProjection: size must be an integer >= 2, got ${size}`,
      );
    }
    this.size = size;
    this.mean = new Float64Array(size);
    const rng = createRng(seed);
    const a = Float64Array.from({ length: size }, () => rng.normal());
    const b = Float64Array.from({ length: size }, () => rng.normal());
    normalize(a);
    const along = dot(a, b);
    for (let i = 0; i < size; i++) b[i] = b[i]! - along * a[i]!;
    normalize(b);
    this.directions = [a, b];
  }

  /** The point's coordinates in the current directions (centred on the running mean). */
  project(x: ArrayLike<number>): [number, number] {
    this.checkLength(x);
    const [a, b] = this.directions;
    let ya = 0;
    let yb = 0;
    for (let i = 0; i < this.size; i++) {
      const c = x[i]! - this.mean[i]!;
      ya += a[i]! * c;
      yb += b[i]! * c;
    }
    return [ya, yb];
  }

  /** Learn from one point (running mean, then one Sanger step); returns its coordinates. */
  observe(x: ArrayLike<number>): [number, number] {
    this.checkLength(x);
    this.seen += 1;
    const w = Math.max(1 / this.seen, 0.002);
    let norm = 0;
    for (let i = 0; i < this.size; i++) {
      this.mean[i] = this.mean[i]! + w * (x[i]! - this.mean[i]!);
      const c = x[i]! - this.mean[i]!;
      norm += c * c;
    }
    this.meanSquaredNorm += w * (norm - this.meanSquaredNorm);
    const [ya, yb] = this.project(x);
    const eta = this.rate / Math.max(this.meanSquaredNorm, 1e-8);
    const [a, b] = this.directions;
    // Sanger: Δw_k = η y_k (x − Σ_{j≤k} y_j w_j).
    for (let i = 0; i < this.size; i++) {
      const c = x[i]! - this.mean[i]!;
      const ai = a[i]!;
      a[i] = ai + eta * ya * (c - ya * ai);
      b[i] = b[i]! + eta * yb * (c - ya * ai - yb * b[i]!);
    }
    return [ya, yb];
  }

  /** Refuse a point with fewer values than the projection has dimensions (SHAPE_MISMATCH). */
  private checkLength(x: ArrayLike<number>): void {
    if (x.length < this.size) {
      throw new NeocortexError(
        'SHAPE_MISMATCH',
        `LatentProjection: need ${this.size} values, got ${x.length}`,
      );
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalize(a: Float64Array): void {
  const n = Math.sqrt(dot(a, a)) || 1;
  for (let i = 0; i < a.length; i++) a[i] = a[i]! / n;
}
