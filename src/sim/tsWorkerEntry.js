// Entry of a worker thread that runs a TypeScript module: registers tsx in this
// thread (a worker does not inherit the main thread's loader), then imports the
// module named by workerData.entry (a file URL). See tsWorker.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
