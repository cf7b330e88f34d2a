/**
 * `neocortex train`: one driver for every model kind. It looks the spec's kind up in the
 * registry (models/kinds.ts), refuses a spec over the memory limit before anything is
 * allocated, sets up the run (output folder, backend, data), checks the spec against the data,
 * builds the model, trains it through the kind (with the progress bar, the checkpoints and
 * data-parallel threads where the kind takes them), tests it, writes its pictures and
 * DIR/metrics.json. Nothing here knows one kind from another.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError } from '../cortex/specError.ts';
import {
  dataShapeOf,
  type AnyModelKind,
  type DataShape,
  type TrainingContext,
} from '../models/kind.ts';
import { modelKind } from '../models/kinds.ts';
import { checkMemory, DEFAULT_MEMORY_LIMIT } from '../models/memory.ts';
import { dataParallel } from '../sim/dataParallel/index.ts';
import { writePictures } from './pictures.ts';
import { createStageProgress, createTrainingProgress, type TrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { runTrainingJob, shellCommand, type TrainReport } from './trainedRun.ts';
import { setupOptionsOf, type TrainOptions } from './trainOptions.ts';

export type { TrainReport } from './trainedRun.ts';

/** The shape every named data set has, for the memory check before any data is read. */
const NAMED_DATA_SHAPE: DataShape = { height: 28, width: 28, classes: 10 };

/** Where a run's first checkpoint goes (a kind may keep others beside it). */
const CHECKPOINT = 'checkpoint.bin';

/** How the command was typed, to say how to resume it (default: this process's arguments). */
export interface TrainInvocation {
  /** The arguments after `neocortex` (e.g. `train --model pcvae --out runs/a`). */
  args: readonly string[];
}

/** Refuse the spec when its memory estimate for data of `shape` is over the run's limit. */
function checkFitsMemory(kind: AnyModelKind, options: TrainOptions, shape: DataShape): void {
  checkMemory(
    `the ${kind.name} spec`,
    kind.estimateBytes(options.spec, shape),
    options.run.maxMemory ?? DEFAULT_MEMORY_LIMIT,
    (needed) => `raise the limit with --max-memory ${needed}`,
  );
}

/** Refuse a spec that does not fit the data: every problem the kind finds, one a line. */
function checkFitsData(kind: AnyModelKind, options: TrainOptions, shape: DataShape): void {
  const problems: string[] = kind.checkData?.(options.spec, shape) ?? [];
  if (problems.length > 0) {
    throw new SpecError(
      `invalid model spec:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
}

/** The bar of a run, drawn from the first batch on (when the kind's batches are known). */
function runProgress(
  enabled: boolean,
  lossName: string,
): TrainingContext['progress'] & {
  stop(): void;
} {
  let bar: TrainingProgress | undefined;
  return {
    batch(p) {
      bar ??= createTrainingProgress(p.batches * p.epochs, p.epochs, enabled, lossName);
      bar.update((p.epoch - 1) * p.batches + p.batch, p);
    },
    stage: (label, count) => createStageProgress(label, count, enabled),
    stop: () => bar?.stop(),
  };
}

/** The command that resumes a run: the one typed, with its folder and `--resume`. */
function resumeCommand(invocation: TrainInvocation, outDir: string): string {
  const args = invocation.args.filter((arg) => arg !== '--overwrite');
  const hasOut = args.some((arg) => arg === '--out' || arg.startsWith('--out='));
  return shellCommand([
    'neocortex',
    ...args,
    ...(hasOut ? [] : ['--out', outDir]),
    ...(args.includes('--resume') ? [] : ['--resume']),
  ]);
}

/** Train the model `options.spec` describes, as `options.run` says; see the file's comment. */
export async function runTrain(
  options: TrainOptions,
  print: (line: string) => void,
  invocation: TrainInvocation = { args: process.argv.slice(2) },
): Promise<TrainReport> {
  const { spec, run } = options;
  const kind = modelKind(spec.kind);
  checkFitsMemory(kind, options, NAMED_DATA_SHAPE);
  const { backend, data, outDir } = await setUpRun(setupOptionsOf(options), print);
  const shape = dataShapeOf(data);
  checkFitsData(kind, options, shape);
  checkFitsMemory(kind, options, shape);
  const model = kind.build(spec, shape, spec.seed);
  const progress = runProgress(run.progress, kind.training.lossName);
  // The checkpoint files the kind asked for, in order: a failure names the last one written.
  const checkpoints: string[] = [];
  const identity = { dataset: data.name, dataDir: spec.dataDir ?? null, seed: spec.seed };
  const context: TrainingContext = {
    data,
    batchSize: spec.batchSize,
    resume: run.resume,
    checkpoint: (config, file = CHECKPOINT) => {
      const path = join(outDir, file);
      checkpoints.push(path);
      return { path, config: { model: kind.name, ...config, ...identity }, resume: run.resume };
    },
    progress,
    print,
    // Two threads where the kind asks for them (the specs allow 1 or 2); the replica thread
    // builds its copy of the model through the registry, from the kind's name, spec and data.
    parallel: (workers) =>
      workers === 2
        ? dataParallel({ workers: 2, replica: { kind: kind.name, spec, data: shape } })
        : undefined,
  };
  return runTrainingJob(
    {
      outDir,
      origin: { model: kind.name, dataset: data.name, backend: backend.name, seed: spec.seed },
      model,
      progress,
      train: () => kind.training.train(model, spec, context),
      resumed: (trained) => trained.resumed,
      report: async (trained) => {
        const { test, lines } = await kind.evaluate(model, spec, {
          test: data.test,
          trained,
          progress,
        });
        const pictures =
          kind.pictures !== undefined
            ? await writePictures(kind.pictures, model, data.test, outDir)
            : [];
        return {
          figures: {
            ...trained.figures,
            spec,
            config: { model: kind.name, ...trained.config, ...identity, epochs: spec.epochs },
            epochs: spec.epochs,
            samplesPerSecond: trained.samplesPerSecond,
            trainingSeconds: trained.trainingSeconds,
            test,
            history: trained.history,
          },
          lines: [...(pictures.length > 0 ? [`wrote ${pictures.join(', ')}`] : []), ...lines],
        };
      },
      checkpointPath: () =>
        checkpoints.findLast((path) => existsSync(path)) ?? join(outDir, CHECKPOINT),
      resumeCommand: resumeCommand(invocation, outDir),
    },
    print,
  );
}
