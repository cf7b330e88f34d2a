/**
 * The predictive-coding experiment end to end in quick mode (real training, real files): its
 * figures checked for what they must satisfy, a rerun that reads every cell back, and its spec
 * refused with every mistake named before anything runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { experiments } from '../../experiments/index.ts';
import { predictiveCoding } from '../../experiments/predictive-coding.ts';
import { initBackend, type BackendInfo } from '../../src/backend/index.ts';
import { SpecError } from '../../src/cortex/specError.ts';
import { parseExperimentSpec, runExperiment } from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { checkBalancedXml } from './xml.ts';

const tmp = useTempDir('predictive-coding');
let backend: BackendInfo;
beforeAll(async () => {
  backend = await initBackend('wasm');
});

type Row = Record<string, string | number>;
const options = (outDir: string) => ({
  quick: true,
  seeds: [1],
  dataset: 'mnist',
  outDir,
  backend,
  progress: false,
  print: () => undefined,
  command: 'test',
});

describe('predictive-coding', () => {
  it('runs quick mode end to end: settling never raises the -ELBO, the gap adds up, files and a rerun', async () => {
    const out = join(tmp.path, 'quick');
    const run = await runExperiment(predictiveCoding, options(out));
    // Per seed: 2 models x (gap, fill-in, noise), pcn backprop + local T=2, 5, pcgen local + backprop.
    expect(run.computed).toHaveLength(11);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      records: Row[];
      plots: string[];
      images: string[];
    };
    const part = (name: string) => results.records.filter((r) => r['part'] === name);
    const num = (r: Row, key: string) => r[key] as number;
    for (const r of results.records) {
      for (const v of Object.values(r))
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }

    // 1. The -ELBO along the settling never rises above the encoder's guess, and q* is lowest.
    for (const model of ['pcvae-1', 'pcvae-2']) {
      const curve = part('gap').filter((r) => r['model'] === model);
      expect(curve.map((r) => r['iterations'])).toEqual([0, 1, 2, 5, 10, 20]);
      const values = curve.map((r) => num(r, 'negElbo'));
      for (const v of values.slice(1)) expect(v).toBeLessThanOrEqual(values[0]!);
      expect(values.at(-1)!).toBeLessThan(values[0]! - 1);
      const split = part('gap-split').find((r) => r['model'] === model)!;
      expect(num(split, 'negElboEncoder')).toBeCloseTo(values[0]!, 6);
      expect(num(split, 'negElboOptimal')).toBeLessThanOrEqual(values.at(-1)!);
      expect(num(split, 'nll')).toBeLessThan(num(split, 'negElboOptimal'));
      expect(num(split, 'approximation') + num(split, 'amortization')).toBeCloseTo(
        num(split, 'inference'),
        6,
      );
      expect(num(split, 'raisedFraction')).toBe(0);
    }
    // One stochastic area: the encoder's q as trained is the factorised one the split starts from.
    const flat = part('gap-split').find((r) => r['model'] === 'pcvae-1')!;
    expect(num(flat, 'negElboAmortized')).toBeCloseTo(num(flat, 'negElboEncoder'), 3);

    // 2. Filling in: every occlusion, settling beats the encoder alone on the hidden pixels.
    const fill = part('fill-in');
    for (const model of ['pcvae-1', 'pcvae-2']) {
      for (const occlusion of ['quadrant', 'bottom-half', 'centre', 'random']) {
        const error = (method: string) =>
          num(
            fill.find(
              (r) => r['model'] === model && r['occlusion'] === occlusion && r['method'] === method,
            )!,
            'crossEntropy',
          );
        expect(error('settle')).toBeLessThan(error('encoder'));
        expect(error('settle-lesion-sensory')).toBeGreaterThan(0);
      }
    }
    expect(fill.filter((r) => r['method'] === 'settle-lesion-top').map((r) => r['model'])).toEqual(
      Array(4).fill('pcvae-2'),
    );

    // 3 and 4: accuracies are fractions; pcgen's two rules give the same curve.
    for (const r of [...part('noise'), ...part('pcn')]) {
      expect(num(r, 'accuracy')).toBeGreaterThanOrEqual(0);
      expect(num(r, 'accuracy')).toBeLessThanOrEqual(1);
    }
    expect(part('noise')).toHaveLength(2 * 3 * 2);
    expect(part('pcn').map((r) => `${r['learning']} ${r['T']} ${r['epoch']}`)).toEqual([
      'backprop 0 1',
      'backprop 0 2',
      'local 2 1',
      'local 2 2',
      'local 5 1',
      'local 5 2',
    ]);
    const pcgen = (learning: string) => part('pcgen').filter((r) => r['learning'] === learning);
    expect(pcgen('local')).toHaveLength(2);
    pcgen('local').forEach((r, e) => {
      expect(num(pcgen('backprop')[e]!, 'nll')).toBeCloseTo(num(r, 'nll'), 1);
      expect(num(r, 'nll')).toBeGreaterThan(0);
    });
    expect(num(pcgen('local')[1]!, 'freeEnergy')).toBeLessThan(
      num(pcgen('local')[0]!, 'freeEnergy'),
    );

    expect(results.plots).toEqual([
      'amortization-gap.svg',
      'noise.svg',
      'pcn-learning-curves.svg',
      'pcn-inference-steps.svg',
      'pcgen-learning-curves.svg',
    ]);
    for (const plot of results.plots) checkBalancedXml(await readFile(join(out, plot), 'utf8'));
    // Per occlusion: originals, the occluded input, and a row per method; 4 images a row, scale 2.
    // The PNG grid, and the same grid as an SVG with each of its 24 rows named.
    expect(results.images).toEqual(['fill-in-pcvae-1.svg', 'fill-in-pcvae-2.svg']);
    const png = PNG.sync.read(await readFile(join(out, 'fill-in-pcvae-2.png')));
    expect([png.width, png.height]).toEqual([2 + 4 * 58, 2 + 4 * 6 * 58]);
    const svg = await readFile(join(out, 'fill-in-pcvae-2.svg'), 'utf8');
    checkBalancedXml(svg);
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toHaveLength(24);
    expect(labels.slice(0, 3)).toEqual([
      'quadrant: original',
      'quadrant: shown',
      'quadrant: encoder alone',
    ]);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('Cremer et al. 2018');
    expect(report).toContain('![fill-in](fill-in-pcvae-2.svg)');
    expect(report).toContain('z2 → z1 lesioned');

    const rerun = await runExperiment(predictiveCoding, options(out));
    expect(rerun.computed).toEqual([]);
    expect(rerun.reused).toHaveLength(11);
    // The figures come back from the cells unchanged.
    const again = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      records: Row[];
    };
    expect(again.records).toEqual(results.records);
  }, 170_000);

  it('lists every mistake of its spec with its JSON path', () => {
    let problems: string[] = [];
    const quick = parseExperimentSpec({ experiment: 'predictive-coding', quick: true }, experiments)
      .config as Record<string, Record<string, unknown>>;
    try {
      parseExperimentSpec(
        {
          experiment: 'predictive-coding',
          quick: true,
          config: {
            gap: { ...quick['gap'], iterations: [1, 5, 2], optimalIterations: 3 },
            fillIn: { ...quick['fillIn'], occlusions: ['quadrant', 'quadrant', 'left-half'] },
            noise: { ...quick['noise'], kind: 'blur' },
            pcn: { ...quick['pcn'], stepsSweep: [] },
            epochs: 3,
          },
        },
        experiments,
      );
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      problems = [...(error as SpecError).problems];
    }
    const at = (path: string) => problems.filter((p) => p.startsWith(`${path}:`));
    expect(at('config.epochs')).toHaveLength(1);
    expect(at('config.gap.iterations').join('\n')).toMatch(/first iteration must be 0/);
    expect(at('config.gap.iterations[2]').join('\n')).toMatch(/2 does not come after 5/);
    expect(at('config.fillIn.occlusions[2]')).toHaveLength(1);
    expect(at('config.noise.kind')).toHaveLength(1);
    expect(at('config.pcn.stepsSweep')).toHaveLength(1);
  });

  it('refuses a bad --spec from the command line before anything runs', async () => {
    const file = join(tmp.path, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({ experiment: 'predictive-coding', quick: true, config: { models: [] } }),
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
    expect(result.stderr).toMatch(/^error: invalid experiment spec:\n\s+config\.models: /);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
