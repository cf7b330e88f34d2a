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
