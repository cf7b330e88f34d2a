/**
 * Running an experiment: set up its context (seeds, output folder, progress
 * bar, cell cache), run its script, and write the result files at the end.
 * Cells finished before an interruption are read back, so a re-run computes
 * only what is missing; the final files are written whole or not at all.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendInfo } from '../backend/index.ts';
import { NeocortexError } from '../errors.ts';
import { VERSION } from '../version.ts';
import { prepareOutputDir } from '../io/outputDir.ts';
import { readCell, writeCell } from './cellCache.ts';
import { createExperimentProgress } from './progress.ts';
import { writeResults } from './results.ts';
import { parseExperimentSpec, type ExperimentSpec } from './spec.ts';
import type { Experiment, ExperimentContext, ExperimentOutput } from './types.ts';

/** How {@link runExperiment} runs an experiment: mode, seeds, data, folder, backend, output. */
export interface RunExperimentOptions {
  /** A quick run (small data, few epochs) rather than a full one. */
  quick: boolean;
  /** The seeds to repeat each measurement over. */
  seeds: number[];
  /** The data set to run on (one the experiment accepts). */
  dataset: string;
  /** The experiment's configuration (default: its quick or full defaults), validated first. */
  config?: Record<string, unknown>;
  /** The results folder (made if missing; finished cells in it are reused). */
  outDir: string;
  /** The compute backend the run is on, recorded in the results. */
  backend: BackendInfo;
  /** Show a progress bar. */
  progress: boolean;
  /** Where lines for the user go (the CLI prints them). */
  print: (line: string) => void;
  /** The command line, recorded in the results. */
  command: string;
  /**
   * Every cell must already be in the folder's cell cache (a queued run's final pass, after its
   * workers computed them): a missing one is an error rather than computed here.
   */
  cachedOnly?: boolean;
}

/** What {@link runExperiment} returns: the experiment's output, the files written, and the cells. */
export interface ExperimentRun {
  /** What the experiment's `run` returned. */
  output: ExperimentOutput;
  /** Paths of the files written: results, plots, report and the experiment's own images. */
  files: string[];
  /** Cells computed in this run and cells read back from an earlier one. */
  computed: string[];
  reused: string[];
}

/** The experiment spec of a run's options, parsed once (a bad one names every problem). */
export function runSpec(experiment: Experiment, options: RunExperimentOptions): ExperimentSpec {
  return parseExperimentSpec(
    {
      experiment: experiment.name,
      quick: options.quick,
      seeds: options.seeds,
      dataset: options.dataset,
      config: options.config ?? {},
    },
    [experiment],
  );
}

/**
 * Run `experiment` with `options`: check the spec, prepare the results folder,
 * run the script with a context whose cells are cached in `outDir/cells`, then
 * write results.json, results.csv, the plots and report.md, and remove the
 * run's checkpoints. A bad spec or an unwritable folder fails before any cell
 * is computed.
 */
export async function runExperiment(
  experiment: Experiment,
  options: RunExperimentOptions,
): Promise<ExperimentRun> {
  const spec = runSpec(experiment, options);
  // The results folder must be writable before the first cell computes anything.
  await prepareOutputDir(options.outDir);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const progress = createExperimentProgress(experiment.name, options.progress);
  const computed: string[] = [];
  const reused: string[] = [];
  const ctx: ExperimentContext = {
    name: experiment.name,
    quick: options.quick,
    seeds: options.seeds,
    runSeeds: options.seeds,
    dataset: options.dataset,
    config: spec.config,
    outDir: options.outDir,
    backend: options.backend,
    print: options.print,
    progress,
    async cell<T>(key: string, config: unknown, compute: () => Promise<T>): Promise<T> {
      const cached = await readCell(options.outDir, key, config);
      if (cached !== undefined) {
        reused.push(key);
        progress.cellDone();
        return cached as T;
      }
      if (options.cachedOnly === true) {
        throw new NeocortexError(
          'CACHE_INVALID',
          `cell ${key} is missing from ${options.outDir}/cells (or was made with another ` +
            'config) after the queue reported it done',
        );
      }
      const value = await compute();
      await writeCell(options.outDir, key, config, value);
      computed.push(key);
      progress.cellDone();
      return value;
    },
    checkpointPath: (name) => join(options.outDir, 'checkpoints', `${name}.bin`),
  };
  let output: ExperimentOutput;
  try {
    output = await experiment.run(ctx);
  } finally {
    progress.stop();
  }
  if (reused.length > 0)
    options.print(`reused ${reused.length} finished cells from ${options.outDir}/cells`);
  const files = await writeResults(
    options.outDir,
    {
      experiment,
      spec,
      quick: options.quick,
      seeds: options.seeds,
      dataset: options.dataset,
      backend: options.backend.name,
      version: VERSION,
      command: options.command,
      startedAt,
      finishedAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      cellsComputed: computed.length,
      cellsReused: reused.length,
    },
    output,
  );
  files.push(...output.images.map((file) => join(options.outDir, file)));
  // Models shared by several cells are only needed while cells are missing.
  await rm(join(options.outDir, 'checkpoints'), { recursive: true, force: true });
  return { output, files, computed, reused };
}
