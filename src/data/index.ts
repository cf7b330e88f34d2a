export { DataError } from './types.ts';
export type { DatasetSplit, ImageSet } from './types.ts';
export { defaultCacheDir } from './cacheDir.ts';
export { loadMnist, mnistCacheFile } from './mnist.ts';
export type { LoadMnistOptions } from './mnist.ts';
export { MNIST_CLASS_NAMES, mnistDigitsDir, readMnistJson } from './mnistJson.ts';
export { readIdxImages, readIdxLabels } from './idx.ts';
export type { IdxImages } from './idx.ts';
export { findIdxFiles } from './idxFiles.ts';
export type { IdxFiles } from './idxFiles.ts';
export { loadIdxDataset } from './idxDataset.ts';
export type { LoadIdxOptions } from './idxDataset.ts';
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_DIRS,
  findFashionMnist,
  loadFashionMnist,
} from './fashionMnist.ts';
export { renderLetter } from './letterRender.ts';
export type { LetterStyle } from './letterRender.ts';
export {
  LETTER_CLASS_NAMES,
  LETTER_FACTOR_RANGES,
  generateLetters,
  loadLetters,
} from './letters.ts';
export type {
  ContinuousFactor,
  GenerateLettersOptions,
  LetterFactors,
  LoadLettersOptions,
} from './letters.ts';
export {
  balancedSubset,
  binarize,
  gatherImages,
  gatherLabels,
  shuffledBatches,
} from './batches.ts';
export { DATASET_NAMES, isDatasetName, loadDataset } from './loadDataset.ts';
export type { DatasetName, LoadDatasetOptions } from './loadDataset.ts';
