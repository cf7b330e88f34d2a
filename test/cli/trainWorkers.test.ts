/**
 * `neocortex train --workers 2` through the real command line on a small IDX set: the driver
 * hands the data-parallel stepper the kind's name, spec and data shape, and the replica thread
 * builds its copy of the model through the registry (no kind named in sim/dataParallel). A
 * pcvae of named areas trains an epoch on two threads and its run records the workers.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('cli-workers');
let dataDir = '';

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 200, testCount: 40 });
});

describe('train --workers 2', () => {
  it('trains a pcvae of named areas on two threads, its replica built by its kind', async () => {
    const spec = join(tmp.path, 'ventral.json');
    await writeFile(
      spec,
      JSON.stringify({
        kind: 'pcvae',
        areas: [
          { name: 'retina', size: 784 },
          { name: 'v1', size: 8, hidden: 32 },
          { name: 'it', size: 4, hidden: 16 },
        ],
        epochs: 1,
        batchSize: 50,
        settleIterations: 0,
      }),
    );
    const out = join(tmp.path, 'run');
    const args = ['train', '--spec', spec, '--data-dir', dataDir, '--workers', '2'];
    const { stdout } = await run(
      process.execPath,
      [bin, ...args, '--out', out, '--no-progress', '--backend', 'wasm'],
      { timeout: 170_000 },
    );
    expect(stdout).toMatch(/test -ELBO \d+\.\d+ nats/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as {
      spec: { workers: number; areas: { name: string }[] };
      config: { workers?: number };
      test: { negElbo: number };
    };
    expect(metrics.spec.workers).toBe(2);
    expect(metrics.config.workers).toBe(2);
    expect(metrics.spec.areas.map((a) => a.name)).toEqual(['retina', 'v1', 'it']);
    expect(Number.isFinite(metrics.test.negElbo)).toBe(true);
  }, 180_000);
});
