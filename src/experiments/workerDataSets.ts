/**
 * Where a queue worker's job process reads the data sets its jobs name. Outside a worker
 * nothing changes: a data set is read from its built-in source or from the spec's `dataDir`.
 * In a worker (`neocortex worker`, whose job processes call {@link readDataSetsAsWorker}):
 * the embedded ones (MNIST's 10,000 digits, the synthetic letters) as everywhere; Fashion-MNIST
 * from `DIR/fashion-mnist` when the worker was given `--data-dir DIR` (else from Debian's
 * package folder); a spec's own `dataDir` from `DIR/<its last folder name>` when given (else
 * where the spec says). A data set the worker cannot find fails the job with an error naming
 * the data set, where it looked and the flag, before anything is computed.
 */
import { basename, join } from 'node:path';
import { FASHION_MNIST_DIRS, findFashionMnist } from '../data/fashionMnist.ts';
import { tryFindIdxFiles } from '../data/idxFiles.ts';
import { DataError } from '../data/types.ts';

/** The flag of `neocortex worker` that names its data folder. */
export const WORKER_DATA_FLAG = '--data-dir';

/** Set in a worker's job process: its `--data-dir`, if it was given one. */
let worker: { dataDir: string | undefined } | undefined;

/**
 * Make this process read data sets as a queue worker does (see the file's comment), from
 * `dataDir` (the worker's `--data-dir`) when given.
 */
export function readDataSetsAsWorker(dataDir: string | undefined): void {
  worker = { dataDir };
}

/** The error of a data set this worker cannot find. */
function notFound(name: string, folder: string, hint: string): DataError {
  return new DataError(
    folder,
    `this worker (neocortex worker) cannot find the data set ${name} its job names: no IDX ` +
      `files here; ${hint}`,
  );
}

/**
 * The IDX folder this process reads data set `name` from, `dataDir` being the spec's own
 * folder if it names one; undefined: the data set's built-in source. Outside a worker, `dataDir`
 * itself. In a worker, see the file's comment; throws a `DATA_INVALID` {@link DataError} for a
 * data set it cannot find.
 */
export function dataFolderFor(name: string, dataDir: string | undefined): string | undefined {
  if (worker === undefined) return dataDir;
  const root = worker.dataDir;
  if (dataDir !== undefined) {
    const own = basename(dataDir);
    const folder = root === undefined ? dataDir : join(root, own);
    if (tryFindIdxFiles(folder) === undefined) {
      throw notFound(
        `${name} (the spec's dataDir ${dataDir})`,
        folder,
        root === undefined
          ? `copy them to ${dataDir} on this machine, or start the worker with ` +
              `${WORKER_DATA_FLAG} DIR and put them in DIR/${own}`
          : `put them in ${folder} (this worker's ${WORKER_DATA_FLAG} ${root}, then the ` +
              `folder's name ${own})`,
      );
    }
    return folder;
  }
  if (name !== 'fashion-mnist') return undefined;
  if (root === undefined) {
    if (findFashionMnist() === undefined) {
      throw notFound(
        name,
        FASHION_MNIST_DIRS.join(', '),
        `install Debian's dataset-fashion-mnist, or start the worker with ${WORKER_DATA_FLAG} ` +
          'DIR and put its four IDX files in DIR/fashion-mnist',
      );
    }
    return undefined;
  }
  const folder = join(root, name);
  if (tryFindIdxFiles(folder) === undefined) {
    throw notFound(
      name,
      folder,
      `put its four IDX files in ${folder} (this worker's ${WORKER_DATA_FLAG} ${root}, then ` +
        `the data set's name)`,
    );
  }
  return folder;
}
