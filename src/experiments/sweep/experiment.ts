/**
 * A sweep run as an experiment, so it is cached, resumed, queued and written like one: its
 * configuration is the sweep spec, and its "seeds" number its points (1..N), so each point is
 * one cell, and on a queue one job. Its records are one a point (the swept fields, then the
 * figures); a plot per figure against each numeric swept field (one line per combination of
 * the other swept fields, a mean over `seed` when seeds are swept, its spread as bars).
 */
import { DATASET_NAMES } from '../../data/names.ts';
import { markdownTable } from '../markdown.ts';
import { mean, std, summarize, type MeasurementRecord } from '../stats.ts';
import { linePlotSvg } from '../svgPlot.ts';
import type { Experiment, PlotFile } from '../types.ts';
import { computeSweepPoint, type PointValue } from './point.ts';
import { SWEEP_EXPERIMENT } from './name.ts';
import { SweepSpec, sweepPoints, sweptFields } from './spec.ts';

export { SWEEP_EXPERIMENT };

/** A field's value as a record keeps it (booleans as text). */
const cellValue = (v: string | number | boolean): string | number =>
  typeof v === 'boolean' ? String(v) : v;

/** Plots of each figure against each numeric swept field but `seed`. */
function sweepPlots(
  records: MeasurementRecord[],
  fields: string[],
  figures: string[],
  name: string,
): PlotFile[] {
  const plots: PlotFile[] = [];
  const varied = fields.filter((f) => f !== 'seed');
  for (const x of varied) {
    if (!records.every((r) => typeof r[x] === 'number')) continue;
    const others = varied.filter((f) => f !== x);
    for (const figure of figures) {
      const lines = new Map<string, Map<number, number[]>>();
      for (const r of records) {
        const value = r[figure];
        if (typeof value !== 'number') continue;
        const line = others.map((f) => `${f}=${r[f]}`).join(', ') || figure;
        const byX = lines.get(line) ?? new Map<number, number[]>();
        byX.set(r[x] as number, [...(byX.get(r[x] as number) ?? []), value]);
        lines.set(line, byX);
      }
      const series = [...lines].map(([line, byX]) => ({
        name: line,
        points: [...byX]
          .sort(([a], [b]) => a - b)
          .map(([px, ys]) => ({ x: px, y: mean(ys), spread: std(ys) })),
      }));
      const file = `${figure.replace(/[^\w-]+/g, '-')}-vs-${x.replace(/[^\w-]+/g, '-')}.svg`;
      plots.push({
        file,
        svg: linePlotSvg({
          title: `${name}: ${figure} against ${x}`,
          xLabel: x,
          yLabel: figure,
          series,
        }),
      });
    }
  }
  return plots;
}

/** The sweep experiment (see the file's comment). */
export const sweepExperiment: Experiment = {
  name: SWEEP_EXPERIMENT,
  title: 'Sweep',
  claim: 'How the figures of a model change with the fields swept.',
  datasets: DATASET_NAMES,
  config: { schema: SweepSpec as never, full: {}, quick: {} },
  async run(ctx) {
    const sweep = SweepSpec.parse(ctx.config);
    const points = sweepPoints(sweep);
    const fields = sweptFields(sweep);
    const sizes = { train: sweep.train, test: sweep.test };
    ctx.progress.start(ctx.seeds.length);
    const records: MeasurementRecord[] = [];
    for (const n of ctx.seeds) {
      const point = points[n - 1];
      if (point === undefined) throw new Error(`sweep ${sweep.name} has no point ${n}`);
      const value = await ctx.cell<PointValue>(point.key, { spec: point.spec, ...sizes }, () =>
        computeSweepPoint(point.spec, sizes),
      );
      const swept = Object.fromEntries(fields.map((f) => [f, cellValue(point.fields[f] ?? '')]));
      records.push({ point: n, ...swept, ...value.figures });
      ctx.print(
        `point ${n}/${points.length} (${Object.entries(swept)
          .map(([f, v]) => `${f}=${v}`)
          .join(', ')}): ` +
          Object.entries(value.figures)
            .map(([f, v]) => `${f} ${v.toFixed(4)}`)
            .join(', '),
      );
    }
    const figures = [
      ...new Set(
        records.flatMap((r) => Object.keys(r).filter((k) => k !== 'point' && !fields.includes(k))),
      ),
    ];
    const plots = sweepPlots(records, fields, figures, sweep.name);
    const report = [
      '## Setup',
      '',
      `- Model: ${String(sweep.model['kind'])}, ${points.length} points over ${fields.join(', ')}` +
        (sweep.train !== undefined || sweep.test !== undefined
          ? `; ${sweep.train ?? 'all'} training / ${sweep.test ?? 'all'} test images.`
          : '.'),
      '',
      '## Results',
      '',
      markdownTable(
        ['point', ...fields, ...figures],
        records.map((r) => [
          String(r['point']),
          ...fields.map((f) => String(r[f])),
          ...figures.map((f) => (typeof r[f] === 'number' ? (r[f] as number).toFixed(4) : '')),
        ]),
      ),
      '',
      ...plots.map((p) => `![${p.file}](${p.file})`),
    ].join('\n');
    return {
      config: { ...sweep },
      records,
      summary: summarize(
        records,
        fields.filter((f) => f !== 'seed'),
        figures,
      ),
      plots,
      images: [],
      report,
    };
  },
};
