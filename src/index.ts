/**
 * neocortex-sim: the public API. Backends, data, the cortex (areas, pathways,
 * hierarchies over RxJS streams), the simulation clock and probes, and models.
 */
export * from './backend/index.ts';
export * from './cortex/index.ts';
export * from './cortex/operators/index.ts';
export * from './data/index.ts';
export { Clock } from './cortex/clock.ts';
export { Probe, probeActivity } from './sim/probe.ts';
export { Vae, VaeSpec } from './models/vae.ts';
export * from './models/pcvae/index.ts';
export * from './models/classifier/index.ts';
export * from './models/ssvae/index.ts';
export type { GenerativeModel } from './models/generative.ts';
export {
  CheckpointError,
  loadCheckpoint,
  saveCheckpoint,
  assertSameConfig,
} from './models/checkpoint.ts';
export { trainGenerative, NonFiniteLossError } from './models/trainGenerative.ts';
export { evaluateNegElbo, TEST_BINARIZATION_SEED } from './models/evaluate.ts';
export { createRng, permutation } from './random/rng.ts';
export type { Rng } from './random/rng.ts';
export { VERSION } from './version.ts';
export { NeocortexError, isNeocortexError, errorCodes } from './errors.ts';
export type { ErrorCode } from './errors.ts';
