/** Load a data set by name, as the command line names them. */
import { FASHION_MNIST_CLASS_NAMES, loadFashionMnist } from './fashionMnist.ts';
import { loadIdxDataset } from './idxDataset.ts';
import { loadLetters } from './letters.ts';
import { loadMnist } from './mnist.ts';
import { MNIST_CLASS_NAMES } from './mnistJson.ts';
import { DATASET_NAMES, isDatasetName, type DatasetName } from './names.ts';
import type { DatasetSplit } from './types.ts';
import { NeocortexError } from '../errors.ts';

export { DATASET_NAMES, isDatasetName, type DatasetName };

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /**
   * A folder of IDX files to load instead of the built-in source: full MNIST,
   * Fashion-MNIST, EMNIST or any MNIST-format set.
   */
  dataDir?: string;
  /** Seed of the synthetic letters; default 0. */
  seed?: number;
  /** Cache folder for the embedded MNIST. */
  cacheDir?: string;
}

/**
 * 'mnist': the embedded 10,000 digits (or the IDX files in dataDir);
 * 'fashion-mnist': the Debian package's files (or dataDir);
 * 'letters': synthetic letters A-E from the seed.
 */
export async function loadDataset(
  name: DatasetName,
  options: LoadDatasetOptions = {},
): Promise<DatasetSplit> {
  const { dataDir } = options;
  switch (name) {
    case 'mnist':
      return dataDir === undefined
        ? loadMnist({ cacheDir: options.cacheDir })
        : loadIdxDataset(dataDir, { name, classNames: MNIST_CLASS_NAMES });
    case 'fashion-mnist':
      return dataDir === undefined
        ? loadFashionMnist()
        : loadIdxDataset(dataDir, { name, classNames: FASHION_MNIST_CLASS_NAMES });
    case 'letters':
      if (dataDir !== undefined) {
        throw new NeocortexError(
          'OPTION_INVALID',
          'the letters data set is synthetic; it takes a seed, not a data folder',
        );
      }
      return loadLetters({ seed: options.seed });
    default:
      throw new NeocortexError(
        'UNKNOWN_NAME',
        `unknown data set ${JSON.stringify(name)}; valid names: ${DATASET_NAMES.join(', ')}`,
      );
  }
}
