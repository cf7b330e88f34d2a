/**
 * Shared shapes of the data layer: a set of grey-level images with class
 * labels, and a train/test pair of such sets.
 */
import { NeocortexError } from '../errors.ts';

/** Images with one class label each. */
export interface ImageSet {
  /** Data set name, e.g. 'mnist', 'fashion-mnist', 'letters', or an IDX folder's name. */
  name: string;
  /** count * height * width intensities, row-major, each in [0, 1]. */
  images: Float32Array;
  /** One class index per image, each below classNames.length. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  classNames: string[];
}

/** A data set's train and test parts. */
export interface DatasetSplit {
  name: string;
  train: ImageSet;
  test: ImageSet;
  /** Where the data came from, e.g. a folder or 'synthetic letters (seed 0)'. */
  source: string;
}

/** A data file that is missing or not what it should be. */
export class DataError extends NeocortexError {
  constructor(
    public readonly file: string,
    public readonly problem: string,
  ) {
    super('DATA_INVALID', `${file}: ${problem}`);
  }
}
