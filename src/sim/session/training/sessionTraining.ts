/**
 * Where a live session's training happens, behind one interface: inline (one
 * step per train tick, on the thread that ticks: trainingLoop.ts) or in a worker
 * thread (workerTraining.ts). Each tick starts with `beforeTick`, which brings
 * the display models up to date and hands over the curve points made since.
 */
import type { CurvePoint, SessionMode } from '../vocabulary.ts';
import type { TensorMemory, TrainingPosition } from './trainingMessages.ts';

/** Where a live session's training happens, as its ticks see it. */
export interface SessionTraining {
  readonly where: 'inline' | 'worker';
  /** Steps taken so far, the epoch training is in (from 1) and the latest step's traces. */
  readonly position: TrainingPosition;
  /** Weight copies loaded into the display models (0 inline: they are the trained ones). */
  readonly weightLoads: number;
  /** The training thread's tensor memory at its last report (worker); undefined inline. */
  readonly memory?: TensorMemory | undefined;
  /** At the start of a tick in `mode`: the curve points made since the last tick. */
  beforeTick(mode: SessionMode): CurvePoint[];
  /** Train continuously (worker) or not; inline training only steps in ticks. */
  setRunning(running: boolean): void;
  /**
   * Train from scratch: the session has just rebuilt its models from the seed
   * (`SessionModels.restartFromScratch`); training starts again at step 0 of epoch 1 with
   * fresh optimisers, and nothing the old run made (curve points, weights) is handed on.
   */
  restart(): void;
  /** One training step, then `done` (which runs the tick that displays it). */
  step(done: () => void): void;
  /** Stop training for good; resolves when any thread has exited. */
  dispose(): Promise<void>;
}
