/**
 * `neocortex worker --queue redis://HOST:PORT [--concurrency N]`: take experiment cells from
 * the queue and compute them, until stopped (Ctrl-C or SIGTERM: it stops taking jobs, lets the
 * running ones finish, and exits). Start one a machine or one a core, as many as you like,
 * against the same Redis; see docs/queue.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseBackendChoice } from '../backend/names.ts';
import { wholeNumber } from '../cortex/specFields.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { NeocortexError } from '../errors.ts';
import { redisConnection } from '../queue/connection.ts';
import { DEFAULT_STALLED, startQueueWorker } from '../queue/worker.ts';
import { parseCommandOptions } from './commandOptions.ts';

/** `neocortex worker`'s options, validated once. */
export const WorkerOptions = z.object({
  /** The Redis URL of the queue. */
  queue: z.string().min(1),
  /** Jobs at once, each in its own process. */
  concurrency: z.preprocess(typedNumber, wholeNumber(1, 64)).default(1),
  /** The lock of a running job, renewed every half of it (ms). */
  lockDuration: z
    .preprocess(typedNumber, wholeNumber(1000, 3_600_000))
    .default(DEFAULT_STALLED.lockDurationMs),
  /** How often stalled jobs are looked for (ms). */
  stalledInterval: z
    .preprocess(typedNumber, wholeNumber(500, 3_600_000))
    .default(DEFAULT_STALLED.stalledIntervalMs),
  /** Stalls a job may have before it fails. */
  maxStalledCount: z
    .preprocess(typedNumber, wholeNumber(0, 100))
    .default(DEFAULT_STALLED.maxStalledCount),
  /** A folder holding the data sets that are not embedded, one subfolder each (fashion-mnist/). */
  dataDir: z.string().min(1).optional(),
  /** Checked by names.ts alone: the worker's own process never loads TensorFlow.js. */
  backend: z
    .string()
    .transform((name) => parseBackendChoice(name))
    .optional(),
});
/** {@link WorkerOptions}' type. */
export type WorkerOptions = z.infer<typeof WorkerOptions>;

/**
 * Run `neocortex worker` with commander's option values: resolves when the worker has been
 * stopped by SIGINT or SIGTERM (or by `stop`, for tests) and its running jobs are over.
 */
export async function runWorkerCommand(
  raw: Record<string, unknown>,
  print: (line: string) => void,
  stop?: Promise<void>,
): Promise<void> {
  const options = parseCommandOptions(WorkerOptions, raw, 'worker');
  redisConnection(options.queue);
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined && !existsSync(dataDir)) {
    throw new NeocortexError('OPTION_INVALID', `--data-dir: no folder ${dataDir}`);
  }
  const worker = startQueueWorker({
    url: options.queue,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDuration,
    stalledIntervalMs: options.stalledInterval,
    maxStalledCount: options.maxStalledCount,
    backend: options.backend === 'auto' ? undefined : options.backend,
    dataDir,
    print,
  });
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    void stop?.then(done);
  });
  print('stopping: waiting for the running jobs to finish');
  await worker.close();
}
