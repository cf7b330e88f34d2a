/**
 * What `neocortex train` does around a kind's own training and testing: stop the progress
 * bar, say where a run resumed, write DIR/metrics.json with the run's origin and figures,
 * print the summary lines, explain a NaN stop (naming the last good checkpoint), end cleanly
 * on Ctrl+C (naming the epoch whose checkpoint was kept and the command that resumes it), and
 * free the model whatever happens.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from '../models/checkpoint.ts';
import { explainFailure, writeMetrics, type RunOrigin } from './runSetup.ts';

/** A finished `train` command: its run folder and what it wrote to metrics.json. */
export interface TrainReport {
  outDir: string;
  metrics: object;
}

/** One run's part: its model, how it trains, and what it reports afterwards. */
export interface TrainingJob<R> {
  /** The run folder (metrics.json goes there). */
  outDir: string;
  /** Who made the run: metrics.json starts with it. */
  origin: RunOrigin;
  /** Freed when the command ends, however it ends. */
  model: { dispose(): void };
  /** The progress bar, stopped before anything else is printed. */
  progress: { stop(): void };
  /** Train (resuming from a checkpoint where asked); the bar advances as it goes. */
  train: () => Promise<R>;
  /** What to say about a resumed run, if it was resumed. */
  resumed: (result: R) => string | undefined;
  /** Test the trained model: the figures for metrics.json and the lines to print. */
  report: (
    result: R,
  ) => Promise<{ figures: object; lines: string[] }> | { figures: object; lines: string[] };
  /** The checkpoint a failure or an interruption should point to (read when it happens). */
  checkpointPath: () => string;
  /** The command that resumes this run (printed when Ctrl+C stops it). */
  resumeCommand: string;
}

/** Run one training job to its metrics.json (see the file's comment). */
export async function runTrainingJob<R>(
  job: TrainingJob<R>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const stopOnInterrupt = (): void => {
    job.progress.stop();
    void interrupted(job, print).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnInterrupt);
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
    process.removeListener('SIGINT', stopOnInterrupt);
    job.progress.stop();
    job.model.dispose();
  }
}

/** Say, after Ctrl+C, which epoch's checkpoint was kept and how to go on from it. */
async function interrupted<R>(job: TrainingJob<R>, print: (line: string) => void): Promise<void> {
  const path = job.checkpointPath();
  const header = existsSync(path)
    ? await loadCheckpoint(path).then(
        (checkpoint) => checkpoint.header,
        () => undefined,
      )
    : undefined;
  if (header === undefined) {
    print('stopped (Ctrl+C) before the first epoch ended: no checkpoint was kept');
    return;
  }
  const stage =
    typeof header.config['stage'] === 'string' ? ` of the ${header.config['stage']} stage` : '';
  print(`stopped (Ctrl+C): kept the checkpoint of epoch ${header.epoch}${stage} at ${path}`);
  print(`resume with: ${job.resumeCommand}`);
}

/** A command line as a shell reads it back: each argument quoted where it needs to be. */
export function shellCommand(args: readonly string[]): string {
  return args
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
