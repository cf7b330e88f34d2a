/**
 * The queue's failures with real kills, on one real Redis and one real worker: Redis stopped
 * and started again (empty) on its port while a worker computes a job and a coordinator waits
 * for it, and a coordinator process killed with SIGKILL mid-run and started again. Nothing is
 * lost, no cell is written twice or half, and the figures are the ones the seed gives. (A
 * worker killed mid-cell is in experimentQueue.test.ts.) One tiny recognition-vs-generation
 * configuration keeps it short.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExperiment } from '../../experiments/index.ts';
import { initBackend } from '../../src/backend/index.ts';
import { QUEUE_NAME, redisConnection } from '../../src/queue/connection.ts';
import { runQueuedExperiment } from '../../src/queue/coordinator.ts';
import { neocortexBin } from '../helpers/killAndResume.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { startWorker, type WorkerProcess } from './workers.ts';

const tmp = useTempDir('queue-failures');
const experiment = findExperiment('recognition-vs-generation');
const CONFIG = { train: 50, test: 20, latent: 2, hidden: 8, epochs: 1, settle: 1, mlpSteps: 1 };
let redis: TestRedis;
let worker: WorkerProcess;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A run's records of seed `seed` (results.json). */
async function recordsOf(dir: string, seed: number): Promise<unknown[]> {
  const { records } = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
    records: { seed: number }[];
  };
  return records.filter((r) => r.seed === seed);
}

/** How many times the worker printed `line`. */
function times(line: string): number {
  return worker.output().split(line).length - 1;
}

beforeAll(async () => {
  redis = await startRedis();
  worker = startWorker(redis.url);
});

afterAll(async () => {
  await worker?.kill().catch(() => undefined);
  await redis?.stop();
});

describe('queue failures', () => {
  let seed1: unknown[];
  let firstId = '';

  it('Redis stopped and started again empty mid-cell: both reconnect, the job is queued again', async () => {
    const out = join(tmp.path, 'redis');
    const lines: string[] = [];
    let restarted: Promise<void> | undefined;
    let id = '';
    const run = await runQueuedExperiment(experiment, {
      quick: true,
      seeds: [1],
      dataset: 'letters',
      config: CONFIG,
      outDir: out,
      backend: await initBackend('cpu'),
      progress: false,
      print: (line) => lines.push(line),
      command: 'test',
      queue: redis.url,
      pollMs: 100,
      onQueued: ([queued]) => {
        id = queued!;
        // While the worker computes the job and the coordinator polls it, Redis goes away
        // for a second and comes back on the same port with nothing in it.
        restarted = (async () => {
          const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
          await waitFor(async () => (await queue.getJobState(id)) === 'active', 'the job');
          await queue.close();
          await redis.stop();
          await sleep(1000);
          redis = await startRedis(redis.port);
        })();
      },
    });
    await restarted;
    expect(lines.filter((l) => l.startsWith('redis: '))).toEqual([
      expect.stringMatching(/^redis: .*ECONNREFUSED.* \(waiting for it; the run carries on/),
    ]);
    expect(lines).toContain('redis answers again');
    expect(lines).toContain(
      `job ${id} is no longer on the queue (Redis restarted without its data?): queued again`,
    );
    // The worker told the outage once, lost its first run of the job (its key went with
    // Redis's data) and ran it again; the coordinator wrote its one cell once.
    expect(worker.output().match(/queue error: .*ECONNREFUSED/g)).toHaveLength(1);
    await waitFor(
      () => times(`done recognition-vs-generation seed 1 (job ${id})`) === 1,
      "the worker's line",
      5000,
    );
    expect(times(`started recognition-vs-generation seed 1 (job ${id})`)).toBe(2);
    expect(run.cellsWritten).toBe(1);
    expect(await readdir(join(out, 'cells'))).toEqual(['seed1.json']);
    seed1 = await recordsOf(out, 1);
    firstId = id;
    expect(seed1).toHaveLength(1);
  });

  it('a coordinator killed with SIGKILL and started again finds the cells done and the jobs queued', async () => {
    const out = join(tmp.path, 'coordinator');
    const spec = join(tmp.path, 'spec.json');
    await writeFile(
      spec,
      JSON.stringify({
        experiment: experiment.name,
        quick: true,
        seeds: [1, 2],
        dataset: 'letters',
        config: CONFIG,
      }),
    );
    const argv = [neocortexBin, 'experiment', '--spec', spec, '--out', out, '--queue', redis.url];
    const coordinator = () => {
      const child = spawn(process.execPath, [...argv, '--backend', 'cpu', '--no-progress'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      return { child, exited, output: () => text };
    };
    const first = coordinator();
    // Killed once it has written seed 1's cell: seed 2's job is still waiting or running.
    await waitFor(() => existsSync(join(out, 'cells', 'seed1.json')), "seed 1's cell");
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const second = coordinator();
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain(`queued seeds 2 on ${redis.url}`);
    expect(await readdir(join(out, 'cells'))).toEqual(['seed1.json', 'seed2.json']);
    // Each seed ran once: the second coordinator found seed 2's job where the first left it.
    const started = worker
      .output()
      .match(/started recognition-vs-generation seed \d \(job [^)]+\)/g);
    const ofThisRun = started!.filter((l) => !l.includes(`(job ${firstId})`)).sort();
    expect(ofThisRun).toEqual([
      expect.stringContaining('seed 1 (job recognition-vs-generation-'),
      expect.stringContaining('seed 2 (job recognition-vs-generation-'),
    ]);
    expect(await recordsOf(out, 1)).toEqual(seed1);
    expect(await recordsOf(out, 2)).toHaveLength(1);
  });
});
