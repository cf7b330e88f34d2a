/**
 * `neocortex experiment <name> [--quick] [--seeds N] [--first-seed K] [--out DIR]`: run one of
 * the experiments in experiments/ and write its results, plots and report;
 * `--list` names them. `--spec FILE` runs a configuration the user wrote
 * (`neocortex spec experiment <name>` prints one); `--from DIR/results.json`
 * reruns a recorded run's exact configuration and seeds in DIR (reusing its
 * cells). Options the user typed override the spec's fields. Without `--out` or
 * `--from`, quick runs go to runs/experiments/<name>-quick, full runs to
 * experiments/results/<name>, so a quick run never overwrites the committed
 * full results.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BackendChoice, initBackend } from '../backend/index.ts';
import { wholeNumber } from '../cortex/specFields.ts';
import { experiments, findExperiment } from '../../experiments/index.ts';
import { NeocortexError } from '../errors.ts';
import {
  MAX_SEED,
  MAX_SEEDS,
  parseExperimentSpec,
  type ExperimentSpec,
} from '../experiments/index.ts';
import { typedNumber } from '../models/kindOptions.ts';
import { parseCommandOptions } from './commandOptions.ts';
import { readSpecFile } from './specFile.ts';
import { runHereOrQueued } from './runHereOrQueued.ts';

export const ExperimentOptions = z.object({
  list: z.boolean().default(false),
  quick: z.boolean().default(false),
  /** How many seeds (at most as many as a spec may list). */
  seeds: z.preprocess(typedNumber, wholeNumber(1, MAX_SEEDS)).optional(),
  /** The first seed; the others follow it. */
  firstSeed: z.preprocess(typedNumber, wholeNumber(1, MAX_SEED)).default(1),
  out: z.string().optional(),
  dataset: z.string().optional(),
  /** A JSON experiment spec to run. */
  spec: z.string().min(1).optional(),
  /** A recorded run's results.json whose spec to rerun. */
  from: z.string().min(1).optional(),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
  /** A Redis URL: the missing cells go to `neocortex worker`s through its queue (docs/queue.md). */
  queue: z.string().min(1).optional(),
  /** With --queue: a line a worker with its jobs done, running and failed. */
  perWorker: z.boolean().default(false),
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

/** The mode and data set a results.json recorded, before the options typed on top. */
export interface RecordedRun {
  quick: unknown;
  dataset: unknown;
}

/**
 * Where an experiment command works: `--out`; else, for `--from DIR/results.json`,
 * DIR itself (its cells are reused and its results rebuilt in place) unless the
 * options typed changed the recorded mode or data set (another run, which must
 * not replace DIR's results: it goes to its default folder); else the default
 * folder of the experiment and mode.
 */
export function experimentOutDir(
  options: Pick<ExperimentOptions, 'out' | 'from'>,
  spec: Pick<ExperimentSpec, 'quick' | 'dataset'>,
  recorded: RecordedRun | undefined,
  defaultOut: () => string,
): string {
  if (options.out !== undefined) return options.out;
  const same = recorded?.quick === spec.quick && recorded.dataset === spec.dataset;
  if (options.from !== undefined && same) return dirname(options.from);
  return defaultOut();
}

/**
 * The experiment spec a command asks for: from `--from` or `--spec` with the
 * options the user typed on top, or from the options alone; validated whole
 * before anything runs.
 * @param given - which options the user typed (not commander's defaults)
 * @param note - told when a results.json of an older version is rebuilt from its record
 */
export async function resolveExperimentSpec(
  name: string | undefined,
  options: ExperimentOptions,
  given: (key: string) => boolean = () => true,
  note: (line: string) => void = () => undefined,
): Promise<ExperimentSpec> {
  return (await resolveExperiment(name, options, given, note)).spec;
}

/** {@link resolveExperimentSpec}, with the mode and data set `--from`'s file recorded. */
async function resolveExperiment(
  name: string | undefined,
  options: ExperimentOptions,
  given: (key: string) => boolean,
  note: (line: string) => void,
): Promise<{ spec: ExperimentSpec; recorded?: RecordedRun }> {
  if (options.spec !== undefined && options.from !== undefined) {
    throw new NeocortexError('OPTION_INVALID', 'give --spec or --from, not both');
  }
  let input: Record<string, unknown>;
  let recorded: RecordedRun | undefined;
  if (options.spec !== undefined || options.from !== undefined) {
    const file = (options.from ?? options.spec)!;
    const json = await readSpecFile(file, options.from !== undefined ? 'results' : 'spec');
    let spec =
      options.from !== undefined && json !== null && typeof json === 'object' && 'spec' in json
        ? json.spec
        : json;
    if (options.from !== undefined && spec === json) {
      spec = specOfOlderResults(file, json);
      note(
        `${file} was written before results carried their spec: rerunning its experiment, mode, ` +
          `seeds and data set with that mode's default configuration (cells whose configuration ` +
          `differs from the recorded ones are computed again, not reused)`,
      );
    }
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      return { spec: parseExperimentSpec(spec, experiments) };
    }
    input = { ...(spec as Record<string, unknown>) };
    if (options.from !== undefined) recorded = { quick: input['quick'], dataset: input['dataset'] };
    if (name !== undefined && input['experiment'] !== name) {
      throw new NeocortexError(
        'SPEC_INVALID',
        `${file} is a spec of experiment "${String(input['experiment'])}", not "${name}"`,
      );
    }
  } else {
    if (name === undefined) throw new NeocortexError('OPTION_INVALID', 'name an experiment');
    const experiment = findExperiment(name);
    if (options.dataset !== undefined && !experiment.datasets.includes(options.dataset)) {
      throw new NeocortexError(
        'OPTION_INVALID',
        `--dataset: ${name} runs on ${experiment.datasets.join(', ')}, not "${options.dataset}"`,
      );
    }
    input = { experiment: name };
  }
  if (given('quick') || input['quick'] === undefined) input['quick'] = options.quick;
  if (given('dataset') && options.dataset !== undefined) input['dataset'] = options.dataset;
  if (given('seeds') || given('firstSeed') || input['seeds'] === undefined) {
    const quick = input['quick'] === true;
    const count =
      options.seeds ?? (Array.isArray(input['seeds']) ? input['seeds'].length : quick ? 1 : 3);
    input['seeds'] = experimentSeeds(count, options.firstSeed);
  }
  const parsed = parseExperimentSpec(input, experiments);
  return recorded === undefined ? { spec: parsed } : { spec: parsed, recorded };
}

/**
 * The spec of a results.json written before results carried one: every version
 * recorded the experiment, the mode, the seeds and the data set, and ran the
 * mode's default configuration.
 */
function specOfOlderResults(file: string, json: unknown): Record<string, unknown> {
  const record = (json ?? {}) as Record<string, unknown>;
  const missing = ['experiment', 'quick', 'seeds', 'dataset'].filter((k) => !(k in record));
  if (missing.length > 0) {
    throw new NeocortexError(
      'SPEC_INVALID',
      `${file} holds no "spec" and no record of ${missing.join(', ')}: is it an experiment's results.json?`,
    );
  }
  const { experiment, quick, seeds, dataset } = record;
  return { experiment, quick, seeds, dataset };
}

/** Run `neocortex experiment` with commander's option values. */
export async function runExperimentCommand(
  name: string | undefined,
  raw: Record<string, unknown>,
  print: (line: string) => void,
  argv: readonly string[] = [],
  given?: (key: string) => boolean,
): Promise<void> {
  const options = parseCommandOptions(ExperimentOptions, raw, 'experiment');
  const fromFile = options.spec !== undefined || options.from !== undefined;
  if (options.list || (name === undefined && !fromFile)) {
    for (const line of listExperiments()) print(line);
    return;
  }
  const { spec, recorded } = await resolveExperiment(name, options, given ?? (() => true), print);
  const experiment = findExperiment(spec.experiment);
  const outDir = experimentOutDir(options, spec, recorded, () =>
    defaultExperimentOut(spec.experiment, spec.quick, spec.dataset, experiment.datasets[0]!),
  );
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  print(
    `experiment ${spec.experiment} (${spec.quick ? 'quick' : 'full'}), seeds ${spec.seeds.join(', ')}, ` +
      `data ${spec.dataset}, writing to ${outDir}`,
  );
  const runOptions = {
    quick: spec.quick,
    seeds: spec.seeds,
    dataset: spec.dataset,
    config: spec.config,
    outDir,
    backend,
    progress: options.progress,
    print,
    command: ['neocortex', ...argv].join(' '),
  };
  const run = await runHereOrQueued(experiment, runOptions, options.queue, options.perWorker);
  print(`computed ${run.computed.length} cells, reused ${run.reused.length}`);
  print(`wrote ${run.files.join(', ')}`);
}
