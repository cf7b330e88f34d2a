/**
 * The data an experiment runs on: a named data set, scaled to the run's size
 * by a seeded random subset that is the same for every seed of the run (seeds
 * vary the models, not the data).
 */
import { isDatasetName, loadDataset, type DatasetSplit } from '../data/index.ts';
import { createRng } from '../random/rng.ts';
import { randomSubset } from './routes/subset.ts';
import { dataFolderFor } from './workerDataSets.ts';

/**
 * Load data set `name` (from `sizes.dataDir`'s IDX files when given) and cut its train and
 * test sets down to `sizes` (each omitted size keeps the whole set) by a random subset seeded the same for
 * every call, so every seed of a run sees the same images. An unknown name is
 * an error.
 */
export async function loadExperimentData(
  name: string,
  sizes: { train?: number; test?: number; dataDir?: string } = {},
): Promise<DatasetSplit> {
  if (!isDatasetName(name)) throw new Error(`--dataset: unknown data set "${name}"`);
  // In a queue worker's job process, where its --data-dir says (workerDataSets.ts).
  const dataDir = dataFolderFor(name, sizes.dataDir);
  const data = await loadDataset(name, { seed: 0, ...(dataDir !== undefined ? { dataDir } : {}) });
  const rng = createRng(2014);
  return {
    ...data,
    train: sizes.train === undefined ? data.train : randomSubset(data.train, sizes.train, rng),
    test: sizes.test === undefined ? data.test : randomSubset(data.test, sizes.test, rng),
  };
}

/** 0, 1, ..., count - 1: every image labelled. */
export function allIndices(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i);
}
