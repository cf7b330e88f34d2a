/**
 * The conceptual-compression experiment end to end on a tiny config (real
 * training, real files), its figures checked for what they must satisfy, and
 * its spec refused with every mistake named before anything runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conceptualCompression } from '../../experiments/conceptual-compression.ts';
import { experiments } from '../../experiments/index.ts';
import { initBackend, type BackendInfo } from '../../src/backend/index.ts';
import { SpecError } from '../../src/cortex/specError.ts';
import { parseExperimentSpec, runExperiment } from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { checkBalancedXml } from './xml.ts';

const tmp = useTempDir('conceptual-compression');
let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend('wasm');
});

const TINY = {
  train: 300,
  test: 100,
  hidden: 32,
  epochs: 1,
  latentSizes: [2, 4],
  betas: [0.5, 4],
  migLatent: 3,
  migBetas: [1, 8],
  migEpochs: 1,
  migTrain: 300,
  migTest: 200,
  bins: 10,
  traversal: [-2, 0, 2],
};

type Results = {
  records: Record<string, string | number>[];
  plots: string[];
  images: string[];
  spec: { config: typeof TINY };
  extra: { mutualInformation: { beta: number; seed: number; matrix: number[][] }[] };
};

describe('conceptual-compression', () => {
  it('runs end to end: rate + distortion = -ELBO, MIG in [0, 1], plots, traversals, report', async () => {
    const out = join(tmp.path, 'tiny');
    const run = await runExperiment(conceptualCompression, {
      quick: true,
      seeds: [1, 2],
      dataset: 'letters',
      config: TINY,
      outDir: out,
      backend,
      progress: false,
      print: () => undefined,
      command: 'test',
    });
    // 2 latent sizes x 2 betas x 2 seeds, then 2 betas x 2 seeds on the letters.
    expect(run.computed).toHaveLength(12);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.spec.config).toEqual(TINY);
    const rd = results.records.filter((r) => r['part'] === 'rate-distortion');
    const dis = results.records.filter((r) => r['part'] === 'disentanglement');
    expect(rd).toHaveLength(8);
    expect(dis).toHaveLength(4);
    for (const r of [...rd, ...dis]) {
      const [rate, distortion, negElbo] = [r['rate'], r['distortion'], r['negElbo']] as number[];
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(distortion).toBeGreaterThan(0);
      expect(rate! + distortion!).toBeCloseTo(negElbo!, 3);
      expect(r['activeUnits']).toBeLessThanOrEqual(r['latent'] as number);
    }
    for (const r of dis) {
      expect(r['mig']).toBeGreaterThanOrEqual(0);
      expect(r['mig']).toBeLessThanOrEqual(1);
      for (const f of ['letter', 'slant', 'scale', 'strokeWidth', 'shiftX', 'shiftY']) {
        expect(r[`gap_${f}`]).toBeGreaterThanOrEqual(0);
      }
    }
    // One MI matrix per letters model: 6 factors by 3 units.
    expect(results.extra.mutualInformation).toHaveLength(4);
    for (const m of results.extra.mutualInformation) {
      expect(m.matrix).toHaveLength(6);
      for (const row of m.matrix) expect(row).toHaveLength(3);
    }
    expect(results.plots).toEqual([
      'rate-distortion.svg',
      'mig.svg',
      'mi-matrix-beta1.svg',
      'mi-matrix-beta8.svg',
    ]);
    for (const plot of results.plots) checkBalancedXml(await readFile(join(out, plot), 'utf8'));
    // A traversal per beta (first seed): 3 rows (units) of 3 images (values), 28 px at scale 2.
    expect(results.images).toEqual(['traversal-beta1.png', 'traversal-beta8.png']);
    const png = PNG.sync.read(await readFile(join(out, 'traversal-beta1.png')));
    expect([png.width, png.height]).toEqual([2 + 3 * (56 + 2), 2 + 3 * (56 + 2)]);
    const csv = (await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(13);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    for (const anchor of ['Higgins et al. (2017', 'Chen et al. (2018', 'Locatello et al. (2019']) {
      expect(report).toContain(anchor);
    }
    expect(report).toMatch(/MIG range over 2 seed\(s\) here: beta 1: [\d.]+ to [\d.]+; beta 8/);
    expect(report).toContain('![traversal beta 8](traversal-beta8.png)');
    // A rerun reads every cell back, computes nothing, and still has the traversals.
    await rm(join(out, 'traversal-beta8.png'));
    const rerun = await runExperiment(conceptualCompression, {
      quick: true,
      seeds: [1, 2],
      dataset: 'letters',
      config: TINY,
      outDir: out,
      backend,
      progress: false,
      print: () => undefined,
      command: 'test',
    });
    expect(rerun.computed).toEqual([]);
    expect(rerun.reused).toHaveLength(12);
    expect(PNG.sync.read(await readFile(join(out, 'traversal-beta8.png'))).width).toBe(png.width);
    // The rate-distortion grid on the first seed only: MIG still over both seeds.
    const oneSeedGrid = await runExperiment(conceptualCompression, {
      quick: true,
      seeds: [1, 2],
      dataset: 'letters',
      config: { ...TINY, rateDistortionSeeds: 1 },
      outDir: out,
      backend,
      progress: false,
      print: () => undefined,
      command: 'test',
    });
    expect(oneSeedGrid.computed).toEqual([]);
    const narrowed = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as Results;
    const rdSeeds = narrowed.records
      .filter((r) => r['part'] === 'rate-distortion')
      .map((r) => r['seed']);
    expect(rdSeeds).toEqual([1, 1, 1, 1]);
    expect(narrowed.records.filter((r) => r['part'] === 'disentanglement')).toHaveLength(4);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/beta in \{0\.5, 4\}; seed 1\./);
  }, 170_000);

  it('lists every mistake of its spec with its JSON path', () => {
    let problems: string[] = [];
    try {
      parseExperimentSpec(
        {
          experiment: 'conceptual-compression',
          quick: true,
          config: {
            latentSizes: [2, 5, 2],
            betas: [0, 1],
            migLatent: 1,
            traversal: [3],
            bins: 1,
            beta: 4,
          },
        },
        experiments,
      );
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      problems = [...(error as SpecError).problems];
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'config.beta',
      'config.betas[0]',
      'config.bins',
      'config.latentSizes[2]',
      'config.migLatent',
      'config.traversal',
    ]);
    expect(problems.find((p) => p.startsWith('config.latentSizes[2]'))).toMatch(
      /2 is listed twice/,
    );
  });

  it('refuses a bad --spec from the command line before anything runs', async () => {
    const file = join(tmp.path, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        experiment: 'conceptual-compression',
        quick: true,
        config: { migBetas: [] },
      }),
    );
    const out = join(tmp.path, 'never');
    const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
    const result = await promisify(execFile)(process.execPath, [
      bin,
      'experiment',
      '--spec',
      file,
      '--out',
      out,
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: invalid experiment spec:\n\s+config\.migBetas: /);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
