import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { experiments } from '../../experiments/index.ts';
import { initBackend, type BackendInfo } from '../../src/backend/index.ts';
import { ExperimentOptions, resolveExperimentSpec } from '../../src/cli/experiment.ts';
import { SpecError } from '../../src/cortex/specError.ts';
import {
  parseExperimentSpec,
  runExperiment,
  summarize,
  type Experiment,
  type ExperimentSpec,
} from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';

const tmp = useTempDir('experiment-spec');

function problems(input: unknown, list: readonly Experiment[] = experiments): string[] {
  try {
    parseExperimentSpec(input, list);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return [...(error as SpecError).problems];
  }
  throw new Error('the spec was accepted');
}

describe('experiment configs as data', () => {
  it.each(experiments.map((e) => [e.name, e] as const))(
    '%s: its quick and full configs pass its schema unchanged (so cached cells stay valid)',
    (_, experiment) => {
      for (const mode of ['full', 'quick'] as const) {
        const config = experiment.config[mode];
        expect(JSON.stringify(experiment.config.schema.parse(config))).toBe(JSON.stringify(config));
      }
    },
  );

  it('completes a partial config from the quick or full defaults', () => {
    const spec = parseExperimentSpec(
      { experiment: 'label-efficiency', quick: true, config: { labels: [50] } },
      experiments,
    );
    expect(spec.seeds).toEqual([1]);
    expect(spec.dataset).toBe('mnist');
    expect(spec.config).toMatchObject({ labels: [50], mlpSteps: 30, trainCount: 700 });
    const full = parseExperimentSpec({ experiment: 'context-shift' }, experiments);
    expect(full.seeds).toEqual([1, 2, 3]);
    expect(full.dataset).toBe('mnist,letters');
    expect(full.config).toMatchObject({ correlations: [0.5, 0.8, 0.9, 0.95, 1], classEpochs: 60 });
  });

  it('lists every mistake with its JSON path', () => {
    expect(
      problems({
        experiment: 'label-efficiency',
        seeds: [0],
        dataset: 'letters',
        config: { labels: [100, 'some'], vae: { latent: 20, hidden: 400, epochs: 1e9 }, lr: 1 },
      })
        .map((line) => line.split(':')[0])
        .sort(),
    ).toEqual(['config.labels[1]', 'config.lr', 'config.vae.epochs', 'dataset', 'seeds[0]']);
    expect(problems({ experiment: 'dreaming' })[0]).toMatch(/^experiment: /);
    expect(problems('label-efficiency')[0]).toMatch(/^\(root\): /);
  });
});

describe('a run records its spec and reruns from it', () => {
  let backend: BackendInfo;
  beforeAll(async () => {
    backend = await initBackend('cpu');
  });

  const computed: string[] = [];
  const scaling: Experiment = {
    name: 'scaling',
    title: 'Scaling',
    claim: 'A config is data.',
    datasets: ['none'],
    config: {
      schema: z.object({ scale: z.number().positive(), settings: z.array(z.number()) }).strict(),
      full: { scale: 10, settings: [1, 2] },
      quick: { scale: 1, settings: [1] },
    },
    async run(ctx) {
      const config = ctx.config as { scale: number; settings: number[] };
      const records = [];
      for (const seed of ctx.seeds) {
        for (const setting of config.settings) {
          const key = `s${setting}-seed${seed}`;
          const value = await ctx.cell(key, { ...config, seed, setting }, async () => {
            computed.push(key);
            return config.scale * setting + seed;
          });
          records.push({ setting, seed, value });
        }
      }
      return {
        config,
        records,
        summary: summarize(records, ['setting'], ['value']),
        plots: [],
        images: [],
        report: 'done',
      };
    },
  };
  const base = { progress: false, print: () => undefined, command: 'test' };

  it("runs the user's config, writes it into results.json, and reruns it from there", async () => {
    const out = join(tmp.path, 'scaling');
    await runExperiment(scaling, {
      ...base,
      backend,
      quick: false,
      seeds: [4, 5],
      dataset: 'none',
      config: { settings: [3] },
      outDir: out,
    });
    expect(computed).toEqual(['s3-seed4', 's3-seed5']);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
      spec: ExperimentSpec;
      records: { value: number }[];
    };
    expect(results.spec).toEqual({
      experiment: 'scaling',
      quick: false,
      seeds: [4, 5],
      dataset: 'none',
      config: { scale: 10, settings: [3] },
    });
    expect(results.records.map((r) => r.value)).toEqual([34, 35]);
    // The recorded spec, rerun into the same folder: every cell is read back.
    const spec = parseExperimentSpec(results.spec, [scaling]);
    const rerun = await runExperiment(scaling, { ...base, backend, ...spec, outDir: out });
    expect(rerun.computed).toEqual([]);
    expect(rerun.reused).toEqual(['s3-seed4', 's3-seed5']);
  });

  it('refuses a config its schema refuses, before any cell runs', async () => {
    computed.length = 0;
    await expect(
      runExperiment(scaling, {
        ...base,
        backend,
        quick: true,
        seeds: [1],
        dataset: 'none',
        config: { scale: -1 },
        outDir: join(tmp.path, 'refused'),
      }),
    ).rejects.toThrow(/config\.scale: /);
    expect(computed).toEqual([]);
  });
});

describe('neocortex experiment --from / --spec options', () => {
  const options = (raw: Record<string, unknown>) => ExperimentOptions.parse(raw);

  it("takes a results.json's seeds and config, with typed options on top", async () => {
    const recorded = parseExperimentSpec(
      { experiment: 'label-efficiency', quick: true, seeds: [3, 4], config: { labels: [20] } },
      experiments,
    );
    const file = join(tmp.path, 'results.json');
    await writeFile(file, JSON.stringify({ experiment: 'label-efficiency', spec: recorded }));
    expect(await resolveExperimentSpec(undefined, options({ from: file }), () => false)).toEqual(
      recorded,
    );
    const more = await resolveExperimentSpec(
      undefined,
      options({ from: file, seeds: '3', firstSeed: '7' }),
      (key) => key === 'seeds' || key === 'firstSeed',
    );
    expect(more.seeds).toEqual([7, 8, 9]);
    expect(more.config).toEqual(recorded.config);
    await expect(
      resolveExperimentSpec('context-shift', options({ from: file }), () => false),
    ).rejects.toThrow(/a spec of experiment "label-efficiency", not "context-shift"/);
  });

  it('refuses a results.json that holds no spec and no record of its run', async () => {
    const file = join(tmp.path, 'old-results.json');
    await writeFile(file, JSON.stringify({ experiment: 'label-efficiency', seeds: [1] }));
    await expect(
      resolveExperimentSpec(undefined, options({ from: file }), () => false),
    ).rejects.toThrow(/holds no "spec" and no record of quick, dataset/);
  });

  it("rebuilds a committed older results.json's run from its record, and says so", async () => {
    const file = join('experiments', 'results', 'label-efficiency-fashion-mnist', 'results.json');
    const notes: string[] = [];
    const spec = await resolveExperimentSpec(
      undefined,
      options({ from: file }),
      () => false,
      (line) => notes.push(line),
    );
    expect(spec).toEqual(
      parseExperimentSpec(
        {
          experiment: 'label-efficiency',
          quick: false,
          seeds: [1, 2, 3],
          dataset: 'fashion-mnist',
        },
        experiments,
      ),
    );
    expect(notes.join('\n')).toMatch(/written before results carried their spec/);
  });
});
