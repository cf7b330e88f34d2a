/**
 * Load the embedded MNIST digits, through a compact binary cache that is
 * verified on every read and rebuilt from the JSON when anything is wrong.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { FileReadError, readBoundedBytes } from '../io/boundedRead.ts';
import { fileCap } from '../io/fileCaps.ts';
import { log } from '../log.ts';
import { defaultCacheDir } from './cacheDir.ts';
import { CacheFormatError, decodeMnistCache, encodeMnistCache } from './mnistCache.ts';
import {
  MNIST_CLASS_NAMES,
  MNIST_SIDE,
  mnistDigitsDir,
  mnistFingerprint,
  mnistSplit,
  readMnistJson,
} from './mnistJson.ts';
import type { DatasetSplit } from './types.ts';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Folder for the cache file; default defaultCacheDir(). */
  cacheDir?: string;
  /** Folder of the digit JSON files 0.json..9.json; default the `mnist` package's. */
  digitsDir?: string;
}

export const MNIST_CACHE_FILE_NAME = 'mnist-embedded.bin';

/** Where loadMnist keeps its cache in the given folder. */
export function mnistCacheFile(cacheDir: string = defaultCacheDir()): string {
  return join(cacheDir, MNIST_CACHE_FILE_NAME);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The cached split, or undefined to rebuild it: the file is read only if it is a regular file
 * under the cache cap (src/io/fileCaps.ts), so a named pipe or a link to /dev/zero in its place
 * is passed over with a warning rather than read forever.
 */
async function readCache(
  file: string,
  fingerprint: number,
  source: string,
): Promise<DatasetSplit | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedBytes(file, fileCap('mnist'));
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.reason !== 'missing') {
      log.warn(`neocortex-sim: cannot read MNIST cache ${file} (${error.problem}); rebuilding`);
    }
    return undefined;
  }
  try {
    const contents = decodeMnistCache(bytes, fingerprint);
    if (contents.height !== MNIST_SIDE || contents.width !== MNIST_SIDE) {
      throw new CacheFormatError(`images are ${contents.height}x${contents.width}, not 28x28`);
    }
    for (const labels of [contents.train.labels, contents.test.labels]) {
      if (labels.some((label) => label >= MNIST_CLASS_NAMES.length)) {
        throw new CacheFormatError('holds a label above 9');
      }
    }
    return mnistSplit(contents.train, contents.test, source);
  } catch (error) {
    if (!(error instanceof CacheFormatError)) throw error;
    log.warn(`neocortex-sim: ignoring MNIST cache ${file}: ${error.problem}; rebuilding it`);
    return undefined;
  }
}

/**
 * Write the cache atomically (io/atomicWrite.ts: its folder made by createFolder, which ends
 * with an error where a recursive mkdir would spin, as under /proc/1); a failure is a warning.
 */
async function writeCache(file: string, split: DatasetSplit, fingerprint: number) {
  try {
    const bytes = encodeMnistCache({
      fingerprint,
      height: MNIST_SIDE,
      width: MNIST_SIDE,
      train: split.train,
      test: split.test,
    });
    await writeFileAtomic(file, bytes);
  } catch (error) {
    log.warn(`neocortex-sim: could not write MNIST cache ${file}: ${message(error)}`);
  }
}

/**
 * The embedded 10,000 MNIST digits split 7,996 train / 2,004 test (see
 * mnistJson.ts). The first call parses the JSON and writes the cache; later
 * calls read the cache, bit-identical to a fresh parse.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<DatasetSplit> {
  const digitsDir = options.digitsDir ?? mnistDigitsDir();
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const file = mnistCacheFile(cacheDir);
  const fingerprint = await mnistFingerprint(digitsDir);
  const cached = await readCache(file, fingerprint, digitsDir);
  if (cached) return cached;
  const split = await readMnistJson(digitsDir);
  await writeCache(file, split, fingerprint);
  return split;
}
