/**
 * neocortex-sim: the public API. The cortex (areas, pathways, hierarchies over
 * RxJS streams), the models built on it, the simulation clock, probes and live
 * sessions, the live server, the experiment library, data sets, compute
 * backends, seeded random numbers and file helpers. Each part is also a subpath
 * of the package (`neocortex-sim/cortex`, `/models`, `/sim`, `/server`, `/data`,
 * `/experiments`).
 *
 * @module neocortex-sim
 */
export {
  initBackend,
  activeBackend,
  backendChoiceFromEnv,
  parseBackendChoice,
  backendNames,
  BackendChoice,
  BackendError,
  tf,
} from './backend/index.ts';
export type { BackendInfo, BackendName } from './backend/index.ts';
export * from './cortex/index.ts';
export * from './cortex/operators/index.ts';
export * from './data/index.ts';
export * from './models/index.ts';
export * from './sim/index.ts';
export * from './server/index.ts';
export * from './experiments/index.ts';
export * from './random/index.ts';
export * from './io/index.ts';
export { VERSION } from './version.ts';
export { NeocortexError, isNeocortexError, errorCodes } from './errors.ts';
export type { ErrorCode } from './errors.ts';
