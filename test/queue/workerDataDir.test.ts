/**
 * `neocortex worker --data-dir DIR` on a real Redis: a job naming Fashion-MNIST (not installed
 * on the test machine) is read from DIR/fashion-mnist, a spec's own dataDir from DIR/<its
 * folder name>, with the figures of a local run on the same files; a job whose data set the
 * worker cannot find fails with an error naming the data set, where it looked and the flag.
 * Tiny IDX files and a one-epoch VAE keep it to seconds.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweepCommand } from '../../src/cli/sweep.ts';
import { JOB_ATTEMPTS } from '../../src/queue/jobs.ts';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { useRedis } from '../helpers/redisServer.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { startWorker, type WorkerProcess } from './workers.ts';

const redis = useRedis();
const tmp = useTempDir('worker-data');
let worker: WorkerProcess;
let dataDir: string;

const MODEL = { kind: 'vae', epochs: 1, hiddenSize: 16, latentSize: 2 };
const base = { backend: 'cpu', progress: false };

/** Each point's record in a sweep's results.json, but the folder it was read from. */
async function figures(dir: string): Promise<unknown[]> {
  const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
    records: Record<string, unknown>[];
  };
  return results.records.map(({ dataDir: _, ...figures }) => figures);
}

async function sweepFile(name: string, sweep: object): Promise<string> {
  const file = join(tmp.path, `${name}.json`);
  await writeFile(file, JSON.stringify({ name, train: 20, test: 10, ...sweep }));
  return file;
}

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  for (const folder of ['fashion-mnist', 'digits']) {
    await mkdir(join(dataDir, folder), { recursive: true });
    await writeIdxDataset(join(dataDir, folder), { gzip: true, trainCount: 30, testCount: 20 });
  }
  worker = startWorker(redis.url, ['--data-dir', dataDir]);
});

afterAll(async () => {
  await worker?.kill().catch(() => undefined);
});

describe('worker --data-dir', () => {
  it("reads Fashion-MNIST and a spec's dataDir from DIR, as a local run reads the same files", async () => {
    const queued = await sweepFile('data', {
      model: { ...MODEL, dataset: 'fashion-mnist' },
      points: [{ seed: 1 }, { dataset: 'mnist', dataDir: '/on/the/coordinator/digits' }],
    });
    const here = await sweepFile('here', {
      model: { ...MODEL, dataset: 'fashion-mnist', dataDir: join(dataDir, 'fashion-mnist') },
      points: [{ seed: 1 }, { dataset: 'mnist', dataDir: join(dataDir, 'digits') }],
    });
    const lines: string[] = [];
    await runSweepCommand(queued, { ...base, out: join(tmp.path, 'q'), queue: redis.url }, (l) =>
      lines.push(l),
    );
    await runSweepCommand(here, { ...base, out: join(tmp.path, 'h') }, () => undefined);
    expect(lines).toContain('computed 0 points, reused 2');
    const records = await figures(join(tmp.path, 'q'));
    expect(records).toHaveLength(2);
    expect(records[0]).toHaveProperty('negElbo', expect.any(Number));
    expect(records).toEqual(await figures(join(tmp.path, 'h')));
    expect(worker.output()).toContain(`data sets from ${dataDir}`);
  });

  it('fails a job whose data set it cannot find, naming the data set, the folder and the flag', async () => {
    const file = await sweepFile('missing', {
      model: { ...MODEL, dataset: 'mnist', dataDir: '/on/the/coordinator/emnist' },
      points: [{ seed: 1 }],
    });
    const lines: string[] = [];
    await expect(
      runSweepCommand(file, { ...base, out: join(tmp.path, 'm'), queue: redis.url }, (l) =>
        lines.push(l),
      ),
    ).rejects.toMatchObject({ code: 'JOB_FAILED' });
    const failure = lines.find((l) => l.startsWith('failed: sweep missing point 1'));
    expect(failure).toContain(`after ${JOB_ATTEMPTS} attempts: ${join(dataDir, 'emnist')}: `);
    expect(failure).toContain(
      "cannot find the data set mnist (the spec's dataDir /on/the/coordinator/emnist)",
    );
    expect(failure).toContain(`this worker's --data-dir ${dataDir}`);
  });
});
