/**
 * A queue worker (`neocortex worker --queue redis://...`): a BullMQ Worker whose processor runs
 * sandboxed, in a child process per running job (processor.ts), so that a CPU-bound cell does
 * not block the event loop that renews the job's lock. Its lock and stalled-check settings are
 * options (tests shorten them); their defaults and why are in docs/queue.md.
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { VERSION } from '../version.ts';
import { errorReporter, QUEUE_NAME, redisConnection } from './connection.ts';
import { jobName, type ExperimentSeedJob } from './jobs.ts';

/** The environment variable that hands a worker's `--data-dir` to its jobs' processes. */
export const WORKER_DATA_DIR_ENV = 'NEOCORTEX_WORKER_DATA_DIR';

/** BullMQ's lock and stalled-job settings of a worker, in milliseconds. */
export interface StalledSettings {
  /**
   * How long a job's lock lasts before it must be renewed (BullMQ renews it every half of
   * this). A worker killed mid-cell loses its lock at most this long after its last renewal.
   */
  lockDurationMs: number;
  /** How often the worker looks for jobs whose lock expired (stalled) and puts them back. */
  stalledIntervalMs: number;
  /** How many times a job may stall (its worker died) before it is failed rather than retried. */
  maxStalledCount: number;
}

/** The defaults (see docs/queue.md): BullMQ's 30 s lock and check, and two stalls allowed. */
export const DEFAULT_STALLED: StalledSettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
};

/** How {@link startQueueWorker} runs. */
export interface QueueWorkerOptions extends StalledSettings {
  /** The Redis URL of the queue. */
  url: string;
  /** Jobs run at once, each in its own child process. */
  concurrency: number;
  /** The compute backend of the jobs' processes (NEOCORTEX_BACKEND); default: the usual choice. */
  backend?: string | undefined;
  /**
   * The folder the jobs' data sets that are not embedded are read from (`--data-dir`; see
   * experiments/workerDataSets.ts); default: Debian's folders and the specs' own `dataDir`.
   */
  dataDir?: string | undefined;
  /** Where lines about jobs go. */
  print: (line: string) => void;
}

/** The processor file next to this one: processor.ts from the sources, processor.js from dist/. */
function processorFile(): { file: string; execArgv: string[] } {
  const ts = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(ts ? './processor.ts' : './processor.js', import.meta.url));
  // A child process forked to run TypeScript needs tsx's loader, as this process has.
  const needsLoader = ts && !process.execArgv.some((arg) => arg.includes('tsx'));
  return {
    file,
    execArgv: needsLoader ? [...process.execArgv, '--import', import.meta.resolve('tsx')] : [],
  };
}

/** This worker's name on the jobs it takes: `<host>:<pid>`. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

/** Start taking jobs; `close()` stops taking new ones and waits for the running ones. */
export function startQueueWorker(options: QueueWorkerOptions): Worker {
  const { file, execArgv } = processorFile();
  const env = {
    ...process.env,
    ...(options.backend ? { NEOCORTEX_BACKEND: options.backend } : {}),
    [WORKER_DATA_DIR_ENV]: options.dataDir ?? '',
  };
  const worker = new Worker(QUEUE_NAME, file, {
    // Recorded on each job it takes (job.processedBy): which machine and process ran a cell.
    name: workerName(),
    connection: redisConnection(options.url),
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    useWorkerThreads: false,
    workerForkOptions: { env, ...(execArgv.length > 0 ? { execArgv } : {}) },
  });
  const name = (data: unknown) => jobName(data as ExperimentSeedJob);
  worker.on('active', (job) => options.print(`started ${name(job.data)} (job ${job.id})`));
  worker.on('completed', (job) => options.print(`done ${name(job.data)} (job ${job.id})`));
  worker.on('failed', (job, error) =>
    options.print(
      `failed ${job ? name(job.data) : '?'} (job ${job?.id ?? '?'}, attempt ` +
        `${job?.attemptsMade ?? '?'}): ${error.message}`,
    ),
  );
  // Redis gone: told once until a job moves again, not at each of ioredis's retries.
  const errors = errorReporter(options.print, (message) => `queue error: ${message}`);
  worker.on('error', errors.error);
  for (const event of ['active', 'completed', 'failed'] as const) {
    worker.on(event, () => errors.clear());
  }
  options.print(
    `worker ${workerName()} of neocortex-sim ${VERSION} taking jobs from ${options.url} ` +
      `(queue ${QUEUE_NAME}, concurrency ${options.concurrency}` +
      `${options.dataDir !== undefined ? `, data sets from ${options.dataDir}` : ''})`,
  );
  return worker;
}
