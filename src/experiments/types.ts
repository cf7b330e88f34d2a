/**
 * What an experiment is: a named script with a claim, run against a context
 * (seeds, quick or full, output folder, progress, cached cells), that returns
 * its measurements, plots and the body of its report.
 */
import type { z } from 'zod';
import type { BackendInfo } from '../backend/index.ts';
import type { ExperimentProgress } from './progress.ts';
import type { MeasurementRecord, SummaryRow } from './stats.ts';

/** One experiment: its name, the claim it tests, its configuration, and the script that runs it. */
export interface Experiment {
  /** The name it is run by (`neocortex experiment <name>`) and its results folder's name. */
  name: string;
  /** A human-readable title for the report. */
  title: string;
  /** The article's claim the experiment tests, in a sentence or two. */
  claim: string;
  /** Data sets it accepts with --dataset; the first is the default. */
  datasets: readonly string[];
  /** What a user may configure (sizes, epochs, label counts...) and its quick and full defaults. */
  config: ExperimentConfig;
  /**
   * Run the experiment: compute its cells through `ctx.cell`, and return the
   * measurements, plots and report body ({@link runExperiment} writes the files).
   */
  run(ctx: ExperimentContext): Promise<ExperimentOutput>;
}

/** An experiment's configuration as data: its schema and the values of its two modes. */
export interface ExperimentConfig {
  /** A strict zod object; its keys in the order the defaults list them (cell keys compare JSON). */
  schema: z.ZodType<Record<string, unknown>>;
  /** The configuration of a full run (the committed results). */
  full: Record<string, unknown>;
  /** The configuration of a quick run (small data, few epochs). */
  quick: Record<string, unknown>;
}

/** What an experiment's `run` gets: the run's settings and the services it may use. */
export interface ExperimentContext {
  /** The experiment's name. */
  name: string;
  /** Whether this is a quick run (small data, few epochs) rather than a full one. */
  quick: boolean;
  /**
   * The seeds this process computes: every seed of the run locally, one seed on a queue worker
   * (`neocortex worker`), which computes one seed's cells of a run spread over machines.
   */
  seeds: number[];
  /**
   * Every seed of the run, in order, wherever its cells are computed. Pictures belong to the
   * run's first seed, `runSeeds[0]` (not `seeds[0]`: a worker computing seed 3 alone must not
   * draw seed 1's pictures), and a part of the run over a few of its seeds picks them here.
   */
  runSeeds: readonly number[];
  /** The data set to run on (one of the experiment's `datasets`). */
  dataset: string;
  /** The run's configuration, validated by the experiment's `config.schema`. */
  config: Record<string, unknown>;
  /** The folder the run's files go into. */
  outDir: string;
  /** The compute backend the run is on. */
  backend: BackendInfo;
  /** Write a line of output for the user (the CLI prints it). */
  print: (line: string) => void;
  /** The progress bar: how many cells, and how far the running cell is. */
  progress: ExperimentProgress;
  /**
   * Run one cell of the experiment (e.g. one method, label count and seed)
   * once: its value is kept in outDir/cells/<key>.json, written atomically, and
   * a re-run with the same config reads it back instead of computing it.
   */
  cell<T>(key: string, config: unknown, compute: () => Promise<T>): Promise<T>;
  /** Where a model trained for several cells keeps its checkpoint while the run lasts. */
  checkpointPath(name: string): string;
}

/** A plot an experiment returns, written as an SVG file into its folder. */
export interface PlotFile {
  /** File name inside the output folder, e.g. accuracy.svg. */
  file: string;
  /** The SVG text (e.g. from {@link linePlotSvg}). */
  svg: string;
}

/** What an experiment's `run` returns: its records and their summary, plots, images and report body. */
export interface ExperimentOutput {
  /** Everything that defines the run besides seeds (sizes, epochs, data). */
  config: Record<string, unknown>;
  /** One flat record per measured setting and seed (the CSV's lines). */
  records: MeasurementRecord[];
  /** The records summarised over seeds. */
  summary: SummaryRow[];
  /** The plots to write into the folder. */
  plots: PlotFile[];
  /** Other files the experiment wrote itself (e.g. PNG grids), relative to the folder. */
  images: string[];
  /** Markdown after the report's common header: setup, tables, anchors, discussion. */
  report: string;
  /** Further figures for results.json. */
  extra?: Record<string, unknown>;
}
