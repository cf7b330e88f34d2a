import { z } from 'zod';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendInfo } from '../../src/backend/index.ts';
import {
  runExperiment,
  summarize,
  type Experiment,
  type MeasurementRecord,
} from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('experiment-resume');
let backend: BackendInfo;

beforeAll(async () => {
  backend = await initBackend('cpu');
});

/** Four cells (two settings × two seeds); `failAt` throws inside that cell's computation. */
function countingExperiment(log: string[], failAt?: string, scale = 1): Experiment {
  return {
    name: 'counting',
    title: 'Counting',
    claim: 'Cells resume.',
    datasets: ['none'],
    config: { schema: z.object({}).strict(), full: {}, quick: {} },
    async run(ctx) {
      ctx.progress.start(4);
      const records: MeasurementRecord[] = [];
      for (const seed of ctx.seeds) {
        for (const setting of [1, 2]) {
          const key = `s${setting}-seed${seed}`;
          const value = await ctx.cell(key, { scale, seed, setting }, async () => {
            log.push(key);
            if (key === failAt) throw new Error('injected failure');
            return { value: scale * setting * 10 + seed };
          });
          records.push({ setting, seed, value: value.value });
        }
      }
      return {
        config: { scale },
        records,
        summary: summarize(records, ['setting'], ['value']),
        plots: [],
        images: [],
        report: 'done',
      };
    },
  };
}

const options = (outDir: string) => ({
  quick: true,
  seeds: [1, 2],
  dataset: 'none',
  outDir,
  backend,
  progress: false,
  print: () => undefined,
  command: 'test',
});

describe('an interrupted experiment', () => {
  it('keeps its finished cells, writes no result files, and a re-run computes only the rest', async () => {
    const dir = join(tmp.path, 'run');
    const first: string[] = [];
    await expect(
      runExperiment(countingExperiment(first, 's1-seed2'), options(dir)),
    ).rejects.toThrow(/injected failure/);
    expect(first).toEqual(['s1-seed1', 's2-seed1', 's1-seed2']);
    expect((await readdir(dir)).sort()).toEqual(['cells']);
    expect((await readdir(join(dir, 'cells'))).sort()).toEqual(['s1-seed1.json', 's2-seed1.json']);

    const second: string[] = [];
    const run = await runExperiment(countingExperiment(second), options(dir));
    expect(second).toEqual(['s1-seed2', 's2-seed2']);
    expect(run.reused).toEqual(['s1-seed1', 's2-seed1']);
    expect(run.computed).toEqual(['s1-seed2', 's2-seed2']);
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      records: { value: number }[];
    };
    expect(json.records.map((r) => r.value)).toEqual([11, 21, 12, 22]);
    const csv = await readFile(join(dir, 'results.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(5);
  });

  it('recomputes a cell whose config changed', async () => {
    const dir = join(tmp.path, 'changed');
    await runExperiment(countingExperiment([]), options(dir));
    const log: string[] = [];
    const run = await runExperiment(countingExperiment(log, undefined, 2), options(dir));
    expect(log).toHaveLength(4);
    expect(run.reused).toEqual([]);
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      records: { value: number }[];
    };
    expect(json.records.map((r) => r.value)).toEqual([21, 41, 22, 42]);
  });
});
