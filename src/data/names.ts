/**
 * The names of the data sets that load by name, in a module that loads no data
 * code, so the command line can list them in its help without importing readers.
 */

/** The data sets that can be loaded by name. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'letters'] as const;
/** One of {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** True when `name` is one of {@link DATASET_NAMES}. */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/**
 * The shape of each data set loaded by name (images `height` x `width`, `classes` labels),
 * known without loading it: a spec's size can be checked against it before any data is read.
 */
export const DATASET_SHAPES: Readonly<
  Record<DatasetName, { height: number; width: number; classes: number }>
> = {
  mnist: { height: 28, width: 28, classes: 10 },
  'fashion-mnist': { height: 28, width: 28, classes: 10 },
  letters: { height: 28, width: 28, classes: 5 },
};
