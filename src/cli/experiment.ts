/**
 * `neocortex experiment <name> [--quick] [--seeds N] [--first-seed K] [--out DIR]`: run one of
 * the experiments in experiments/ and write its results, plots and report;
 * `--list` names them. Quick runs go to runs/experiments/<name>-quick, full
 * runs to experiments/results/<name>, so a quick run never overwrites the
 * committed full results.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { BackendChoice, initBackend } from '../backend/index.ts';
import { experiments, findExperiment } from '../../experiments/index.ts';
import { runExperiment } from '../experiments/index.ts';

export const ExperimentOptions = z.object({
  list: z.boolean().default(false),
  quick: z.boolean().default(false),
  seeds: z.coerce
    .number({ error: '--seeds must be a number' })
    .int({ error: '--seeds must be a whole number' })
    .positive({ error: '--seeds must be positive' })
    .optional(),
  firstSeed: z.coerce
    .number({ error: '--first-seed must be a number' })
    .int({ error: '--first-seed must be a whole number' })
    .positive({ error: '--first-seed must be positive' })
    .default(1),
  out: z.string().optional(),
  dataset: z.string().optional(),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
});
export type ExperimentOptions = z.infer<typeof ExperimentOptions>;

export function listExperiments(): string[] {
  const width = Math.max(...experiments.map((e) => e.name.length));
  return experiments.map((e) => `${e.name.padEnd(width)}  ${e.title}`);
}

/** Seeds first..first+count-1: a later run with --first-seed adds seeds to the same cells. */
export function experimentSeeds(count: number, first = 1): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

export function defaultExperimentOut(name: string, quick: boolean, dataset: string, first: string) {
  const suffix = dataset === first ? '' : `-${dataset.replace(/[^\w-]+/g, '-')}`;
  return quick
    ? join('runs', 'experiments', `${name}${suffix}-quick`)
    : join('experiments', 'results', `${name}${suffix}`);
}

export async function runExperimentCommand(
  name: string | undefined,
  raw: Record<string, unknown>,
  print: (line: string) => void,
  argv: readonly string[] = [],
): Promise<void> {
  const parsed = ExperimentOptions.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  const options = parsed.data;
  if (options.list || name === undefined) {
    for (const line of listExperiments()) print(line);
    return;
  }
  const experiment = findExperiment(name);
  const dataset = options.dataset ?? experiment.datasets[0]!;
  if (!experiment.datasets.includes(dataset)) {
    throw new Error(
      `--dataset: ${name} runs on ${experiment.datasets.join(', ')}, not "${dataset}"`,
    );
  }
  const seeds = experimentSeeds(options.seeds ?? (options.quick ? 1 : 3), options.firstSeed);
  const outDir =
    options.out ?? defaultExperimentOut(name, options.quick, dataset, experiment.datasets[0]!);
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  print(
    `experiment ${name} (${options.quick ? 'quick' : 'full'}), seeds ${seeds.join(', ')}, ` +
      `data ${dataset}, writing to ${outDir}`,
  );
  const run = await runExperiment(experiment, {
    quick: options.quick,
    seeds,
    dataset,
    outDir,
    backend,
    progress: options.progress,
    print,
    command: ['neocortex', ...argv].join(' '),
  });
  print(`computed ${run.computed.length} cells, reused ${run.reused.length}`);
  print(`wrote ${run.files.join(', ')}`);
}
