/**
 * What the replica's thread is started with, and how it builds its copy of the
 * model: the models a data-parallel run can train (the VAE and the pcvae).
 */
import type { NamedArray } from '../../models/checkpoint.ts';
import type { GenerativeModel } from '../../models/generative.ts';
import { PcVae } from '../../models/pcvae/index.ts';
import { Vae } from '../../models/vae.ts';
import type { ExchangeBuffers } from './exchange.ts';
import { NeocortexError } from '../../errors.ts';

/** The replica thread's start data (workerData.data). */
export interface ReplicaData {
  kind: string;
  spec: object;
  backend: string;
  buffers: ExchangeBuffers;
  /** Every weight of the main thread's model, flattened in the order of its variables. */
  weights: Float32Array;
  learningRate: number;
  /** The main thread's Adam state (optimizerState.ts), to start from the same moments. */
  optimizerState: NamedArray[];
}

/** Model kinds a data-parallel run can train. */
export const dataParallelKinds = ['vae', 'pcvae'] as const;

/** True when a model of this kind can be trained data-parallel. */
export function isDataParallelKind(kind: string): boolean {
  return (dataParallelKinds as readonly string[]).includes(kind);
}

/** A copy of a model from its kind and spec (its weights are then overwritten). */
export function buildReplica(kind: string, spec: object): GenerativeModel {
  if (kind === 'vae') return new Vae(spec, 1);
  if (kind === 'pcvae') return new PcVae(spec as ConstructorParameters<typeof PcVae>[0], 1);
  throw new NeocortexError(
    'NOT_SUPPORTED',
    `data-parallel training knows the models ${dataParallelKinds.join(', ')}, not ${kind}`,
  );
}
