/**
 * One seed of an experiment run, computed apart from the rest (a queue worker's share), and
 * the check of which seeds of a run still miss cells. Both run the experiment's own script
 * with the run's seeds in `runSeeds` and one seed in `seeds`, so a cell computed here has the
 * key, config and value the whole run would give it, and pictures are drawn by the run's first
 * seed only. A seed is the unit because its cells share what is trained for them (one pcvae a
 * seed, kept as a checkpoint between its cells): splitting them would train it again per cell.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BackendInfo } from '../backend/index.ts';
import { readCell } from './cellCache.ts';
import { createExperimentProgress, type ExperimentProgress } from './progress.ts';
import type { ExperimentSpec } from './spec.ts';
import type { Experiment, ExperimentContext } from './types.ts';

/** A cell as a seed's run computed it: what the cell cache keeps of it. */
export interface ComputedCell {
  key: string;
  config: unknown;
  value: unknown;
}

/** A file the script wrote beside its cells (a picture), by its path in the run's folder. */
export interface WrittenFile {
  /** Relative to the run's folder, with `/` between parts. */
  path: string;
  /** The bytes, base64-encoded (so the file travels in a JSON job result). */
  base64: string;
}

/** What computing one seed gives: its cells, and the files its script wrote. */
export interface SeedOutput {
  cells: ComputedCell[];
  files: WrittenFile[];
}

/** Thrown by the probe's cells: the seed misses this cell (not an error of the run). */
class MissingCell extends Error {}

/** A context running seed `seed` of `spec` in `outDir`, its cells given by `cell`. */
function seedContext(
  spec: ExperimentSpec,
  seed: number,
  outDir: string,
  backend: BackendInfo,
  progress: ExperimentProgress,
  cell: ExperimentContext['cell'],
): ExperimentContext {
  return {
    name: spec.experiment,
    quick: spec.quick,
    seeds: [seed],
    runSeeds: spec.seeds,
    dataset: spec.dataset,
    config: spec.config,
    outDir,
    backend,
    print: () => undefined,
    progress,
    cell,
    checkpointPath: (name) => join(outDir, 'checkpoints', `${name}.bin`),
  };
}

/** Every file under `dir` but its cells and checkpoints, relative to it. */
async function filesUnder(dir: string): Promise<WrittenFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: WrittenFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (path.startsWith('cells/') || path.startsWith('checkpoints/')) continue;
    files.push({ path, base64: (await readFile(join(dir, path))).toString('base64') });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Compute every cell of seed `seed` of the run `spec` (whose seeds must include it) in a
 * temporary folder, removed afterwards: the cells in the order the script asked for them, and
 * the files it wrote (pictures, when `seed` is the run's first).
 */
export async function computeExperimentSeed(
  experiment: Experiment,
  spec: ExperimentSpec,
  seed: number,
  backend: BackendInfo,
  progress: ExperimentProgress = createExperimentProgress(experiment.name, false),
): Promise<SeedOutput> {
  if (!spec.seeds.includes(seed)) {
    throw new Error(`seed ${seed} is not one of the run's seeds (${spec.seeds.join(', ')})`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'neocortex-seed-'));
  try {
    const cells: ComputedCell[] = [];
    const ctx = seedContext(spec, seed, dir, backend, progress, async (key, config, compute) => {
      const value = await compute();
      cells.push({ key, config: JSON.parse(JSON.stringify(config)) as unknown, value });
      progress.cellDone();
      return value;
    });
    await experiment.run(ctx);
    return { cells, files: await filesUnder(dir) };
  } finally {
    progress.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The seeds of `spec` with a cell missing from the cell cache in `outDir`: each seed's script
 * is run with cells read from the cache, and stops at the first missing one (nothing is
 * computed; files it writes go to a temporary folder).
 */
export async function seedsMissingCells(
  experiment: Experiment,
  spec: ExperimentSpec,
  outDir: string,
  backend: BackendInfo,
): Promise<number[]> {
  const missing: number[] = [];
  for (const seed of spec.seeds) {
    const dir = await mkdtemp(join(tmpdir(), 'neocortex-probe-'));
    const progress = createExperimentProgress(experiment.name, false);
    try {
      const ctx = seedContext(spec, seed, dir, backend, progress, async (key, config) => {
        const cached = await readCell(outDir, key, config);
        if (cached === undefined) throw new MissingCell(key);
        return cached as never;
      });
      await experiment.run(ctx);
    } catch (error) {
      if (!(error instanceof MissingCell)) throw error;
      missing.push(seed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return missing;
}
