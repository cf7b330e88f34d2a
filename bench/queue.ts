/**
 * `npm run bench -- queue`: experiments and sweeps on the BullMQ queue (docs/queue.md), on a
 * Redis of the bench's own (Debian's redis-server on a free port) and `neocortex worker`
 * processes of this machine, run from the sources on the default backend:
 * - an experiment's `--quick` run (recognition-vs-generation with 4 seeds, a job each, so two
 *   workers can share it) here without a queue, then on 1 and on 2 workers: wall times and
 *   the speed-up of 2 over 1;
 * - a small sweep (4 VAE points on the embedded MNIST) the same three ways;
 * - the queue's overhead per job: 100 near-empty sweep points (one epoch of 20 images)
 *   computed here, then queued to one warm worker: (queued - here) / 100;
 * - the worker's memory over those 100 jobs: RSS of the worker's process and of its job
 *   process (BullMQ's sandbox, kept between jobs), sampled each second: first, last, max.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExperiment } from '../experiments/index.ts';
import { initBackend, type BackendInfo } from '../src/backend/index.ts';
import { runExperiment, type RunExperimentOptions } from '../src/experiments/index.ts';
import { sweepExperiment } from '../src/experiments/sweep/experiment.ts';
import { parseSweepSpec, sweepPoints } from '../src/experiments/sweep/spec.ts';
import { runQueuedExperiment } from '../src/queue/coordinator.ts';
import type { Experiment } from '../src/experiments/types.ts';
import { neocortexBin } from '../test/helpers/killAndResume.ts';
import { startRedis, type TestRedis } from '../test/helpers/redisServer.ts';

/** One measured figure set, as bench/run.ts prints it. */
export type QueueBenchRecord = Record<string, unknown>;

/** A worker process of the bench. */
interface BenchWorker {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `neocortex worker --queue url` from the sources; resolves once it takes jobs. */
async function startWorker(url: string): Promise<BenchWorker> {
  const child = spawn(process.execPath, [neocortexBin, 'worker', '--queue', url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  while (!text.includes('taking jobs')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${text}`);
    await sleep(100);
  }
  return {
    child,
    output: () => text,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of process `pid` in MB, or undefined when it is gone. */
function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The ids of `pid`'s child processes (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

/** The options of a run in a fresh folder under `root`. */
function runOptions(
  root: string,
  name: string,
  backend: BackendInfo,
  run: Pick<RunExperimentOptions, 'quick' | 'seeds' | 'dataset' | 'config'>,
): RunExperimentOptions {
  return {
    ...run,
    outDir: join(root, name),
    backend,
    progress: false,
    print: () => undefined,
    command: 'npm run bench -- queue',
  };
}

/** Seconds `run` takes. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return (performance.now() - t) / 1000;
}

/** A sweep spec's run: its experiment options (the points numbered as seeds). */
function sweepRun(
  sweep: object,
): Pick<RunExperimentOptions, 'quick' | 'seeds' | 'dataset' | 'config'> {
  const spec = parseSweepSpec(sweep);
  const points = sweepPoints(spec);
  return {
    quick: false,
    seeds: points.map((_, i) => i + 1),
    dataset: points[0]!.spec.dataset,
    config: spec,
  };
}

/** The runs timed here, on 1 worker and on 2: a label, the experiment and its options. */
interface TimedRun {
  label: string;
  experiment: Experiment;
  run: Pick<RunExperimentOptions, 'quick' | 'seeds' | 'dataset' | 'config'>;
}

/** Seconds of a queued run of `timed` in a fresh folder named `name`. */
async function queuedSeconds(
  t: TimedRun,
  name: string,
  ctx: { root: string; backend: BackendInfo; redis: TestRedis },
  pollMs = 100,
): Promise<number> {
  return timed(() =>
    runQueuedExperiment(t.experiment, {
      ...runOptions(ctx.root, name, ctx.backend, t.run),
      queue: ctx.redis.url,
      pollMs,
    }),
  );
}

/** Tiny sweep points that warm a worker's job process (its first job pays the process start). */
function warmRun(name: string, seeds: number): TimedRun {
  return {
    label: name,
    experiment: sweepExperiment,
    run: sweepRun({
      name,
      model: { kind: 'vae', dataset: 'mnist', epochs: 1, hiddenSize: 16, latentSize: 2 },
      grid: { seed: Array.from({ length: seeds }, (_, i) => i + 1) },
      train: 20,
      test: 20,
    }),
  };
}

/** RSS samples of a worker's process and of its job processes, one a second until stopped. */
function sampleRss(worker: BenchWorker): { stop: () => { main: number; job: number }[] } {
  const samples: { main: number; job: number }[] = [];
  const timer = setInterval(() => {
    const main = rssMb(worker.child.pid!);
    const job = childrenOf(worker.child.pid!)
      .map(rssMb)
      .reduce<number>((sum, mb) => sum + (mb ?? 0), 0);
    if (main !== undefined) samples.push({ main, job });
  }, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

/** First, last and max of a series. */
function summary(values: number[]) {
  return {
    first: round(values[0] ?? NaN),
    last: round(values.at(-1) ?? NaN),
    max: round(Math.max(...values)),
  };
}

/** Run the queue benchmarks (see the file's comment); their records. */
export async function queueBench(): Promise<QueueBenchRecord[]> {
  const records: QueueBenchRecord[] = [];
  const root = await mkdtemp(join(tmpdir(), 'neocortex-bench-queue-'));
  const redis = await startRedis();
  const workers: BenchWorker[] = [];
  try {
    const backend = await initBackend();
    const ctx = { root, backend, redis };
    const runs: TimedRun[] = [
      {
        label: 'experiment recognition-vs-generation --quick --seeds 4',
        experiment: findExperiment('recognition-vs-generation'),
        run: { quick: true, seeds: [1, 2, 3, 4], dataset: 'mnist', config: {} },
      },
      {
        label: 'sweep vae mnist epochs 2 train 2000 test 500, latentSize [2,5,10,20]',
        experiment: sweepExperiment,
        run: sweepRun({
          name: 'latent',
          model: { kind: 'vae', dataset: 'mnist', epochs: 2 },
          grid: { latentSize: [2, 5, 10, 20] },
          train: 2000,
          test: 500,
        }),
      },
    ];
    const empty: TimedRun = {
      label: 'empty',
      experiment: sweepExperiment,
      run: sweepRun({
        name: 'empty',
        model: { kind: 'vae', dataset: 'mnist', epochs: 1, hiddenSize: 8, latentSize: 2 },
        grid: { seed: Array.from({ length: 100 }, (_, i) => i + 1) },
        train: 20,
        test: 20,
      }),
    };
    const here = new Map<string, number>();
    for (const t of [...runs, empty]) {
      here.set(
        t.label,
        await timed(() =>
          runExperiment(t.experiment, runOptions(root, `${t.label}-here`, backend, t.run)),
        ),
      );
    }

    // One worker, warmed; its job process's RSS sampled over the 100 near-empty jobs.
    workers.push(await startWorker(redis.url));
    await queuedSeconds(warmRun('warm1', 2), 'warm1', ctx);
    const one = new Map<string, number>();
    for (const t of runs) one.set(t.label, await queuedSeconds(t, `${t.label}-1w`, ctx));
    const sampler = sampleRss(workers[0]!);
    const emptyQueued = await queuedSeconds(empty, 'empty-1w', ctx, 50);
    const samples = sampler.stop();

    // A second worker, warmed until it has taken a job.
    workers.push(await startWorker(redis.url));
    for (let attempt = 0; !workers[1]!.output().includes('done sweep'); attempt++) {
      if (attempt === 5) throw new Error('the second worker took none of 20 warm-up jobs');
      await queuedSeconds(warmRun(`warm2-${attempt}`, 4), `warm2-${attempt}`, ctx);
    }
    for (const t of runs) {
      const two = await queuedSeconds(t, `${t.label}-2w`, ctx);
      records.push({
        bench: 'queue-speedup',
        run: t.label,
        jobs: t.run.seeds.length,
        hereSeconds: round(here.get(t.label)!),
        oneWorkerSeconds: round(one.get(t.label)!),
        twoWorkersSeconds: round(two),
        speedUp: round(one.get(t.label)! / two, 2),
      });
    }
    const emptyHere = here.get(empty.label)!;
    records.push({
      bench: 'queue-overhead',
      jobs: 100,
      hereSeconds: round(emptyHere, 2),
      oneWorkerSeconds: round(emptyQueued, 2),
      overheadMsPerJob: round(((emptyQueued - emptyHere) / 100) * 1000),
      coordinatorPollMs: 50,
    });
    records.push({
      bench: 'queue-worker-memory',
      jobs: 100,
      samples: samples.length,
      workerRssMb: summary(samples.map((s) => s.main)),
      jobProcessRssMb: summary(samples.map((s) => s.job)),
    });
  } finally {
    for (const w of workers) await w.stop().catch(() => undefined);
    await redis.stop();
    await rm(root, { recursive: true, force: true });
  }
  return records;
}
