/**
 * Fashion-MNIST (Zalando; 60,000 train + 10,000 test 28x28 images of 10
 * clothing classes), found where Debian's `dataset-fashion-mnist` package
 * installs it, or in a folder the user names.
 */
import { tryFindIdxFiles } from './idxFiles.ts';
import { loadIdxDataset } from './idxDataset.ts';
import { DataError } from './types.ts';
import type { DatasetSplit } from './types.ts';

/**
 * Folders searched for Fashion-MNIST's IDX files (Debian's `dataset-fashion-mnist` package
 * installs them in the first).
 */
export const FASHION_MNIST_DIRS = ['/usr/share/datasets/fashion-mnist'];

/** Fashion-MNIST's ten class names, by label. */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The first folder holding the four IDX files, or undefined. */
export function findFashionMnist(searchDirs: string[] = FASHION_MNIST_DIRS): string | undefined {
  return searchDirs.find((dir) => tryFindIdxFiles(dir) !== undefined);
}

/** Load Fashion-MNIST from the first of searchDirs that holds it. */
export async function loadFashionMnist(
  options: { searchDirs?: string[] } = {},
): Promise<DatasetSplit> {
  const searchDirs = options.searchDirs ?? FASHION_MNIST_DIRS;
  const dir = findFashionMnist(searchDirs);
  if (dir === undefined) {
    throw new DataError(
      searchDirs.join(', '),
      'Fashion-MNIST not found. Install it with `apt-get install dataset-fashion-mnist` ' +
        '(Debian/Ubuntu), or pass --data-dir with a folder holding train-images-idx3-ubyte.gz, ' +
        'train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz',
    );
  }
  return loadIdxDataset(dir, {
    name: 'fashion-mnist',
    expectSize: [28, 28],
    classNames: FASHION_MNIST_CLASS_NAMES,
  });
}
