/**
 * The checkpoint side of a training loop, shared by every model: restore the
 * weights, the Adam state and the history from a checkpoint before the first
 * epoch, and write a new one at the end of each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { VERSION } from '../version.ts';
import {
  assertSameConfig,
  CheckpointError,
  loadCheckpoint,
  saveCheckpoint,
  type NamedArray,
} from './checkpoint.ts';
import { captureAdamState, restoreAdamState } from './optimizerState.ts';

/**
 * Where a training run writes its checkpoint each epoch, the config a resume must match, and
 * whether to resume.
 */
export interface CheckpointOptions {
  path: string;
  /** Everything that must match for a resume (the epoch count may differ). */
  config: Record<string, unknown>;
  resume?: boolean;
}

/** What a checkpoint saves and restores: the model's kind, spec and weights, and its optimizer. */
export interface TrainingState {
  kind: string;
  spec: object;
  variables: tf.Variable[];
  /** Adam's state is saved and restored; a stateless optimizer (SGD) has none to keep. */
  optimizer: tf.Optimizer;
}

/** Load the checkpoint into the model and optimizer; the epochs done and their history. */
export async function resumeTraining<H>(
  state: TrainingState,
  checkpoint: CheckpointOptions,
): Promise<{ epochsDone: number; history: H[] }> {
  const { header, tensors } = await loadCheckpoint(checkpoint.path);
  assertSameConfig(header, checkpoint.path, state.kind, checkpoint.config);
  assertHistoryMatchesEpoch(header.epoch, header.history, checkpoint.path);
  restoreVariables(state.variables, tensors, checkpoint.path);
  if (isAdam(state.optimizer)) await restoreAdamState(state.optimizer, tensors);
  return { epochsDone: header.epoch, history: header.history as H[] };
}

/**
 * A checkpoint's history must be that of the epochs it claims: one entry per
 * epoch done, entries that carry an epoch number numbered 1, 2, ... in order.
 * Otherwise a resumed run's metrics would not describe the training it did.
 */
export function assertHistoryMatchesEpoch(epoch: number, history: unknown[], file: string): void {
  if (history.length !== epoch) {
    throw new CheckpointError(
      file,
      `inconsistent: it claims ${epoch} epochs done but holds ${history.length} epochs of history`,
    );
  }
  history.forEach((entry, i) => {
    const n = (entry as { epoch?: unknown } | null)?.epoch;
    if (typeof n === 'number' && n !== i + 1) {
      throw new CheckpointError(
        file,
        `inconsistent: history entry ${i + 1} is numbered epoch ${n}`,
      );
    }
  });
}

/**
 * Whether an optimizer is Adam, whose state a checkpoint keeps. By class name: tfjs optimizers
 * answer `instanceof` for any optimizer class (an SGD optimizer is an `instanceof AdamOptimizer`).
 */
function isAdam(optimizer: tf.Optimizer): optimizer is tf.AdamOptimizer {
  return optimizer.getClassName() === 'Adam';
}

/** Write the model's weights, the Adam state and the history after `epoch`. */
export async function checkpointTraining(
  state: TrainingState,
  checkpoint: CheckpointOptions,
  epoch: number,
  history: unknown[],
): Promise<void> {
  await saveCheckpoint(checkpoint.path, {
    model: state.kind,
    spec: state.spec,
    config: checkpoint.config,
    epoch,
    history,
    version: VERSION,
    tensors: [
      ...state.variables.map((v, i) => ({
        name: `model/${i}`,
        shape: v.shape,
        values: Float32Array.from(v.dataSync()),
      })),
      ...(isAdam(state.optimizer) ? await captureAdamState(state.optimizer) : []),
    ],
  });
}

function restoreVariables(
  variables: tf.Variable[],
  saved: Map<string, NamedArray>,
  file: string,
): void {
  variables.forEach((v, i) => {
    const t = saved.get(`model/${i}`);
    if (t === undefined || t.shape.join('x') !== v.shape.join('x')) {
      throw new CheckpointError(file, `weight ${i} is missing or of another shape`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.values, v.shape)));
  });
}
