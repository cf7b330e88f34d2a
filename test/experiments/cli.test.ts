/**
 * Every experiment runs end to end through the command line in --quick mode
 * (the pipeline CI proves), and --list names them all.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { experiments } from '../../experiments/index.ts';
import { defaultExperimentOut, experimentSeeds } from '../../src/cli/experiment.ts';
import { processLanes } from '../helpers/processLanes.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { checkBalancedXml } from './xml.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'helpers', 'neocortexSource.js');
const tmp = useTempDir('experiment-cli');

/** Run the command (in one of the file's process lanes) to its end. */
function neocortex(args: string[]) {
  return processLanes(async () => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
        timeout: 170_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  });
}

describe('neocortex experiment', () => {
  it('--list names every experiment with its title', async () => {
    const r = await neocortex(['experiment', '--list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([
      'recognition-vs-generation',
      'label-efficiency',
      'context-shift',
      'novel-generation',
      'conceptual-compression',
      'predictive-coding',
    ]);
    expect(lines.map((l) => l.split(/\s{2,}/)[1])).toEqual(experiments.map((e) => e.title));
  });

  it('names the experiments when asked for an unknown one', async () => {
    const r = await neocortex(['experiment', 'duck']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown experiment "duck"; choose one of recognition-vs-generation/);
  });

  it('numbers seeds from --first-seed, so seeds can be added later or split over processes', () => {
    expect(experimentSeeds(3)).toEqual([1, 2, 3]);
    expect(experimentSeeds(2, 4)).toEqual([4, 5]);
  });

  it('refuses a --first-seed that is not a positive whole number, before any training', async () => {
    const got = { '0': '0', '1.5': '1.5', two: 'the string "two"' };
    const cases = Object.entries(got);
    const results = await Promise.all(
      cases.map(([bad]) =>
        neocortex(['experiment', 'label-efficiency', '--quick', '--first-seed', bad]),
      ),
    );
    for (const [index, [bad, shown]] of cases.entries()) {
      const r = results[index]!;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `invalid experiment options:\n  --first-seed ${bad}: expected a whole number from 1 to 1000000, got ${shown}`,
      );
    }
  });

  it('sends quick runs away from the committed full results', () => {
    expect(defaultExperimentOut('label-efficiency', false, 'mnist', 'mnist')).toBe(
      join('experiments', 'results', 'label-efficiency'),
    );
    expect(defaultExperimentOut('label-efficiency', true, 'mnist', 'mnist')).toBe(
      join('runs', 'experiments', 'label-efficiency-quick'),
    );
    expect(defaultExperimentOut('label-efficiency', false, 'fashion-mnist', 'mnist')).toBe(
      join('experiments', 'results', 'label-efficiency-fashion-mnist'),
    );
  });

  // The experiments' runs are independent (a folder each): they go concurrently, one process
  // per core; the tests after them read label-efficiency's results.
  it.concurrent.each(experiments.map((e) => e.name))(
    'runs %s --quick end to end and writes its results, plots and report',
    async (name) => {
      const out = join(tmp.path, name);
      const r = await neocortex(['experiment', name, '--quick', '--no-progress', '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^backend: wasm/m);
      const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
        experiment: string;
        quick: boolean;
        seeds: number[];
        backend: string;
        version: string;
        records: Record<string, number | string>[];
        summary: { mean: number }[];
        plots: string[];
        images: string[];
      };
      expect(json.experiment).toBe(name);
      expect(json.quick).toBe(true);
      expect(json.seeds).toEqual([1]);
      expect(json.backend).toBe('wasm');
      expect(json.records.length).toBeGreaterThan(0);
      if (name === 'context-shift') {
        // Every route, the figure-ground one's two read-outs included, at every cell.
        expect(new Set(json.records.map((r) => r['method']))).toEqual(
          new Set(['mlp', 'm1', 'ssvae', 'abs', 'figure-ground-abs', 'figure-ground-latent']),
        );
      }
      for (const row of json.summary) expect(Number.isFinite(row.mean)).toBe(true);
      const csv = (await readFile(join(out, 'results.csv'), 'utf8')).trim().split('\n');
      expect(csv).toHaveLength(json.records.length + 1);
      expect(json.plots.length).toBeGreaterThan(0);
      for (const plot of json.plots) checkBalancedXml(await readFile(join(out, plot), 'utf8'));
      for (const image of json.images)
        expect((await stat(join(out, image))).size).toBeGreaterThan(100);
      const report = await readFile(join(out, 'report.md'), 'utf8');
      expect(report).toContain('**Claim.**');
      expect(report).toMatch(/\| --- \|/);
    },
    180_000,
  );

  it('reruns a recorded run from its results.json, reading back every cell', async () => {
    const out = join(tmp.path, 'label-efficiency');
    const recorded = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      spec: { experiment: string; quick: boolean; seeds: number[] };
    };
    expect(recorded.spec).toMatchObject({
      experiment: 'label-efficiency',
      quick: true,
      seeds: [1],
    });
    const r = await neocortex([
      'experiment',
      '--from',
      join(out, 'results.json'),
      '--out',
      out,
      '--no-progress',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^computed 0 cells, reused [1-9]\d*$/m);
    const rerun = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as typeof recorded;
    expect(rerun.spec).toEqual(recorded.spec);
  }, 180_000);

  it("builds the ssvae's class area from cortex areas when the spec says so: only its cells rerun", async () => {
    const out = join(tmp.path, 'label-efficiency');
    const recorded = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      spec: { config: { labels: number[]; classArea: string } };
    };
    expect(recorded.spec.config.classArea).toBe('dense');
    const file = join(tmp.path, 'cortex-class-area.json');
    await writeFile(
      file,
      JSON.stringify({
        ...recorded.spec,
        config: { ...recorded.spec.config, classArea: 'cortex' },
      }),
    );
    const r = await neocortex(['experiment', '--spec', file, '--out', out, '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The mlp and m1 cells are the dense run's; each label count's ssvae cell is new.
    const counts = recorded.spec.config.labels.length;
    expect(r.stdout).toMatch(new RegExp(`^computed ${counts} cells, reused ${2 * counts}$`, 'm'));
    const rerun = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as typeof recorded;
    expect(rerun.spec.config.classArea).toBe('cortex');
  }, 180_000);

  it('refuses an experiment spec with mistakes before anything runs', async () => {
    const file = join(tmp.path, 'bad-experiment.json');
    await writeFile(
      file,
      JSON.stringify({
        experiment: 'label-efficiency',
        quick: true,
        seeds: [0],
        config: { vae: { latent: 10, hidden: 1e8, epochs: 2 }, labels: [] },
      }),
    );
    const out = join(tmp.path, 'never');
    const r = await neocortex(['experiment', '--spec', file, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('error: invalid experiment spec:');
    expect(
      lines
        .slice(1)
        .map((line) => line.trim().split(':')[0])
        .sort(),
    ).toEqual(['config.labels', 'config.vae.hidden', 'seeds[0]']);
    expect(existsSync(out)).toBe(false);
  });
});
