/**
 * The epoch and batch loop every model trains with: resume from a checkpoint,
 * draw each epoch's randomness from (seed, epoch) alone, shuffle, run the
 * model's own batch step, stop on a NaN or infinite loss, report progress, and
 * write a checkpoint at the end of each epoch. A model supplies only its step.
 */
import { shuffledBatches } from '../data/index.ts';
import { createRng, type Rng } from '../random/rng.ts';
import {
  checkpointTraining,
  resumeTraining,
  type CheckpointOptions,
  type TrainingState,
} from './trainingCheckpoint.ts';
import { NeocortexError } from '../errors.ts';

/** A training loss became NaN or infinite (code `NON_FINITE_LOSS`). */
export class NonFiniteLossError extends NeocortexError {
  /** @param message - where (epoch, batch) and what to try */
  constructor(message: string) {
    super('NON_FINITE_LOSS', message);
  }
}

/** Progress after one training batch: epoch, batch and the batch's mean loss. */
export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  samplesPerSecond: number;
}

/** What one batch step reports: its mean loss and any counts to total per epoch. */
export interface StepResult {
  loss: number;
  counts?: Record<string, number>;
}

/** What the loop totalled over one epoch, for the model's own metrics. */
export interface EpochTotals {
  epoch: number;
  meanLoss: number;
  samples: number;
  counts: Record<string, number>;
  seconds: number;
  samplesPerSecond: number;
}

/** What {@link runEpochs} runs: the run's size and seed, the state it checkpoints, the step. */
export interface EpochLoopOptions<M> {
  epochs: number;
  seed: number;
  batchSize: number;
  /** How many items an epoch shuffles and visits. */
  count: number;
  state: TrainingState;
  checkpoint?: CheckpointOptions | undefined;
  /** One optimizer step on the items at `positions` (0..count-1), done or promised. */
  step: (positions: Int32Array, epochRng: Rng) => StepResult | Promise<StepResult>;
  /** The model's own epoch metrics, from the loop's totals. */
  summarize: (totals: EpochTotals) => M;
  /** Called after every batch (e.g. for a progress bar). */
  onBatch?: ((progress: BatchProgress) => void) | undefined;
  /** Called after every epoch, after its checkpoint is written. */
  onEpoch?: ((metrics: M) => void | Promise<void>) | undefined;
}

/** What a training run returns: every epoch's metrics and the run's throughput. */
export interface EpochLoopResult<M> {
  /** Every epoch's metrics, including those done before a resume. */
  epochs: M[];
  /** The epoch a resumed run started from (1 for a fresh run). */
  startEpoch: number;
  samplesPerSecond: number;
  trainingSeconds: number;
}

/** One epoch's randomness and batch order: drawn from (seed, epoch) alone. */
export interface EpochPlan {
  /** The epoch's generator: binarisation and noise seeds are drawn from it, in step order. */
  epochRng: Rng;
  /** Positions 0..count-1, shuffled and cut into batches of `batchSize`. */
  batches: Int32Array[];
}

/**
 * The plan of epoch `epoch`: every loop that trains a model (this one, and the
 * live session's, which steps one batch at a time) draws the same batches and
 * the same noise for the same seed, so a resumed or live run matches a CLI run.
 */
export function epochPlan(
  seed: number,
  epoch: number,
  count: number,
  batchSize: number,
): EpochPlan {
  const epochRng = createRng(seed).fork(epoch);
  return { epochRng, batches: shuffledBatches(count, batchSize, epochRng) };
}

/** Run `options.epochs` epochs of the model's step; see EpochLoopOptions. */
export async function runEpochs<M>(options: EpochLoopOptions<M>): Promise<EpochLoopResult<M>> {
  const history: M[] = [];
  let startEpoch = 1;
  let totalSamples = 0;
  let totalSeconds = 0;
  const checkpoint = options.checkpoint;
  if (checkpoint?.resume) {
    const resumed = await resumeTraining<M>(options.state, checkpoint);
    history.push(...resumed.history);
    startEpoch = resumed.epochsDone + 1;
  }
  for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
    // Each epoch's randomness depends only on (seed, epoch), so a resumed run
    // draws exactly what an uninterrupted one would.
    const { epochRng, batches } = epochPlan(options.seed, epoch, options.count, options.batchSize);
    const started = performance.now();
    const counts: Record<string, number> = {};
    let lossSum = 0;
    let samples = 0;
    for (const [b, positions] of batches.entries()) {
      const result = await options.step(positions, epochRng);
      if (!Number.isFinite(result.loss)) {
        throw new NonFiniteLossError(
          `training stopped: the loss became ${result.loss} at epoch ${epoch}, batch ${b + 1}`,
        );
      }
      for (const [key, value] of Object.entries(result.counts ?? {})) {
        counts[key] = (counts[key] ?? 0) + value;
      }
      lossSum += result.loss * positions.length;
      samples += positions.length;
      options.onBatch?.({
        epoch,
        batch: b + 1,
        batches: batches.length,
        loss: result.loss,
        samplesPerSecond: samples / ((performance.now() - started) / 1000),
      });
      // Let timers, signals and progress output run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seconds = (performance.now() - started) / 1000;
    totalSamples += samples;
    totalSeconds += seconds;
    const metrics = options.summarize({
      epoch,
      meanLoss: lossSum / samples,
      samples,
      counts,
      seconds,
      samplesPerSecond: samples / seconds,
    });
    history.push(metrics);
    if (checkpoint !== undefined) {
      await checkpointTraining(options.state, checkpoint, epoch, history);
    }
    await options.onEpoch?.(metrics);
  }
  return {
    epochs: history,
    startEpoch,
    samplesPerSecond: totalSeconds > 0 ? totalSamples / totalSeconds : 0,
    trainingSeconds: totalSeconds,
  };
}
