/**
 * Data-parallel training on two threads: half of each batch on a replica of the
 * model, gradients combined through shared memory.
 *
 * @module sim/dataParallel
 */
export { dataParallel, DataParallelStepper, ReplicaFailedError } from './dataParallelStepper.ts';
export type { DataParallelOptions } from './dataParallelStepper.ts';
export type { ReplicaModel } from './replicaData.ts';
