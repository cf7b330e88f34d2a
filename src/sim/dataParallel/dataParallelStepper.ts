/**
 * Data-parallel training of a generative model on two threads. Each batch is
 * cut in two: this thread takes the first half, a replica thread (a copy of the
 * model and of its Adam optimizer, replicaWorker.ts) the second. Both compute
 * their half's gradient, exchange them through shared memory, combine them into
 * the whole batch's gradient (the row-weighted mean, exchange.ts) and apply the
 * same Adam update, so the copies stay identical and the run is one step on the
 * whole batch: the same objective and the same result up to float rounding,
 * with the second half's posterior noise drawn from its own seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { NeocortexError } from '../../errors.ts';
import { kindModuleUrls } from '../../models/kinds.ts';
import { captureOptimizerState } from '../../models/optimizerState.ts';
import type {
  GenerativeStepper,
  GenerativeStepperContext,
  GenerativeStepperFactory,
} from '../../models/trainGenerative.ts';
import { generativeGradients, type GenerativeStepResult } from '../../models/trainingStep.ts';
import { startTsWorker } from '../tsWorker.ts';
import {
  allocateExchange,
  combineGradients,
  combinedPart,
  Command,
  replicaSeed,
  signal,
  Slot,
  viewExchange,
  type Exchange,
} from './exchange.ts';
import {
  layoutOf,
  tensorsOf,
  updateOf,
  writeFlat,
  type ParameterLayout,
} from './parameterLayout.ts';
import type { ReplicaData, ReplicaModel } from './replicaData.ts';

/** The replica thread failed, exited or could not start (code `REPLICA_FAILED`). */
export class ReplicaFailedError extends NeocortexError {
  /** @param message - what happened to the replica */
  constructor(message: string) {
    super('REPLICA_FAILED', message);
  }
}

/** Options of {@link dataParallel}. */
export interface DataParallelOptions {
  /** Threads to train on: 1 (this thread only) or 2 (this one and a replica). */
  workers: 1 | 2;
  /** The run's model as its kind built it: the replica thread builds its copy the same way. */
  replica: ReplicaModel;
}

/**
 * The stepper factory of {@link DataParallelStepper} for `trainGenerative`'s
 * `stepper` option, or undefined for one thread (trainGenerative's own step).
 */
export function dataParallel(options: DataParallelOptions): GenerativeStepperFactory | undefined {
  if (options.workers === 1) return undefined;
  return (context) => DataParallelStepper.start(context, options.replica);
}

/** Takes each training step on this thread and a replica thread, half a batch each. */
export class DataParallelStepper implements GenerativeStepper {
  private seq = 0;
  private disposed = false;
  private failure: ReplicaFailedError | undefined;
  private readonly failed: Promise<never>;

  private constructor(
    private readonly context: GenerativeStepperContext,
    private readonly layout: ParameterLayout,
    private readonly exchange: Exchange,
    /** The replica's thread (to watch it; ending it fails the next step with a clear error). */
    readonly worker: Worker,
  ) {
    this.failed = new Promise<never>((_, reject) => {
      const fail = (message: string): void => {
        this.failure ??= new ReplicaFailedError(message);
        reject(this.failure);
      };
      worker.on('message', (m: { type: string; message?: string }) => {
        if (m.type === 'error') fail(`the replica thread failed: ${m.message}`);
      });
      worker.on('error', (error) => fail(`the replica thread failed: ${error.message}`));
      worker.on('exit', (code) => {
        if (!this.disposed) fail(`the replica thread exited (code ${code}) during training`);
      });
    });
    this.failed.catch(() => undefined); // observed through step()
  }

  /**
   * Start the replica thread with the model's current weights and optimizer
   * state (after any resume) and wait until it is ready.
   * @param replica - the model as its kind built it (the replica builds its copy through the
   *   registry from this; its weights must match the context's model, or it fails to start)
   */
  static async start(
    context: GenerativeStepperContext,
    replica: ReplicaModel,
  ): Promise<DataParallelStepper> {
    const { model, variables, optimizer } = context;
    const layout = layoutOf(variables);
    const buffers = allocateExchange(model.inputSize, context.batchSize, layout.total);
    const weights = new Float32Array(layout.total);
    writeFlat(variables, layout, weights);
    const data: ReplicaData = {
      model: replica,
      kindModules: kindModuleUrls(),
      backend: tf.getBackend(),
      buffers,
      weights,
      learningRate: context.learningRate,
      optimizerState: await captureOptimizerState(optimizer),
    };
    const worker = startTsWorker(new URL('./replicaWorker.ts', import.meta.url), data);
    const stepper = new DataParallelStepper(context, layout, viewExchange(buffers), worker);
    const ready = new Promise<void>((resolve) => {
      worker.on('message', (m: { type: string }) => {
        if (m.type === 'ready') resolve();
      });
    });
    try {
      await Promise.race([ready, stepper.failed]);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return stepper;
  }

  /** One step on the whole batch, half on each thread. */
  async step(pixels: Float32Array, noiseSeed: number): Promise<GenerativeStepResult> {
    if (this.failure !== undefined) throw this.failure;
    if (this.disposed) throw new ReplicaFailedError('the data-parallel stepper was disposed');
    const { model, variables, optimizer } = this.context;
    const { control } = this.exchange;
    const size = model.inputSize;
    const rows = pixels.length / size;
    const mainRows = Math.ceil(rows / 2);
    const replicaRows = rows - mainRows;
    // The replica must have read the last step's gradient before this one overwrites it.
    await this.waitFor(Slot.replicaRead, this.seq);
    this.exchange.pixels.set(pixels.subarray(mainRows * size));
    Atomics.store(control, Slot.replicaRows, replicaRows);
    Atomics.store(control, Slot.mainRows, mainRows);
    Atomics.store(control, Slot.seed, replicaSeed(noiseSeed) | 0);
    Atomics.store(control, Slot.command, Command.step);
    this.seq += 1;
    signal(control, Slot.seq, this.seq);

    const own = generativeGradients(
      model,
      variables,
      pixels.subarray(0, mainRows * size),
      noiseSeed,
    );
    const reached = own.gradients.map((g) => g !== null);
    try {
      writeFlat(own.gradients, this.layout, this.exchange.mainGradient);
    } finally {
      tf.dispose(own.gradients.filter((g) => g !== null));
    }
    signal(control, Slot.mainGradient, this.seq);
    await this.waitFor(Slot.replicaGradient, this.seq);
    const [start, end] = combinedPart('main', this.layout.total);
    combineGradients(
      this.exchange.mainGradient,
      this.exchange.replicaGradient,
      mainRows,
      replicaRows,
      this.exchange.combined,
      start,
      end,
    );
    signal(control, Slot.mainCombined, this.seq);
    await this.waitFor(Slot.replicaCombined, this.seq);
    const update = tensorsOf(this.exchange.combined, this.layout);
    try {
      optimizer.applyGradients(updateOf(variables, update, reached));
    } finally {
      tf.dispose(update);
    }
    const [replicaNegElbo, replicaReconstruction] = this.exchange.replicaLoss;
    const mean = (a: number, b: number): number =>
      replicaRows === 0 ? a : (mainRows * a + replicaRows * b) / rows;
    return {
      negElbo: mean(own.negElbo, replicaNegElbo!),
      reconstruction: mean(own.reconstruction, replicaReconstruction!),
    };
  }

  /**
   * The replica's weights, flattened in the order of the model's variables: after
   * every step they equal this thread's, bit for bit (see exchange.ts).
   */
  async replicaWeights(): Promise<Float32Array> {
    if (this.failure !== undefined) throw this.failure;
    const { control } = this.exchange;
    await this.waitFor(Slot.replicaRead, this.seq);
    Atomics.store(control, Slot.command, Command.snapshot);
    this.seq += 1;
    signal(control, Slot.seq, this.seq);
    await this.waitFor(Slot.snapshot, this.seq);
    const weights = Float32Array.from(this.exchange.replicaGradient);
    // The next step waits for replicaRead of the last command: a snapshot needs no reading.
    signal(control, Slot.replicaRead, this.seq);
    return weights;
  }

  /** Stop the replica thread and wait for it to end. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (this.failure === undefined) {
      Atomics.store(this.exchange.control, Slot.command, Command.stop);
      this.seq += 1;
      signal(this.exchange.control, Slot.seq, this.seq);
      const timeout = setTimeout(() => void this.worker.terminate(), 10_000);
      await exited;
      clearTimeout(timeout);
    } else {
      await this.worker.terminate();
    }
  }

  /** Wait (without blocking this thread's event loop) until control[slot] holds `value`. */
  private async waitFor(slot: number, value: number): Promise<void> {
    const { control } = this.exchange;
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (Atomics.load(control, Slot.failed) === 1) await this.failed;
      const now = Atomics.load(control, slot);
      if (now === value) return;
      const wait = Atomics.waitAsync(control, slot, now);
      if (wait.async) await Promise.race([wait.value, this.failed]);
    }
  }
}
