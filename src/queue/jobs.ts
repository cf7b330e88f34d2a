/**
 * What travels on the queue. A job is one seed of an experiment run, by value: the experiment's
 * name, its mode, data set and configuration, the run's seeds, the seed to compute, and the
 * version of the project that queued it (a worker of another version refuses it). Its result
 * is the seed's cells (key, config, value, as the cell cache keeps them) and the files its
 * script wrote (pictures, base64). Both are checked with zod where they enter a process.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ExperimentSpec } from '../experiments/index.ts';
import { SWEEP_EXPERIMENT } from '../experiments/sweep/name.ts';

/** How many times a failing job is run before it is reported failed (the first run included). */
export const JOB_ATTEMPTS = 3;

/** Milliseconds before a failed job's next attempt. */
export const RETRY_DELAY_MS = 1000;

/** A seed of an experiment run, as a job carries it. */
export const ExperimentSeedJob = z
  .object({
    task: z.literal('experiment-seed'),
    /** The project version that queued it (`neocortex --version`). */
    version: z.string().min(1),
    experiment: z.string().min(1),
    quick: z.boolean(),
    dataset: z.string().min(1),
    config: z.record(z.string(), z.unknown()),
    /** Every seed of the run, in order (pictures belong to the first). */
    seeds: z.array(z.number().int()).min(1),
    /** The seed this job computes. */
    seed: z.number().int(),
  })
  .strict();
/** {@link ExperimentSeedJob}'s type. */
export type ExperimentSeedJob = z.infer<typeof ExperimentSeedJob>;

/** What a worker returns for an {@link ExperimentSeedJob}. */
export const ExperimentSeedResult = z
  .object({
    cells: z.array(z.object({ key: z.string(), config: z.unknown(), value: z.unknown() })),
    files: z.array(z.object({ path: z.string(), base64: z.string() })),
  })
  .strict();
/** {@link ExperimentSeedResult}'s type. */
export type ExperimentSeedResult = z.infer<typeof ExperimentSeedResult>;

/** The job of seed `seed` of the run `spec`, queued by version `version`. */
export function experimentSeedJob(
  spec: ExperimentSpec,
  seed: number,
  version: string,
): ExperimentSeedJob {
  return {
    task: 'experiment-seed',
    version,
    experiment: spec.experiment,
    quick: spec.quick,
    dataset: spec.dataset,
    config: spec.config,
    seeds: spec.seeds,
    seed,
  };
}

/**
 * The job's id, derived from everything its cells depend on (so the same seed of the same run
 * is never queued twice, whoever queues it, and a restarted coordinator finds its jobs):
 * `<experiment>-<hash of the job without its seed>-seed<seed>`.
 */
export function jobId(job: ExperimentSeedJob): string {
  const { seed, ...run } = job;
  const hash = createHash('sha256').update(JSON.stringify(run)).digest('hex').slice(0, 16);
  return `${job.experiment}-${hash}-seed${seed}`;
}

/**
 * A job's name as the progress and failure lines show it: `<experiment> seed <seed>`, or
 * `sweep <name> point <n>` for a sweep (whose seeds number its points).
 */
export function jobName(job: Pick<ExperimentSeedJob, 'experiment' | 'seed' | 'config'>): string {
  return job.experiment === SWEEP_EXPERIMENT
    ? `sweep ${String(job.config['name'])} point ${job.seed}`
    : `${job.experiment} seed ${job.seed}`;
}
