/**
 * What every `train` command does around its model's own training and testing: stop the
 * progress bar, say where a run resumed, write DIR/metrics.json with the run's origin and
 * figures, print the summary lines, explain a NaN stop (naming the last good checkpoint),
 * and free the model whatever happens.
 */
import { join } from 'node:path';
import type { TrainingProgress } from './progress.ts';
import { explainFailure, writeMetrics, type RunOrigin } from './runSetup.ts';

/** A finished `train` command: its run folder and what it wrote to metrics.json. */
export interface TrainReport {
  outDir: string;
  metrics: object;
}

/** One command's part: its model, how it trains, and what it reports afterwards. */
export interface TrainingJob<R> {
  /** The run folder (metrics.json goes there). */
  outDir: string;
  /** Who made the run: metrics.json starts with it. */
  origin: RunOrigin;
  /** Freed when the command ends, however it ends. */
  model: { dispose(): void };
  progress: TrainingProgress;
  /** Train (resuming from a checkpoint where asked); the bar advances as it goes. */
  train: () => Promise<R>;
  /** What to say about a resumed run, if it was resumed. */
  resumed: (result: R) => string | undefined;
  /** Test the trained model: the figures for metrics.json and the lines to print. */
  report: (
    result: R,
  ) => Promise<{ figures: object; lines: string[] }> | { figures: object; lines: string[] };
  /** The checkpoint a failure should point to (read after the failure). */
  checkpointPath: () => string;
}

/** Run one command's training job to its metrics.json (see the file's comment). */
export async function runTrainingJob<R>(
  job: TrainingJob<R>,
  print: (line: string) => void,
): Promise<TrainReport> {
  try {
    const result = await job.train();
    job.progress.stop();
    const resumed = job.resumed(result);
    if (resumed !== undefined) print(resumed);
    const { figures, lines } = await job.report(result);
    const metrics = await writeMetrics(job.outDir, job.origin, figures);
    for (const line of lines) print(line);
    print(`wrote ${join(job.outDir, 'metrics.json')}`);
    return { outDir: job.outDir, metrics };
  } catch (error) {
    throw explainFailure(error, job.checkpointPath());
  } finally {
    job.progress.stop();
    job.model.dispose();
  }
}

/** The usual resume message of a one-stage training: the epoch it went on from. */
export function resumedAtEpoch(checkpointPath: string) {
  return (result: { startEpoch: number }): string | undefined =>
    result.startEpoch > 1
      ? `resumed from ${checkpointPath} at epoch ${result.startEpoch}`
      : undefined;
}
