/**
 * What the session's main thread and its training worker say to each other.
 *
 * Main -> worker: `run` (train continuously, or stop), `step` (one step, then
 * report with weights) and `restart` (throw the models and optimisers away, build
 * them afresh from the seed and train from step 0 as training run `run`). Worker ->
 * main: `ready` once its models are built, `progress` (curve points since the last
 * report, step and epoch counts, and now and then a copy of every weight,
 * transferred, not copied) and `error` (it stopped training). Both reports name
 * the training run they belong to: one from a run before the latest `restart` is
 * stale, and the main thread drops it unread.
 */
import type { ImageSet } from '../../../data/index.ts';
import type { CurvePoint, LocalLearningTrace } from '../vocabulary.ts';
import type { SessionSpec } from '../sessionSpec.ts';

export interface TrainingWorkerData {
  spec: SessionSpec;
  /** The tfjs backend to train on (the main thread's). */
  backend: string;
  /** The training images and labels. */
  train: ImageSet;
  classes: number;
  /** Weights to start from (SessionModels.weights order): the display models' trained ones. */
  weights?: Float32Array;
  /** Modules that registered model kinds (plugins), imported first so the thread knows them too. */
  kindModules: string[];
}

export type ToTrainingWorker =
  | { type: 'run'; running: boolean }
  | { type: 'step' }
  /** Train from scratch as run `run`, then train on continuously or not (`running`). */
  | { type: 'restart'; run: number; running: boolean };

/** A thread's live tensors (tf.memory()): a count and bytes that grow with a leak. */
export interface TensorMemory {
  numTensors: number;
  numBytes: number;
}

/**
 * Where training is: steps taken, the epoch of the next step, and the latest step's
 * local-learning traces (one per locally trained model: bounded, one step of T + 1 values per
 * area). The loop holds it; a worker's report carries a copy the session's side keeps.
 */
export interface TrainingPosition {
  steps: number;
  epoch: number;
  localLearning: LocalLearningTrace[];
}

export interface TrainingProgress {
  type: 'progress';
  /** The training run these steps belong to (0 until the first `restart`). */
  run: number;
  /** Where training is after the steps this report covers. */
  position: TrainingPosition;
  points: CurvePoint[];
  /** Both models' weights after `steps` steps (SessionModels.weights order), when sent. */
  weights?: Float32Array;
  /** This report answers a `step`. */
  stepped: boolean;
  /** The worker's tensor memory when it sent this report. */
  memory?: TensorMemory;
}

export type FromTrainingWorker =
  { type: 'ready' } | TrainingProgress | { type: 'error'; run: number; message: string };
