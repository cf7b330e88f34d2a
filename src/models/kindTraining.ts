/**
 * What every kind's training does around its own loop, written once: report each batch to the
 * run's progress, and turn the epoch loop's result into the {@link TrainedRun} the caller
 * records (history, throughput, config, where a resume went on from).
 */
import type { BatchProgress, EpochLoopResult } from './epochLoop.ts';
import type { TrainedRun, TrainingContext } from './kind.ts';
import type { CheckpointOptions } from './trainingCheckpoint.ts';

/**
 * The `onBatch` of a training loop that reports to the run's progress: `epochs` in all, this
 * loop's epochs counted after `before` (a second stage goes on from the first's).
 */
export function reportBatches(
  context: Pick<TrainingContext, 'progress'>,
  epochs: number,
  before = 0,
): (progress: BatchProgress) => void {
  return (p) => context.progress.batch({ ...p, epoch: before + p.epoch, epochs });
}

/** Where a resumed run went on from, or undefined for a fresh run. */
export function resumedLine(
  startEpoch: number,
  checkpoint: CheckpointOptions | undefined,
): string | undefined {
  return startEpoch > 1 && checkpoint !== undefined
    ? `resumed from ${checkpoint.path} at epoch ${startEpoch}`
    : undefined;
}

/** The {@link TrainedRun} of a one-stage training: its epochs, throughput and config. */
export function trainedRun(
  result: EpochLoopResult<unknown>,
  config: Record<string, unknown>,
  checkpoint: CheckpointOptions | undefined,
): TrainedRun {
  return {
    history: result.epochs,
    samplesPerSecond: result.samplesPerSecond,
    trainingSeconds: result.trainingSeconds,
    config,
    resumed: resumedLine(result.startEpoch, checkpoint),
  };
}

/** What every one-stage training loop takes from the run: its schedule, checkpoint and progress. */
export interface StageOptions {
  epochs: number;
  seed: number;
  batchSize: number;
  checkpoint?: CheckpointOptions;
  onBatch: (progress: BatchProgress) => void;
}

/**
 * A one-stage training, written once: the run's checkpoint for `config` (what a resume must
 * match), the kind's own loop given the run's schedule, then the {@link TrainedRun} it made.
 * @param context - the run (data, batch size, checkpoint factory, progress)
 * @param spec - the epochs and seed of the kind's spec
 * @param config - what the checkpoint must match to resume
 * @param loop - the kind's training loop, given the stage's options
 */
export async function trainOneStage(
  context: TrainingContext,
  spec: { epochs: number; seed: number },
  config: Record<string, unknown>,
  loop: (options: StageOptions) => Promise<EpochLoopResult<unknown>>,
): Promise<TrainedRun> {
  const checkpoint = context.checkpoint?.(config);
  const result = await loop({
    epochs: spec.epochs,
    seed: spec.seed,
    batchSize: context.batchSize,
    ...(checkpoint !== undefined ? { checkpoint } : {}),
    onBatch: reportBatches(context, spec.epochs),
  });
  return trainedRun(result, config, checkpoint);
}
