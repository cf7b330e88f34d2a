/**
 * The novel-generation experiment: its spec (the list of generative models is
 * data, every mistake named with its path), and a quick run end to end through
 * the command line: its files, its figures' shapes, and a rerun from its
 * results.json that reads back every cell.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { experiments } from '../../experiments/index.ts';
import { NovelGenerationConfig } from '../../experiments/novel-generation.ts';
import { SpecError } from '../../src/cortex/specError.ts';
import { parseExperimentSpec } from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { checkBalancedXml } from './xml.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('novel-generation');

async function neocortex(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function problems(input: unknown): string[] {
  try {
    parseExperimentSpec(input, experiments);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).problems];
  }
  throw new Error('the spec was accepted');
}

describe('novel-generation spec', () => {
  it('samples a one-area and a two-area pcvae and a pcgen by default, 3 seeds in full mode', () => {
    const full = parseExperimentSpec({ experiment: 'novel-generation' }, experiments);
    expect(full.seeds).toEqual([1, 2, 3]);
    const config = NovelGenerationConfig.parse(full.config);
    expect(config.models.map((m) => [m.name, m.kind, m.latentSizes])).toEqual([
      ['pcvae-1', 'pcvae', [20]],
      ['pcvae-2', 'pcvae', [20, 10]],
      ['pcgen', 'pcgen', [256, 128]],
    ]);
  });

  it('takes a list of models a user writes, e.g. a three-area pcvae alone', () => {
    const spec = parseExperimentSpec(
      {
        experiment: 'novel-generation',
        quick: true,
        config: {
          models: [
            { name: 'deep', kind: 'pcvae', latentSizes: [16, 8, 4], hiddenSizes: [64], epochs: 1 },
          ],
        },
      },
      experiments,
    );
    expect(spec.config).toMatchObject({ samples: 200, models: [{ name: 'deep' }] });
  });

  it('names every mistake in the models list with its path', () => {
    const found = problems({
      experiment: 'novel-generation',
      config: {
        models: [
          { name: 'a', kind: 'pcvae', latentSizes: [], hiddenSizes: [10], epochs: 1 },
          { name: 'a', kind: 'pcvae', latentSizes: [4], hiddenSizes: [10], epochs: 0 },
          { name: 'b', kind: 'gan', latentSizes: [4], hiddenSizes: [10], epochs: 1 },
          { name: '2x', kind: 'pcvae', latentSizes: [4], hiddenSizes: [10], epochs: 1, lr: 1 },
        ],
        samples: 1,
      },
    });
    expect(found.map((line) => line.split(':')[0]).sort()).toEqual([
      'config.models[0].latentSizes',
      'config.models[1].epochs',
      'config.models[2].kind',
      'config.models[3].lr',
      'config.models[3].name',
      'config.samples',
    ]);
    // A duplicate name is reported once the entries themselves are valid.
    const duplicate = problems({
      experiment: 'novel-generation',
      config: {
        models: [
          { name: 'a', kind: 'pcvae', latentSizes: [4], hiddenSizes: [10], epochs: 1 },
          { name: 'a', kind: 'pcvae', latentSizes: [8], hiddenSizes: [10], epochs: 1 },
        ],
      },
    });
    expect(duplicate).toEqual([
      expect.stringMatching(/^config\.models\[1\]\.name: "a" is already the name of models\[0\]/),
    ]);
  });
});

describe('neocortex experiment novel-generation --quick', () => {
  const out = () => join(tmp.path, 'quick');

  it('writes its results, plots, grids and report', async () => {
    const r = await neocortex([
      'experiment',
      'novel-generation',
      '--quick',
      '--no-progress',
      '--out',
      out(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(await readFile(join(out(), 'results.json'), 'utf8')) as {
      records: Record<string, number | string>[];
      plots: string[];
      images: string[];
    };
    expect(json.records.map((r) => r.source)).toEqual([
      'test images',
      'pcvae-1',
      'pcvae-2',
      'pcgen',
    ]);
    for (const record of json.records) {
      expect(record['nnQ05']).toBeLessThanOrEqual(record['nnMedian'] as number);
      expect(record['nnMedian']).toBeLessThanOrEqual(record['nnQ95'] as number);
      expect(record['confidenceMean']).toBeGreaterThanOrEqual(0.1);
      expect(record['confidenceMean']).toBeLessThanOrEqual(1);
      const classes = Array.from({ length: 10 }, (_, c) => record[`class_${c}`] as number);
      expect(classes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(record['frechet']).toBeGreaterThan(0);
    }
    // The test images' own 5% quantile puts 5% of them below it.
    expect(json.records[0]!['nnBelowTestQ05']).toBeCloseTo(0.05, 2);
    expect(json.plots).toEqual(['nearest-distance.svg', 'confidence.svg', 'classes.svg']);
    for (const plot of json.plots) checkBalancedXml(await readFile(join(out(), plot), 'utf8'));
    expect(json.images).toEqual([
      'neighbours-pcvae-1.png',
      'neighbours-pcvae-2.png',
      'neighbours-pcgen.png',
    ]);
    for (const image of json.images)
      expect((await stat(join(out(), image))).size).toBeGreaterThan(1000);
    const csv = (await readFile(join(out(), 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(5);
    const report = await readFile(join(out(), 'report.md'), 'utf8');
    expect(report).toContain('**This is not the Inception FID**');
    expect(report).toMatch(/\| test images \| \d+\.\d\d \|/);
  }, 180_000);

  it('reruns from its results.json reading back every cell', async () => {
    const r = await neocortex([
      'experiment',
      '--from',
      join(out(), 'results.json'),
      '--out',
      out(),
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^computed 0 cells, reused 5$/m);
  }, 180_000);

  it('refuses a --spec with mistakes before anything runs', async () => {
    const file = join(tmp.path, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        experiment: 'novel-generation',
        quick: true,
        config: { models: [{ name: 'm', kind: 'pcvae', latentSizes: [4], hiddenSizes: [8] }] },
      }),
    );
    const never = join(tmp.path, 'never');
    const r = await neocortex(['experiment', '--spec', file, '--out', never]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config\.models\[0\]\.epochs/);
    expect(existsSync(never)).toBe(false);
  });
});
