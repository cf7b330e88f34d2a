/**
 * What the replica's thread is started with, and how it builds its copy of the model: through
 * the registry, as the run built its own. The run names the model's kind, its validated spec
 * and the data's shape ({@link ReplicaModel}); the replica thread looks the kind up by name and
 * calls its `build` (models/kind.ts), then takes the main thread's weights; the modules that
 * registered the main thread's kinds (plugins) are imported there first, so a user's kind is
 * known in both threads. Nothing here knows
 * one kind from another: a kind trains data-parallel when its training asks for a stepper
 * (`TrainingContext.parallel`) and its model is a {@link GenerativeModel}.
 */
import type { NamedArray } from '../../models/checkpoint.ts';
import type { GenerativeModel } from '../../models/generative.ts';
import type { DataShape, ModelSpecBase } from '../../models/kind.ts';
import { findModelKind } from '../../models/kinds.ts';
import type { ExchangeBuffers } from './exchange.ts';
import { NeocortexError } from '../../errors.ts';

/**
 * The model a data-parallel run trains, as its kind builds it: the replica thread rebuilds it
 * from this (`modelKind(kind).build(spec, data, seed)`), then overwrites its weights.
 */
export interface ReplicaModel {
  /** The registered kind's name (`vae`, `pcvae`, ...). */
  kind: string;
  /** The kind's validated spec, as the run built its model from it. */
  spec: ModelSpecBase;
  /** The shape of the data the model was built for. */
  data: DataShape;
}

/** The replica thread's start data (workerData.data). */
export interface ReplicaData {
  /** The model to rebuild. */
  model: ReplicaModel;
  /** The modules that registered kinds in the main thread (plugins), imported here first. */
  kindModules: string[];
  backend: string;
  buffers: ExchangeBuffers;
  /** Every weight of the main thread's model, flattened in the order of its variables. */
  weights: Float32Array;
  learningRate: number;
  /** The main thread's Adam state (optimizerState.ts), to start from the same moments. */
  optimizerState: NamedArray[];
}

/** Whether a built model is one the data-parallel step can train (a generative model). */
function isGenerativeModel(model: unknown): model is GenerativeModel {
  const m = model as Partial<GenerativeModel> | null;
  return (
    typeof m?.negElboTerms === 'function' &&
    typeof m.variables === 'function' &&
    typeof m.inputSize === 'number'
  );
}

/**
 * The replica's copy of the model, built by its kind (its weights are then overwritten).
 * Throws a NeocortexError (`NOT_SUPPORTED`) for a kind this thread's registry does not know or
 * whose model is not a generative model.
 */
export function buildReplica(model: ReplicaModel): GenerativeModel {
  // A kind registered by a script's own code, not by a module, is known to its thread alone.
  const kind = findModelKind(model.kind);
  if (kind === undefined) {
    throw new NeocortexError(
      'NOT_SUPPORTED',
      `data-parallel training builds its replica through the registry, which knows no model kind "${model.kind}" in the replica thread (register it from a module: --plugin FILE); or train it on one thread (--workers 1)`,
    );
  }
  const built: unknown = kind.build(model.spec, model.data, 1);
  if (!isGenerativeModel(built)) {
    (built as { dispose?: () => void } | null)?.dispose?.();
    throw new NeocortexError(
      'NOT_SUPPORTED',
      `data-parallel training takes the -ELBO step of a generative model; a ${model.kind} model is not one (train it on one thread: --workers 1)`,
    );
  }
  return built;
}
