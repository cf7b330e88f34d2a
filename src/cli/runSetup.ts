/** What every training command does first: the backend, the data, the run folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, type BackendInfo } from '../backend/index.ts';
import { loadDataset, type DatasetSplit } from '../data/index.ts';
import { NeocortexError } from '../errors.ts';
import { writeJsonAtomic } from '../io/atomicWrite.ts';
import { prepareOutputDir } from '../io/outputDir.ts';
import { NonFiniteLossError } from '../models/epochLoop.ts';
import { VERSION } from '../version.ts';
import { refuseFinishedRun, removeRunFiles } from './finishedRun.ts';
import type { TrainSetupOptions } from './trainOptions.ts';

export interface RunSetup {
  backend: BackendInfo;
  data: DatasetSplit;
  outDir: string;
  checkpointPath: string;
}

export function defaultOutDir(options: TrainSetupOptions): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join('runs', `${options.model}-${options.dataset}-${stamp}`);
}

export async function setUpRun(
  options: TrainSetupOptions,
  print: (line: string) => void,
): Promise<RunSetup> {
  if (options.resume && options.out === undefined) {
    throw new NeocortexError(
      'OPTION_INVALID',
      '--resume needs --out DIR: the run folder that holds checkpoint.bin',
    );
  }
  if (options.resume && options.overwrite === true) {
    throw new NeocortexError(
      'OPTION_INVALID',
      '--resume continues the run in --out and --overwrite replaces it: give one, not both',
    );
  }
  // The run folder must be free and writable before the backend, the data or an epoch costs anything.
  const outDir = options.out ?? defaultOutDir(options);
  const replaced = await refuseFinishedRun(outDir, {
    resume: options.resume,
    overwrite: options.overwrite ?? false,
  });
  await prepareOutputDir(outDir);
  if (replaced.length > 0) {
    await removeRunFiles(outDir, replaced);
    print(`--overwrite: removed the old run's ${replaced.join(', ')} from ${outDir}`);
  }
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  if (backend.fallbackReason !== undefined) print(`  (${backend.fallbackReason})`);
  const data = await loadDataset(options.dataset, {
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    seed: options.seed,
  });
  print(
    `data: ${data.name}, ${data.train.count} train / ${data.test.count} test images ` +
      `(${data.train.height}x${data.train.width}) from ${data.source}`,
  );
  return { backend, data, outDir, checkpointPath: join(outDir, 'checkpoint.bin') };
}

/** A NaN stop says where the last good checkpoint is; other errors pass unchanged. */
export function explainFailure(error: unknown, checkpointPath: string): unknown {
  if (!(error instanceof NonFiniteLossError)) return error;
  const kept = existsSync(checkpointPath)
    ? `; the last good checkpoint is kept at ${checkpointPath}`
    : '';
  return new Error(`${error.message}${kept}`);
}

/** Who made a run's DIR/metrics.json, ahead of the run's own figures. */
export interface RunOrigin {
  model: string;
  dataset: string;
  backend: string;
  seed: number;
}

/**
 * Write DIR/metrics.json atomically: version and origin first, the run's figures,
 * then when it finished. Returns what it wrote.
 */
export async function writeMetrics<T extends object>(
  outDir: string,
  origin: RunOrigin,
  figures: T,
): Promise<{ version: string } & RunOrigin & T & { finishedAt: string }> {
  const metrics = { version: VERSION, ...origin, ...figures, finishedAt: new Date().toISOString() };
  await writeJsonAtomic(join(outDir, 'metrics.json'), metrics);
  return metrics;
}
