/**
 * `neocortex sweep sweep.json [--out DIR] [--queue URL]`: train and test the model of every
 * point of a sweep (a grid and/or a list of points over fields of a model spec), locally or on
 * a queue's workers, and write results.json, results.csv, a plot per figure against each swept
 * field and report.md. Finished points are kept in DIR/cells, so a stopped sweep resumes;
 * `--from DIR/results.json` reruns a recorded sweep in DIR. See docs/queue.md.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { BackendChoice, initBackend } from '../backend/index.ts';
import { NeocortexError } from '../errors.ts';
import { sweepExperiment } from '../experiments/sweep/experiment.ts';
import { parseSweepSpec, sweepPoints } from '../experiments/sweep/spec.ts';
import { parseCommandOptions } from './commandOptions.ts';
import { readSpecFile } from './specFile.ts';
import { runHereOrQueued } from './runHereOrQueued.ts';

/** `neocortex sweep`'s options. */
export const SweepOptions = z.object({
  out: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  queue: z.string().min(1).optional(),
  /** With --queue: a line a worker with its jobs done, running and failed. */
  perWorker: z.boolean().default(false),
  backend: BackendChoice.optional(),
  progress: z.boolean().default(true),
});

/** The sweep spec of a command: the file given, or the one `--from`'s results.json recorded. */
async function sweepInput(file: string | undefined, from: string | undefined): Promise<unknown> {
  if ((file === undefined) === (from === undefined)) {
    throw new NeocortexError('OPTION_INVALID', 'give a sweep spec file or --from DIR/results.json');
  }
  if (file !== undefined) return readSpecFile(file, 'spec');
  const json = (await readSpecFile(from!, 'results')) as {
    spec?: { experiment?: unknown; config?: unknown };
  };
  if (json?.spec?.experiment !== sweepExperiment.name) {
    throw new NeocortexError('SPEC_INVALID', `${from} is not the results.json of a sweep`);
  }
  return json.spec.config;
}

/** Run `neocortex sweep` with commander's values. */
export async function runSweepCommand(
  file: string | undefined,
  raw: Record<string, unknown>,
  print: (line: string) => void,
  argv: readonly string[] = [],
): Promise<void> {
  const options = parseCommandOptions(SweepOptions, raw, 'sweep');
  const sweep = parseSweepSpec(await sweepInput(file, options.from));
  const points = sweepPoints(sweep);
  const outDir =
    options.out ??
    (options.from !== undefined ? dirname(options.from) : join('runs', 'sweeps', sweep.name));
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  print(`sweep ${sweep.name}: ${points.length} points, writing to ${outDir}`);
  const runOptions = {
    quick: false,
    seeds: points.map((_, i) => i + 1),
    dataset: points[0]!.spec.dataset,
    config: sweep,
    outDir,
    backend,
    progress: options.progress,
    print,
    command: ['neocortex', ...argv].join(' '),
  };
  const run = await runHereOrQueued(sweepExperiment, runOptions, options.queue, options.perWorker);
  print(`computed ${run.computed.length} points, reused ${run.reused.length}`);
  print(`wrote ${run.files.join(', ')}`);
}
