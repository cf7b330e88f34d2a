/**
 * Experiment cells on a real Redis queue: a queued run equals a local run figure for figure
 * (two workers, two seeds), a worker killed with kill -9 mid-cell loses nothing, a coordinator
 * stopped after queueing finds its jobs when run again, a job of another version is refused at
 * once and a bad spec fails after its bounded attempts, named. One tiny recognition-vs-generation
 * configuration (seconds a seed) keeps the file short.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExperiment } from '../../experiments/index.ts';
import { initBackend, type BackendInfo } from '../../src/backend/index.ts';
import { runExperiment, type ExperimentRun } from '../../src/experiments/index.ts';
import { QUEUE_NAME, redisConnection } from '../../src/queue/connection.ts';
import { collectSeedJobs, runQueuedExperiment } from '../../src/queue/coordinator.ts';
import { JOB_ATTEMPTS, experimentSeedJob, jobId } from '../../src/queue/jobs.ts';
import { runSweepCommand } from '../../src/cli/sweep.ts';
import { VERSION } from '../../src/version.ts';
import { useRedis } from '../helpers/redisServer.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { startWorker, type WorkerProcess } from './workers.ts';

const redis = useRedis();
const tmp = useTempDir('queue');
const experiment = findExperiment('recognition-vs-generation');
const CONFIG = { train: 200, test: 100, latent: 2, hidden: 16, epochs: 1, settle: 1, mlpSteps: 2 };
const workers: WorkerProcess[] = [];
let backend: BackendInfo;
let local: ExperimentRun;

function runOptions(outDir: string, seeds = [1, 2]) {
  return {
    quick: true,
    seeds,
    dataset: 'letters',
    config: CONFIG,
    outDir,
    backend,
    progress: false,
    print: () => undefined,
    command: 'test',
  };
}

/** What a run's results say, without when and how it ran. */
async function figures(dir: string) {
  const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const pictures = await Promise.all(
    ['recognition.png', 'generation-prior.png', 'generation-interpolation.png', 'training.svg'].map(
      (f) => readFile(join(dir, f)),
    ),
  );
  return {
    records: results['records'],
    summary: results['summary'],
    extra: results['extra'],
    csv: await readFile(join(dir, 'results.csv'), 'utf8'),
    pictures: pictures.map((b) => b.toString('base64')),
  };
}

/** Every file in the run's cells folder: one finished cell a key, no temporary files. */
async function cellFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'cells'))).sort();
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Two workers start while the local run computes (their start-up is most of their time).
  workers.push(startWorker(redis.url), startWorker(redis.url));
  backend = await initBackend('cpu');
  local = await runExperiment(experiment, runOptions(join(tmp.path, 'local')));
});

afterAll(async () => {
  for (const w of workers) await w.kill().catch(() => undefined);
});

describe('experiment --queue', () => {
  it('two workers compute the seeds; the results equal a local run figure for figure', async () => {
    const out = join(tmp.path, 'queued');
    const lines: string[] = [];
    const run = await runQueuedExperiment(experiment, {
      ...runOptions(out),
      print: (line) => lines.push(line),
      queue: redis.url,
      pollMs: 100,
      perWorker: true,
    });
    expect(run.queuedSeeds).toEqual([1, 2]);
    expect(run.cellsWritten).toBe(2);
    expect(run.computed).toEqual([]);
    expect(run.reused).toEqual(local.computed);
    expect(await figures(out)).toEqual(await figures(join(tmp.path, 'local')));
    expect(await cellFiles(out)).toEqual(['seed1.json', 'seed2.json']);
    // Both workers took part, each seed was started once.
    const logs = workers.map((w) => w.output());
    for (const seed of [1, 2]) {
      expect(logs.join('').match(new RegExp(`started \\S+ seed ${seed} `, 'g'))).toHaveLength(1);
    }
    // --per-worker without a bar: a worker's line each time its counts change, named as its
    // jobs record it (host:pid); by the end the two seeds are done, nothing runs or failed.
    const names = workers.map((w) => `${hostname()}:${w.child.pid}`);
    const last = new Map<string, string>();
    for (const match of lines.map((l) => /^worker (\S+): (.*)$/.exec(l))) {
      if (match) last.set(match[1]!, match[2]!);
    }
    expect(names).toEqual(expect.arrayContaining([...last.keys()]));
    expect(lines.some((l) => l.endsWith('running 1 | failed 0'))).toBe(true);
    const counts = [...last.values()].map((l) => l.match(/\d+/g)!.map(Number));
    expect(counts.reduce((sum, [done]) => sum + done!, 0)).toBe(2);
    expect(counts.every(([, running, failed]) => running === 0 && failed === 0)).toBe(true);
    // Run again: nothing is missing, nothing is queued.
    const again = await runQueuedExperiment(experiment, { ...runOptions(out), queue: redis.url });
    expect(again.queuedSeeds).toEqual([]);
  });

  it('a worker killed with kill -9 mid-cell loses nothing: the other takes its job back', async () => {
    const out = join(tmp.path, 'killed');
    let doomed: WorkerProcess | undefined;
    let jobOf = '';
    const run = await runQueuedExperiment(experiment, {
      ...runOptions(out, [1]),
      queue: redis.url,
      pollMs: 100,
      onQueued: async ([id]) => {
        jobOf = `(job ${id!})`;
        const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
        try {
          await waitFor(
            async () => (await queue.getJobState(id!)) === 'active',
            'the job to start',
          );
          const pid = Number((await queue.getJob(id!))!.processedBy!.split(':').at(-1));
          doomed = workers.find((w) => w.child.pid === pid);
        } finally {
          await queue.close();
        }
        await doomed!.kill();
        // Killed mid-cell: the job is still active (its lock not yet expired), nothing written.
        const after = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
        expect(await after.getJobState(id!)).toBe('active');
        await after.close();
        expect(existsSync(join(out, 'cells', 'seed1.json'))).toBe(false);
      },
    });
    const survivor = workers.find((w) => w !== doomed)!;
    expect(doomed!.output()).toContain(`started recognition-vs-generation seed 1 ${jobOf}`);
    expect(doomed!.output()).not.toContain(`done recognition-vs-generation seed 1 ${jobOf}`);
    // The survivor's line about it may still be in its pipe when the coordinator is done.
    await waitFor(
      async () => survivor.output().includes(`done recognition-vs-generation seed 1 ${jobOf}`),
      "the survivor's line",
      5000,
    );
    expect(run.cellsWritten).toBe(1);
    expect(await cellFiles(out)).toEqual(['seed1.json']);
    const seed1 = (await figures(join(tmp.path, 'local'))).records as { seed: number }[];
    expect((await figures(out)).records).toEqual(seed1.filter((r) => r.seed === 1));
    workers.splice(workers.indexOf(doomed!), 1);
  });

  it('a coordinator stopped after queueing finds its jobs when run again and carries on', async () => {
    const out = join(tmp.path, 'restarted');
    const stopped = new Error('coordinator stopped');
    let firstIds: string[] = [];
    await expect(
      runQueuedExperiment(experiment, {
        ...runOptions(out, [2]),
        queue: redis.url,
        onQueued: (ids) => {
          firstIds = ids;
          throw stopped;
        },
      }),
    ).rejects.toBe(stopped);
    let secondIds: string[] = [];
    const run = await runQueuedExperiment(experiment, {
      ...runOptions(out, [2]),
      queue: redis.url,
      pollMs: 100,
      onQueued: (ids) => {
        secondIds = ids;
      },
    });
    expect(secondIds).toEqual(firstIds);
    expect(run.cellsWritten).toBe(1);
    // The one worker started the seed's job once: the second coordinator queued nothing new.
    const log = workers.map((w) => w.output()).join('');
    expect(
      log.split(`started recognition-vs-generation seed 2 (job ${firstIds[0]!})`),
    ).toHaveLength(2);
    const seed2 = (await figures(join(tmp.path, 'local'))).records as { seed: number }[];
    expect((await figures(out)).records).toEqual(seed2.filter((r) => r.seed === 2));
  });

  it('refuses a job of another version at once and fails a bad spec after its attempts, by name', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
    try {
      const spec = { experiment: experiment.name, quick: true, dataset: 'letters', seeds: [7] };
      const other = experimentSeedJob({ ...spec, config: CONFIG }, 7, '0.0.0-other');
      const bad = experimentSeedJob({ ...spec, config: { ...CONFIG, latent: -1 } }, 7, VERSION);
      const opts = { attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 200 } };
      await queue.add('other', other, { ...opts, jobId: jobId(other) });
      await queue.add('bad', bad, { ...opts, jobId: jobId(bad) });
      const { failed } = await collectSeedJobs(
        queue,
        { experiment: experiment.name, seeds: [7] },
        [jobId(other), jobId(bad)],
        join(tmp.path, 'failures'),
        { progress: false, pollMs: 100 },
      );
      expect(failed).toHaveLength(2);
      const [refused, invalid] = [...failed].sort((a, b) => a.attempts - b.attempts);
      expect(refused).toMatchObject({ name: 'recognition-vs-generation seed 7', attempts: 1 });
      expect(refused!.reason).toContain(
        `queued by neocortex-sim 0.0.0-other; this worker runs ${VERSION}`,
      );
      expect(invalid).toMatchObject({
        attempts: JOB_ATTEMPTS,
        reason: expect.stringMatching(/latent/),
      });
      expect(existsSync(join(tmp.path, 'failures', 'cells'))).toBe(false);
    } finally {
      await queue.close();
    }
  });

  it('a sweep on the queue equals the same sweep run here; --from reruns it from its cells', async () => {
    const file = join(tmp.path, 'sweep.json');
    const sweep = {
      name: 'tiny',
      model: { kind: 'vae', dataset: 'letters', epochs: 1, hiddenSize: 16 },
      grid: { latentSize: [2, 3] },
      points: [{ latentSize: 4, seed: 2 }],
      train: 100,
      test: 50,
    };
    await writeFile(file, JSON.stringify(sweep));
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    const here = join(tmp.path, 'sweep-here');
    const queued = join(tmp.path, 'sweep-queued');
    const base = { backend: 'cpu', progress: false };
    await expect(
      runSweepCommand(file, { ...base, out: here, perWorker: true }, print),
    ).rejects.toThrow('--per-worker shows the workers of --queue: give both');
    await runSweepCommand(file, { ...base, out: here }, print);
    await runSweepCommand(file, { ...base, out: queued, queue: redis.url }, print);
    const table = async (dir: string) => ({
      csv: await readFile(join(dir, 'results.csv'), 'utf8'),
      plot: await readFile(join(dir, 'negElbo-vs-latentSize.svg'), 'utf8'),
    });
    expect(await table(queued)).toEqual(await table(here));
    const csv = (await table(here)).csv.trim().split('\n');
    expect(csv[0]).toBe('point,latentSize,seed,negElbo,reconstruction,kl,count');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '1,2,',
      '2,3,',
      '3,4,2',
    ]);
    expect(lines).toContain('computed 3 points, reused 0');
    expect(lines).toContain('computed 0 points, reused 3');
    lines.length = 0;
    await runSweepCommand(undefined, { ...base, from: join(queued, 'results.json') }, print);
    expect(lines).toContain('computed 0 points, reused 3');
    expect(await table(queued)).toEqual(await table(here));
  });

  it('a point whose figures are NaN fails after its attempts, named; the others are kept', async () => {
    const file = join(tmp.path, 'nan.json');
    const model = { kind: 'vae', dataset: 'letters', epochs: 1, hiddenSize: 16 };
    // A learning rate of 10 makes the test -ELBO NaN; 0.001 trains normally.
    const sweep = { name: 'nan', model, grid: { learningRate: [0.001, 10] }, train: 50, test: 20 };
    await writeFile(file, JSON.stringify(sweep));
    const lines: string[] = [];
    const out = join(tmp.path, 'nan');
    const run = () =>
      runSweepCommand(file, { out, backend: 'cpu', progress: false, queue: redis.url }, (l) =>
        lines.push(l),
      );
    await expect(run()).rejects.toMatchObject({
      code: 'JOB_FAILED',
      message: expect.stringContaining(
        '1 of 2 queued seeds failed (sweep nan point 2); the cells of the others are kept',
      ),
    });
    expect(lines).toContain(
      `failed: sweep nan point 2 after ${JOB_ATTEMPTS} attempts: vae point: negElbo is NaN, ` +
        'reconstruction is NaN, kl is NaN',
    );
    expect(await readdir(join(out, 'cells'))).toHaveLength(1);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // Run again: only the failed point is queued, and retried.
    lines.length = 0;
    await expect(run()).rejects.toThrow('1 of 1 queued seeds failed (sweep nan point 2)');
    expect(lines).toContain(`queued seeds 2 on ${redis.url} (queue neocortex-cells)`);
  });
});
