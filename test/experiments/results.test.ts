import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  linePlotSvg,
  summarize,
  writeResults,
  type Experiment,
  type ExperimentOutput,
} from '../../src/experiments/index.ts';
import { useTempDir } from '../helpers/tempDir.ts';
import { checkBalancedXml } from './xml.ts';

describe('SVG line plots', () => {
  const svg = linePlotSvg({
    title: 'accuracy <against> labels & more',
    xLabel: 'N',
    yLabel: '%',
    xScale: 'log',
    series: [
      {
        name: 'mlp',
        points: [
          { x: 100, y: 75, spread: 2 },
          { x: 1000, y: 88, spread: 1 },
          { x: 7996, y: 95 },
        ],
      },
      { name: 'm1', dashed: true, points: [{ x: 100, y: 80 }] },
    ],
  });

  it('is well-formed SVG with one line per series, error bars and a legend', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const tags = checkBalancedXml(svg);
    expect(tags.filter((t) => t === 'path')).toHaveLength(2);
    expect(tags.filter((t) => t === 'circle')).toHaveLength(4);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>mlp</text>');
    expect(svg).toContain('accuracy &lt;against&gt; labels &amp; more');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('labels a log axis at round values and at its ends', () => {
    for (const label of ['100', '1000', '7996']) expect(svg).toContain(`>${label}</text>`);
  });

  it('refuses a plot without points', () => {
    expect(() => linePlotSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(
      /no points/,
    );
  });
});

describe('result files', () => {
  const tmp = useTempDir('results');
  const experiment: Experiment = {
    name: 'demo',
    title: 'Demo experiment',
    claim: 'Labels are expensive.',
    datasets: ['mnist'],
    config: {
      schema: z.object({ epochs: z.number() }).strict(),
      full: { epochs: 2 },
      quick: { epochs: 2 },
    },
    run: () => Promise.reject(new Error('not run here')),
  };
  const records = [
    { method: 'mlp', seed: 1, accuracy: 0.5 },
    { method: 'mlp', seed: 2, accuracy: 0.7 },
  ];
  const output: ExperimentOutput = {
    config: { epochs: 2 },
    records,
    summary: summarize(records, ['method'], ['accuracy']),
    plots: [
      {
        file: 'plot.svg',
        svg: linePlotSvg({
          title: 't',
          xLabel: 'x',
          yLabel: 'y',
          series: [{ name: 's', points: [{ x: 1, y: 2 }] }],
        }),
      },
    ],
    images: [],
    report: '## Setup\n\nTwo seeds.',
  };

  it('writes results.json, results.csv, the plots and report.md', async () => {
    const files = await writeResults(
      tmp.path,
      {
        experiment,
        spec: {
          experiment: 'demo',
          quick: true,
          seeds: [1, 2],
          dataset: 'mnist',
          config: { epochs: 2 },
        },
        quick: true,
        seeds: [1, 2],
        dataset: 'mnist',
        backend: 'wasm',
        version: '0.1.0',
        command: 'neocortex experiment demo --quick',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        seconds: 60,
        cellsComputed: 2,
        cellsReused: 0,
      },
      output,
    );
    expect(files.map((f) => f.slice(tmp.path.length + 1)).sort()).toEqual([
      'plot.svg',
      'report.md',
      'results.csv',
      'results.json',
    ]);
    const json = JSON.parse(await readFile(join(tmp.path, 'results.json'), 'utf8')) as {
      seeds: number[];
      backend: string;
      version: string;
      config: object;
      summary: { mean: number; std: number }[];
    };
    expect(json.seeds).toEqual([1, 2]);
    expect(json.backend).toBe('wasm');
    expect(json.version).toBe('0.1.0');
    expect(json.config).toEqual({ epochs: 2 });
    expect(json.summary[0]!.mean).toBeCloseTo(0.6, 12);
    expect(json.summary[0]!.std).toBeCloseTo(Math.sqrt(0.02), 12);
    const csv = await readFile(join(tmp.path, 'results.csv'), 'utf8');
    expect(csv.trim().split('\n')).toEqual(['method,seed,accuracy', 'mlp,1,0.5', 'mlp,2,0.7']);
    const report = await readFile(join(tmp.path, 'report.md'), 'utf8');
    expect(report).toMatch(/^# Demo experiment\n/);
    expect(report).toContain('**Claim.** Labels are expensive.');
    expect(report).toContain('seeds 1, 2');
    expect(report).toContain('## Setup');
  });
});
