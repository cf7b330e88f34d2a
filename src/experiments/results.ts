/**
 * The files every experiment leaves in its folder, each written atomically:
 * results.json (config, seeds, backend, version, every figure), results.csv
 * (one line per measured setting and seed), the SVG plots and report.md.
 */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomicWrite.ts';
import { toCsv } from './csv.ts';
import type { ExperimentSpec } from './spec.ts';
import type { Experiment, ExperimentOutput } from './types.ts';

export interface RunInfo {
  experiment: Experiment;
  /** The full spec the run ran: `neocortex experiment --from results.json` reruns it. */
  spec: ExperimentSpec;
  quick: boolean;
  seeds: number[];
  dataset: string;
  backend: string;
  version: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** Cells computed by this invocation and cells read back from earlier ones. */
  cellsComputed: number;
  cellsReused: number;
}

export function resultsJson(info: RunInfo, output: ExperimentOutput): object {
  return {
    experiment: info.experiment.name,
    title: info.experiment.title,
    claim: info.experiment.claim,
    version: info.version,
    backend: info.backend,
    quick: info.quick,
    seeds: info.seeds,
    dataset: info.dataset,
    command: info.command,
    spec: info.spec,
    config: output.config,
    startedAt: info.startedAt,
    finishedAt: info.finishedAt,
    seconds: info.seconds,
    cells: { computed: info.cellsComputed, reused: info.cellsReused },
    summary: output.summary,
    records: output.records,
    plots: output.plots.map((p) => p.file),
    images: output.images,
    ...(output.extra !== undefined ? { extra: output.extra } : {}),
  };
}

export function reportMarkdown(info: RunInfo, output: ExperimentOutput): string {
  const minutes = (info.seconds / 60).toFixed(1);
  const reused =
    info.cellsReused > 0
      ? ` (${info.cellsComputed} cells computed now, ${info.cellsReused} reused from an earlier run)`
      : '';
  const header = [
    `# ${info.experiment.title}`,
    '',
    `**Claim.** ${info.experiment.claim}`,
    '',
    `Run: \`${info.command}\` (${info.quick ? 'quick mode: proves the pipeline, not the claim' : 'full mode'}), ` +
      `seeds ${info.seeds.join(', ')}, data ${info.dataset}, backend ${info.backend}, ` +
      `neocortex-sim ${info.version}, ${minutes} min${reused}, finished ${info.finishedAt}. ` +
      'Figures are mean ± standard deviation over seeds.',
    '',
  ];
  return `${header.join('\n')}\n${output.report.trim()}\n`;
}

/** Write results.json, results.csv, the plots and report.md into `dir`; returns the paths. */
export async function writeResults(
  dir: string,
  info: RunInfo,
  output: ExperimentOutput,
): Promise<string[]> {
  const written: string[] = [];
  for (const plot of output.plots) {
    await writeFileAtomic(join(dir, plot.file), plot.svg);
    written.push(join(dir, plot.file));
  }
  await writeFileAtomic(join(dir, 'results.csv'), toCsv(output.records));
  await writeJsonAtomic(join(dir, 'results.json'), resultsJson(info, output));
  await writeFileAtomic(join(dir, 'report.md'), reportMarkdown(info, output));
  written.push(...['results.csv', 'results.json', 'report.md'].map((f) => join(dir, f)));
  return written;
}
