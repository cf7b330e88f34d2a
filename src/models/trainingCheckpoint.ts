/**
 * The checkpoint side of a training loop, shared by every model: restore the
 * weights, the Adam state and the history from a checkpoint before the first
 * epoch, and write a new one at the end of each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { VERSION } from '../version.ts';
import { assertSameConfig, loadCheckpoint, saveCheckpoint, type NamedArray } from './checkpoint.ts';
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

export interface TrainingState {
  kind: string;
  spec: object;
  variables: tf.Variable[];
  optimizer: tf.AdamOptimizer;
}

/** Load the checkpoint into the model and optimizer; the epochs done and their history. */
export async function resumeTraining<H>(
  state: TrainingState,
  checkpoint: CheckpointOptions,
): Promise<{ epochsDone: number; history: H[] }> {
  const { header, tensors } = await loadCheckpoint(checkpoint.path);
  assertSameConfig(header, checkpoint.path, state.kind, checkpoint.config);
  restoreVariables(state.variables, tensors, checkpoint.path);
  await restoreAdamState(state.optimizer, tensors);
  return { epochsDone: header.epoch, history: header.history as H[] };
}

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
      ...(await captureAdamState(state.optimizer)),
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
      throw new Error(`${file}: weight ${i} is missing or of another shape`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.values, v.shape)));
  });
}
