/**
 * Seeded random numbers: every run is reproducible from its seed.
 *
 * @module random
 */
export { createRng, permutation } from './rng.ts';
export type { Rng } from './rng.ts';
