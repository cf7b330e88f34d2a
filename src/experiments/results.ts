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

/** What a run was, for its results.json and report.md: experiment, spec, settings and timing. */
export interface RunInfo {
  /** The experiment that ran. */
  experiment: Experiment;
  /** The full spec the run ran: `neocortex experiment --from results.json` reruns it. */
  spec: ExperimentSpec;
  /** Whether it was a quick run. */
  quick: boolean;
  /** The seeds it ran. */
  seeds: number[];
  /** The data set it ran on. */
  dataset: string;
  /** The compute backend's name. */
  backend: string;
  /** The neocortex-sim version. */
  version: string;
  /** The command line that started it. */
  command: string;
  /** When it started and finished (ISO 8601). */
  startedAt: string;
  finishedAt: string;
  /** How long it took, in seconds. */
  seconds: number;
  /** Cells computed by this invocation and cells read back from earlier ones. */
  cellsComputed: number;
  cellsReused: number;
}

/** The content of results.json: the run's identity, settings, timing, summary, records and files. */
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

/** The text of report.md: a common header (claim, setup, timing) then the experiment's report body. */
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
