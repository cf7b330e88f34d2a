/**
 * The sandboxed processor of `neocortex worker` (BullMQ runs this file in a child process, one
 * per running job): it checks the job's version, parses its seed of an experiment run (or its
 * point of a sweep, which runs as the experiment `sweep`), and computes that seed's cells. A cell keeps its process's CPU for minutes; in a child process it
 * cannot stop the worker's own event loop from renewing the job's lock, so the job is never
 * taken for stalled while it is computing (see docs/queue.md).
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { experiments, findExperiment } from '../../experiments/index.ts';
import { initBackend } from '../backend/index.ts';
import { parseExperimentSpec } from '../experiments/index.ts';
import { computeExperimentSeed } from '../experiments/seedRun.ts';
import { createExperimentProgress } from '../experiments/progress.ts';
import { sweepExperiment } from '../experiments/sweep/experiment.ts';
import { readDataSetsAsWorker } from '../experiments/workerDataSets.ts';
import { VERSION } from '../version.ts';
import { ExperimentSeedJob, type ExperimentSeedResult } from './jobs.ts';
import { WORKER_DATA_DIR_ENV } from './worker.ts';

/**
 * Throws an {@link UnrecoverableError} (failed at once, never retried) for a job queued by
 * another version of the project: its cells would not be the ones that version computes.
 */
export function checkJobVersion(data: unknown, id: string | undefined): void {
  const version =
    data !== null && typeof data === 'object' ? (data as Record<string, unknown>)['version'] : '';
  if (version !== VERSION) {
    throw new UnrecoverableError(
      `job ${id ?? '?'} was queued by neocortex-sim ${String(version)}; this worker runs ` +
        `${VERSION} and refuses it (run a worker of the same version as the coordinator)`,
    );
  }
}

/** Compute the job's seed: its cells and the files its script wrote. */
export default async function processSeedJob(job: SandboxedJob): Promise<ExperimentSeedResult> {
  checkJobVersion(job.data, job.id);
  const data = ExperimentSeedJob.parse(job.data);
  readDataSetsAsWorker(process.env[WORKER_DATA_DIR_ENV] || undefined);
  const spec = parseExperimentSpec(
    {
      experiment: data.experiment,
      quick: data.quick,
      seeds: data.seeds,
      dataset: data.dataset,
      config: data.config,
    },
    [...experiments, sweepExperiment],
  );
  const experiment =
    spec.experiment === sweepExperiment.name ? sweepExperiment : findExperiment(spec.experiment);
  const backend = await initBackend();
  const progress = createExperimentProgress(spec.experiment, false);
  return computeExperimentSeed(experiment, spec, data.seed, backend, progress);
}
