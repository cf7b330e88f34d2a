/**
 * An experiment run (or a sweep, which runs as one) computed here, or on a Redis job queue when
 * the command was given `--queue URL`; the queue's code is loaded only then.
 */
import { NeocortexError } from '../errors.ts';
import type { Experiment } from '../experiments/types.ts';
import {
  runExperiment,
  type ExperimentRun,
  type RunExperimentOptions,
} from '../experiments/runExperiment.ts';

/**
 * Run `experiment` here, or put its missing seeds on the queue at `queue` and collect them,
 * with a line a worker when `perWorker` (`--per-worker`, which needs `--queue`).
 */
export async function runHereOrQueued(
  experiment: Experiment,
  options: RunExperimentOptions,
  queue: string | undefined,
  perWorker = false,
): Promise<ExperimentRun> {
  if (queue === undefined) {
    if (perWorker) {
      throw new NeocortexError(
        'OPTION_INVALID',
        '--per-worker shows the workers of --queue: give both',
      );
    }
    return runExperiment(experiment, options);
  }
  const { runQueuedExperiment } = await import('../queue/coordinator.ts');
  return runQueuedExperiment(experiment, { ...options, queue, perWorker });
}
