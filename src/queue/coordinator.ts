/**
 * `neocortex experiment <name> --queue redis://...`: the coordinator. It finds the seeds of the
 * run that miss cells, puts one BullMQ job a seed on the queue (its id derived from the run,
 * so a seed is never queued twice and a restarted coordinator finds the jobs it queued), shows
 * the jobs done, running, waiting and failed as workers return them, writes each returned
 * cell into the run's cell cache as a local run does (atomically, once: a cell already there
 * is kept), and, once every seed is in, writes results.json, the report and the plots from the
 * cache, the same way a local run does.
 */
import { isAbsolute, join, normalize } from 'node:path';
import { Job, Queue } from 'bullmq';
import { NeocortexError } from '../errors.ts';
import { readCell, writeCell } from '../experiments/cellCache.ts';
import {
  runExperiment,
  type ExperimentRun,
  type ExperimentSpec,
  type RunExperimentOptions,
} from '../experiments/index.ts';
import { runSpec } from '../experiments/runExperiment.ts';
import { seedsMissingCells } from '../experiments/seedRun.ts';
import type { Experiment } from '../experiments/types.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { prepareOutputDir } from '../io/outputDir.ts';
import { VERSION } from '../version.ts';
import { errorReporter, QUEUE_NAME, redisConnection } from './connection.ts';
import {
  experimentSeedJob,
  ExperimentSeedResult,
  JOB_ATTEMPTS,
  jobId,
  jobName,
  RETRY_DELAY_MS,
  type ExperimentSeedJob,
} from './jobs.ts';
import { queueProgress, type JobSighting } from './progress.ts';

/** How a queued run runs: a local run's options, and the queue's. */
export interface QueuedRunOptions extends RunExperimentOptions {
  /** The Redis URL of the queue. */
  queue: string;
  /** How often the jobs' states are read, in ms (default 500). */
  pollMs?: number;
  /** Show a line a worker with its jobs done, running and failed (`--per-worker`). */
  perWorker?: boolean;
  /** Called once the jobs are on the queue, with their ids (tests stop the coordinator here). */
  onQueued?: (ids: string[]) => void | Promise<void>;
}

/** A seed whose job failed: its name, the error and how many times it ran. */
export interface FailedJob {
  name: string;
  reason: string;
  attempts: number;
}

/** What a queued run returns: the local run's record, and the queue's share of it. */
export interface QueuedRun extends ExperimentRun {
  /** Seeds put on the queue (the others had all their cells already). */
  queuedSeeds: number[];
  /** Cells written from the workers' results (cells already in the cache are not written again). */
  cellsWritten: number;
}

/** A path a job's result may write in the run's folder: relative, inside it, not a cell. */
function safeResultPath(path: string): string {
  const clean = normalize(path);
  if (isAbsolute(clean) || clean.startsWith('..') || clean.startsWith('cells')) {
    throw new NeocortexError('OUTPUT_UNWRITABLE', `a job returned a file outside its run: ${path}`);
  }
  return clean;
}

/**
 * Keep a seed's result in `outDir`: each cell not already in the cache (written atomically),
 * and, for the run's first seed, the files its script wrote. The number of cells written.
 */
export async function storeSeedResult(
  outDir: string,
  result: ExperimentSeedResult,
  pictures: boolean,
): Promise<number> {
  let written = 0;
  for (const cell of result.cells) {
    if ((await readCell(outDir, cell.key, cell.config)) !== undefined) continue;
    await writeCell(outDir, cell.key, cell.config, cell.value);
    written += 1;
  }
  if (pictures) {
    for (const file of result.files) {
      await writeFileAtomic(
        join(outDir, safeResultPath(file.path)),
        Buffer.from(file.base64, 'base64'),
      );
    }
  }
  return written;
}

/** Put `jobs` on `queue` (a job already there is left as it is; a failed one is retried). */
async function enqueue(queue: Queue, jobs: ExperimentSeedJob[]): Promise<string[]> {
  const ids: string[] = [];
  for (const data of jobs) {
    const id = jobId(data);
    const job = await queue.add(jobName(data), data, {
      jobId: id,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
      // Kept until the coordinator has written its cells (then it removes it), a week at most.
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    // A failed job of an earlier attempt at this run: running the command again retries it.
    if (await job.isFailed()) await job.retry('failed');
    ids.push(id);
  }
  return ids;
}

/** How {@link collectSeedJobs} waits for the jobs. */
export interface CollectOptions {
  /** Show the bar. */
  progress: boolean;
  /** How often the jobs' states are read, in ms (default 500). */
  pollMs?: number;
  /** Show a line a worker (see progress.ts). */
  perWorker?: boolean;
  /** Where the workers' lines go without a bar. */
  print?: (line: string) => void;
  /**
   * Put job `id` on the queue again when it is no longer there (Redis restarted without its
   * data); false when it should not be (then the run stops with an error naming the job).
   */
  requeue?: (id: string) => Promise<boolean>;
  /** Called after each round of reading the jobs' states (Redis answered). */
  polled?: () => void;
}

/**
 * Wait for the jobs `ids` of `spec`: write each finished seed into `outDir` (see
 * {@link storeSeedResult}), remove its job, and return the failed ones with their errors.
 */
export async function collectSeedJobs(
  queue: Queue,
  spec: Pick<ExperimentSpec, 'experiment' | 'seeds'>,
  ids: string[],
  outDir: string,
  options: CollectOptions,
): Promise<{ failed: FailedJob[]; cellsWritten: number }> {
  const pending = new Set(ids);
  const failed: FailedJob[] = [];
  let cellsWritten = 0;
  let done = 0;
  const perWorker = options.perWorker ?? false;
  const sightings = new Map<string, JobSighting>();
  const bar = queueProgress(spec.experiment, ids.length, {
    bar: options.progress,
    perWorker,
    print: options.print ?? (() => undefined),
  });
  try {
    while (pending.size > 0) {
      let running = 0;
      let waiting = 0;
      for (const id of [...pending]) {
        // The state first: a finished job's fields are final, read after it they are whole.
        const state = await queue.getJobState(id);
        const job =
          state === 'completed' || state === 'failed' || (perWorker && state === 'active')
            ? await Job.fromId<ExperimentSeedJob, unknown>(queue, id)
            : undefined;
        const worker = job?.processedBy;
        if (state === 'unknown' && (await options.requeue?.(id))) {
          waiting += 1;
          sightings.set(id, { state: 'waiting' });
          continue;
        }
        if (state === 'unknown' || ((state === 'completed' || state === 'failed') && !job)) {
          throw new NeocortexError(
            'CACHE_INVALID',
            `job ${id} left the queue before its cells were written (removed by hand?); run the ` +
              'command again to queue it again',
          );
        }
        if (state === 'completed' && job) {
          const result = ExperimentSeedResult.parse(job.returnvalue);
          cellsWritten += await storeSeedResult(outDir, result, job.data.seed === spec.seeds[0]);
          await job.remove().catch(() => undefined);
          pending.delete(id);
          done += 1;
          sightings.set(id, { state: 'done', worker });
        } else if (state === 'failed' && job) {
          failed.push({
            name: jobName(job.data),
            reason: job.failedReason ?? 'no reason given',
            attempts: job.attemptsMade,
          });
          pending.delete(id);
          sightings.set(id, { state: 'failed', worker });
        } else if (state === 'active') {
          running += 1;
          sightings.set(id, { state: 'running', worker });
        } else {
          waiting += 1;
          sightings.set(id, { state: 'waiting' });
        }
      }
      bar.update({ done, running, waiting, failed: failed.length }, sightings.values());
      options.polled?.();
      if (pending.size > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    }
  } finally {
    bar.stop();
  }
  return { failed, cellsWritten };
}

/**
 * Run `experiment` on the queue (see the file's comment): the seeds missing cells go to the
 * workers, then the results are written here from the cell cache. Jobs that failed after their
 * attempts are named in the error thrown (`JOB_FAILED`); their cells stay missing, the
 * others are kept, so the same command run again queues only what is missing.
 */
export async function runQueuedExperiment(
  experiment: Experiment,
  options: QueuedRunOptions,
): Promise<QueuedRun> {
  const spec = runSpec(experiment, options);
  const connection = redisConnection(options.queue);
  await prepareOutputDir(options.outDir);
  const missing = await seedsMissingCells(experiment, spec, options.outDir, options.backend);
  let cellsWritten = 0;
  if (missing.length > 0) {
    const queue = new Queue(QUEUE_NAME, { connection });
    // Redis gone: ioredis retries for ever and the commands wait; told once, not every retry.
    const errors = errorReporter(
      options.print,
      (message) => `redis: ${message} (waiting for it; the run carries on when it answers)`,
    );
    queue.on('error', errors.error);
    try {
      const jobs = missing.map((seed) => experimentSeedJob(spec, seed, VERSION));
      const ids = await enqueue(queue, jobs);
      const requeued = new Map<string, number>();
      const requeue = async (id: string): Promise<boolean> => {
        const data = jobs[ids.indexOf(id)];
        const times = (requeued.get(id) ?? 0) + 1;
        requeued.set(id, times);
        if (data === undefined || times > JOB_ATTEMPTS) return false;
        await enqueue(queue, [data]);
        options.print(
          `job ${id} is no longer on the queue (Redis restarted without its data?): queued again`,
        );
        return true;
      };
      options.print(`queued seeds ${missing.join(', ')} on ${options.queue} (queue ${QUEUE_NAME})`);
      await options.onQueued?.(ids);
      const collected = await collectSeedJobs(queue, spec, ids, options.outDir, {
        progress: options.progress,
        perWorker: options.perWorker ?? false,
        print: options.print,
        requeue,
        polled: () => errors.clear('redis answers again'),
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      });
      cellsWritten = collected.cellsWritten;
      if (collected.failed.length > 0) {
        for (const f of collected.failed) {
          options.print(`failed: ${f.name} after ${f.attempts} attempts: ${f.reason}`);
        }
        throw new NeocortexError(
          'JOB_FAILED',
          `${collected.failed.length} of ${ids.length} queued seeds failed ` +
            `(${collected.failed.map((f) => f.name).join(', ')}); the cells of the others are ` +
            `kept in ${options.outDir}/cells, and running the command again retries the failed ones`,
        );
      }
    } finally {
      await queue.close();
    }
  } else {
    options.print(`every cell is already in ${options.outDir}/cells: nothing to queue`);
  }
  const run = await runExperiment(experiment, { ...options, cachedOnly: true });
  return { ...run, queuedSeeds: missing, cellsWritten };
}
