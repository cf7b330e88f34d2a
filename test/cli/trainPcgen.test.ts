/**
 * `neocortex train --model pcgen` end to end, from the sources: one epoch on a small IDX set
 * written here, with the pcgen flags, then metrics.json, the pictures, `--spec` from the run's
 * own metrics.json, and refusals of bad flag values.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeIdxDataset } from '../data/idxFixtures.ts';
import { neocortexBin as bin } from '../helpers/killAndResume.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const run = promisify(execFile);
const tmp = useTempDir('pcgen-cli');
let dataDir = '';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function neocortex(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface PcGenMetrics {
  model: string;
  spec: { kind: string; latentSizes: number[]; inferenceSteps: number; inferenceRate: number };
  config: { inferenceSteps: number; inferenceRate: number; latentSizes: number[] };
  test: { nll: number; nllK: number; freeEnergy: number; count: number };
  history: { epoch: number; trainFreeEnergy: number }[];
}

beforeAll(async () => {
  dataDir = join(tmp.path, 'data');
  await mkdir(dataDir);
  await writeIdxDataset(dataDir, { trainCount: 256, testCount: 40 });
});

const common = ['--dataset', 'mnist', '--epochs', '1', '--seed', '2', '--no-progress'];

describe('neocortex train --model pcgen', () => {
  it('trains by local learning with the flags given and writes -log p(x), samples and reconstructions', async () => {
    const out = join(tmp.path, 'run');
    const r = await neocortex([
      'train',
      ...common,
      '--data-dir',
      dataDir,
      '--model',
      'pcgen',
      '--latent',
      '24,12',
      '--inference-steps',
      '6',
      '--inference-rate',
      '0.05',
      '--iwae-k',
      '8',
      '--batch-size',
      '64',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/test -log p\(x\) \d+\.\d\d nats \(importance sampled, k = 8\)/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as PcGenMetrics;
    expect(metrics.model).toBe('pcgen');
    expect(metrics.spec).toMatchObject({
      kind: 'pcgen',
      latentSizes: [24, 12],
      inferenceSteps: 6,
      inferenceRate: 0.05,
    });
    expect(metrics.config).toMatchObject({ latentSizes: [24, 12], inferenceSteps: 6 });
    expect(metrics.history).toHaveLength(1);
    expect(Number.isFinite(metrics.history[0]!.trainFreeEnergy)).toBe(true);
    expect(metrics.test.count).toBe(40);
    expect(metrics.test.nllK).toBe(8);
    // Binary images: p(x) < 1, so -log p(x) > 0; and far below 784 nats per pixel-coin-flip.
    expect(metrics.test.nll).toBeGreaterThan(0);
    expect(metrics.test.nll).toBeLessThan(784 * Math.log(2) * 4);
    for (const picture of ['samples.png', 'reconstructions.png']) {
      const png = PNG.sync.read(await readFile(join(out, picture)));
      expect(png.width).toBeGreaterThan(28);
      expect((await stat(join(out, picture))).size).toBeGreaterThan(100);
    }

    // The run's metrics.json is a spec: the same network again, one flag changed.
    const again = join(tmp.path, 'again');
    const r2 = await neocortex([
      'train',
      '--spec',
      join(out, 'metrics.json'),
      '--data-dir',
      dataDir,
      '--iwae-k',
      '0',
      '--no-progress',
      '--out',
      again,
    ]);
    expect(r2.stderr).toBe('');
    expect(r2.code).toBe(0);
    const second = JSON.parse(await readFile(join(again, 'metrics.json'), 'utf8')) as PcGenMetrics;
    expect(second.spec).toMatchObject({ kind: 'pcgen', latentSizes: [24, 12], inferenceSteps: 6 });
    expect(second.test).not.toHaveProperty('nll');
    // Same seed, same data, same network: the same training.
    expect(second.history[0]!.trainFreeEnergy).toBe(metrics.history[0]!.trainFreeEnergy);
  });

  it('names the flag and the problem when a value is bad, before anything runs', async () => {
    const steps = await neocortex(['train', '--model', 'pcgen', '--inference-steps', '0']);
    expect(steps.code).not.toBe(0);
    expect(steps.stderr).toMatch(/--inference-steps 0: expected a whole number from 1 to 100000/);
    const rate = await neocortex(['train', '--model', 'pcgen', '--inference-rate', 'fast']);
    expect(rate.code).not.toBe(0);
    expect(rate.stderr).toMatch(/--inference-rate fast: expected a number greater than 0/);
  });
});
