/**
 * What the coordinator shows while the workers compute: one bar of the run's jobs (done,
 * running, waiting, failed), and, on request (`--per-worker`), a line a worker with its jobs
 * done, running and failed, the worker named as its jobs record it (`processedBy`,
 * `<host>:<pid>`). With the bar hidden (`--no-progress`), a worker's line is printed each time
 * its counts change.
 */
import cliProgress from 'cli-progress';

/** The run's jobs by state, as the bar counts them. */
export interface JobCounts {
  done: number;
  running: number;
  waiting: number;
  failed: number;
}

/** A job as the coordinator last saw it: its state, and the worker that took it, if any. */
export interface JobSighting {
  state: 'done' | 'running' | 'waiting' | 'failed';
  /** The job's `processedBy`: `<host>:<pid>` of the worker that ran (or runs) it. */
  worker?: string | undefined;
}

/** One worker's share of the run's jobs. */
export interface WorkerCounts {
  done: number;
  running: number;
  failed: number;
}

/** The jobs of `sightings` a worker has done, is running and failed, by worker name (sorted). */
export function countsByWorker(sightings: Iterable<JobSighting>): Map<string, WorkerCounts> {
  const counts = new Map<string, WorkerCounts>();
  for (const { state, worker } of sightings) {
    if (worker === undefined || state === 'waiting') continue;
    const c = counts.get(worker) ?? { done: 0, running: 0, failed: 0 };
    c[state] += 1;
    counts.set(worker, c);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** A worker's line: `worker host:123: done 2 | running 1 | failed 0`. */
export function workerLine(worker: string, c: WorkerCounts): string {
  return `worker ${worker}: done ${c.done} | running ${c.running} | failed ${c.failed}`;
}

/** How {@link queueProgress} shows the jobs. */
export interface QueueProgressOptions {
  /** Show the bar (cli-progress; a line every 10 s when not a terminal). */
  bar: boolean;
  /** Show a line a worker. */
  perWorker: boolean;
  /** Where a worker's lines go when there is no bar. */
  print: (line: string) => void;
}

/** What the coordinator updates each time it has read the jobs' states, and stops at the end. */
export interface QueueProgress {
  update(counts: JobCounts, sightings: Iterable<JobSighting>): void;
  stop(): void;
}

/** The bars' shared options. */
const BAR_OPTIONS = {
  barsize: 24,
  hideCursor: true,
  noTTYOutput: true,
  notTTYSchedule: 10_000,
};

/** The format of the run's bar. */
function runFormat(name: string): string {
  return (
    `${name} (queue) |{bar}| seeds done {value}/{total} | running {running} | ` +
    'waiting {waiting} | failed {failed}'
  );
}

/** Lines printed when a worker's counts change (no bar). */
function printedLines(print: (line: string) => void): QueueProgress {
  const shown = new Map<string, string>();
  return {
    update(_, sightings) {
      for (const [worker, c] of countsByWorker(sightings)) {
        const line = workerLine(worker, c);
        if (shown.get(worker) !== line) print(line);
        shown.set(worker, line);
      }
    },
    stop: () => undefined,
  };
}

/** The run's bar, and under it a line a worker (a cli-progress MultiBar). */
function multiBar(name: string, total: number): QueueProgress {
  const bars = new cliProgress.MultiBar({ ...BAR_OPTIONS }, cliProgress.Presets.shades_classic);
  const run = bars.create(
    total,
    0,
    { running: 0, waiting: total, failed: 0 },
    { format: runFormat(name) },
  );
  const lines = new Map<string, cliProgress.SingleBar>();
  return {
    update(counts, sightings) {
      run.update(counts.done, { ...counts });
      for (const [worker, c] of countsByWorker(sightings)) {
        const line =
          lines.get(worker) ?? bars.create(total, 0, { line: '' }, { format: '  {line}' });
        lines.set(worker, line);
        line.update(c.done, { line: workerLine(worker, c) });
      }
    },
    stop: () => bars.stop(),
  };
}

/** The run's bar alone. */
function singleBar(name: string, total: number): QueueProgress {
  const bar = new cliProgress.SingleBar(
    { ...BAR_OPTIONS, format: runFormat(name) },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { running: 0, waiting: total, failed: 0 });
  return {
    update: (counts) => bar.update(counts.done, { ...counts }),
    stop: () => bar.stop(),
  };
}

/** The coordinator's display of a run of `total` jobs named `name` (see the file's comment). */
export function queueProgress(
  name: string,
  total: number,
  options: QueueProgressOptions,
): QueueProgress {
  if (options.bar) return options.perWorker ? multiBar(name, total) : singleBar(name, total);
  if (options.perWorker) return printedLines(options.print);
  return { update: () => undefined, stop: () => undefined };
}
