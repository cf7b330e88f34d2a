/**
 * Training in a worker thread, seen from the session: the worker trains its own
 * copies of the models flat out (trainingWorker.ts) while the session's ticks
 * only display. What the worker reports waits here until the next tick: the
 * newest weights (older ones are dropped unread, so nothing piles up) and the
 * curve points, which that tick loads into the display models and hands on.
 * `restart` starts a new training run: reports of an older run are dropped.
 */
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import type { ImageSet } from '../../../data/index.ts';
import type { CurvePoint } from '../vocabulary.ts';
import type { SessionModels } from '../sessionModels.ts';
import type { SessionTraining } from './sessionTraining.ts';
import type { SessionSpec } from '../sessionSpec.ts';
import type {
  FromTrainingWorker,
  TensorMemory,
  ToTrainingWorker,
  TrainingPosition,
  TrainingWorkerData,
} from './trainingMessages.ts';
import { startTsWorker } from '../../tsWorker.ts';
import { kindModuleUrls } from '../../../models/kinds.ts';

export class WorkerTraining implements SessionTraining {
  readonly where = 'worker';
  /** Where the worker's training is, as of its last report. */
  private at: TrainingPosition = { steps: 0, epoch: 1, localLearning: [] };
  private loads = 0;
  private running = false;
  /** The training run reports must belong to (one more at each restart). */
  private run = 0;
  private weights: Float32Array | undefined;
  /** The worker's tensor memory at its last report. */
  memory: TensorMemory | undefined;
  private points: CurvePoint[] = [];
  private readonly waitingSteps: (() => void)[] = [];
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private disposed = false;
  /** The thread died (an uncaught error or an exit): it is reported once. */
  private failed = false;

  constructor(
    private readonly spec: SessionSpec,
    train: ImageSet,
    classes: number,
    private readonly models: SessionModels,
    fromLoaded: boolean,
    private readonly onError: (error: Error) => void,
  ) {
    const data: TrainingWorkerData = {
      spec,
      backend: tf.getBackend(),
      train,
      classes,
      ...(fromLoaded ? { weights: models.weights() } : {}),
      kindModules: kindModuleUrls(),
    };
    this.worker = startTsWorker(new URL('./trainingWorker.ts', import.meta.url), data);
    this.worker.on('message', (message: FromTrainingWorker) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.failed) this.fail(new Error(`the training worker exited (code ${code})`));
        resolve();
      });
    });
  }

  get position(): TrainingPosition {
    return this.at;
  }

  get weightLoads(): number {
    return this.loads;
  }

  beforeTick(): CurvePoint[] {
    if (this.weights !== undefined) {
      this.models.loadWeights(this.weights);
      this.weights = undefined;
      this.loads += 1;
    }
    return this.points.splice(0);
  }

  /**
   * The worker starts run `run + 1` from scratch; its older reports (weights, curve points,
   * positions) are dropped when they arrive. The display models were rebuilt by the session
   * from the same seed, so they already hold the weights the worker starts from.
   */
  restart(): void {
    if (this.disposed) return;
    this.run += 1;
    this.at = { steps: 0, epoch: 1, localLearning: [] };
    this.weights = undefined;
    this.points = [];
    this.send({ type: 'restart', run: this.run, running: this.running });
  }

  setRunning(running: boolean): void {
    if (running === this.running || this.disposed) return;
    this.running = running;
    this.send({ type: 'run', running });
  }

  step(done: () => void): void {
    if (this.disposed) return;
    this.setRunning(false);
    this.waitingSteps.push(done);
    this.send({ type: 'step' });
  }

  dispose(): Promise<void> {
    if (!this.disposed) {
      this.disposed = true;
      this.waitingSteps.length = 0;
      void this.worker.terminate();
    }
    return this.exited;
  }

  private send(message: ToTrainingWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromTrainingWorker): void {
    if (this.disposed) return;
    switch (message.type) {
      case 'ready':
        return;
      case 'error':
        if (message.run !== this.run) return; // the old run's: the new one starts afresh
        this.running = false;
        this.waitingSteps.length = 0;
        this.onError(new Error(message.message));
        return;
      case 'progress':
        if (message.run !== this.run) {
          // A report of a run before the restart: nothing of it is shown, but a step that
          // waits for it still gets its tick.
          if (message.stepped) this.waitingSteps.shift()?.();
          return;
        }
        this.at = message.position;
        if (message.memory !== undefined) this.memory = message.memory;
        if (message.weights !== undefined) this.weights = message.weights;
        this.points.push(...message.points);
        // Bounded: a session that stopped ticking keeps only the newest points.
        if (this.points.length > this.spec.curveHistory) {
          this.points.splice(0, this.points.length - this.spec.curveHistory);
        }
        if (message.stepped) this.waitingSteps.shift()?.();
    }
  }

  private fail(error: Error): void {
    if (this.disposed || this.failed) return;
    this.failed = true;
    this.running = false;
    this.waitingSteps.length = 0;
    this.onError(error);
  }
}
