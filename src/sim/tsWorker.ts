/**
 * Start a worker thread on a TypeScript module, the same way under tsx (npm
 * start, bin/neocortex.js) and under vitest: the thread starts on a small
 * JavaScript entry that registers tsx, which then imports the module. The
 * module reads its own data as `workerData.data`.
 */
import { Worker } from 'node:worker_threads';

const entry = new URL('./tsWorkerEntry.js', import.meta.url);

export function startTsWorker(module: URL, data: unknown): Worker {
  return new Worker(entry, { workerData: { entry: module.href, data } });
}
