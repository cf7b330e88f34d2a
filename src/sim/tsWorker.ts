/**
 * Start a worker thread on a module of this package, from the TypeScript
 * sources (npm start, vitest) or from the compiled JavaScript in dist/ (the
 * installed package, the `neocortex` command). From the sources, the thread
 * starts on a small JavaScript entry that registers tsx, which then imports the
 * module; compiled, it starts on the module's `.js` file with no loader. The
 * module reads its own data as `workerData.data`.
 */
import { Worker } from 'node:worker_threads';

/** True when this file runs compiled (dist/…/tsWorker.js), false from the sources. */
const compiled = import.meta.url.endsWith('.js');
const entry = new URL('./tsWorkerEntry.js', import.meta.url);

/**
 * Start a worker thread on `module`, a `.ts` file URL next to its caller (run
 * compiled, its `.js` twin is started instead), with `data` as `workerData.data`.
 */
export function startTsWorker(module: URL, data: unknown): Worker {
  if (compiled) {
    const script = new URL(module.href.replace(/\.ts$/, '.js'));
    return new Worker(script, { workerData: { entry: script.href, data } });
  }
  return new Worker(entry, { workerData: { entry: module.href, data } });
}
