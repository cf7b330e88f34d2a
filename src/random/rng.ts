/**
 * Seeded pseudo-random numbers. Everything random in neocortex-sim takes a seed
 * and draws from an `Rng`, so the same seed gives the same batches and numbers.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded
 * through splitmix32 so that nearby seeds give unrelated streams.
 */
import { NeocortexError } from '../errors.ts';

/** The draws of a seeded generator (see {@link createRng}). */
export interface Rng {
  /** Uniform float in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box-Muller). */
  normal(): number;
  /** A 32-bit integer, e.g. to seed a tf.random op. */
  uint32(): number;
  /** An independent generator derived from this one's stream and a label. */
  fork(label: string | number): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string | number): number {
  const text = String(label);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/** A seeded random number generator: the same seed gives the same numbers on every machine. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed))
    throw new NeocortexError('OPTION_INVALID', `seed must be an integer, got ${seed}`);
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  const rng: Rng = {
    uniform: () => next() / 4294967296,
    int: (n) => {
      if (!Number.isInteger(n) || n <= 0)
        throw new NeocortexError('OPTION_INVALID', `int(n) needs a positive integer, got ${n}`);
      return Math.floor((next() / 4294967296) * n);
    },
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next() / 4294967296;
      const v = next() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    uint32: next,
    fork: (label) => createRng((next() ^ hashLabel(label)) >>> 0),
  };
  return rng;
}

/** Fisher-Yates shuffle of 0..n-1 (a new permutation array). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}
