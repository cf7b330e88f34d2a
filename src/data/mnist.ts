/**
 * Load the embedded MNIST digits, through a compact binary cache that is
 * verified on every read and rebuilt from the JSON when anything is wrong.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

async function readCache(
  file: string,
  fingerprint: number,
  source: string,
): Promise<DatasetSplit | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn(`neocortex-sim: cannot read MNIST cache ${file} (${message(error)}); rebuilding`);
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

/** Write to a temporary file in the same folder, then rename over the target. */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function writeCache(
  file: string,
  cacheDir: string,
  split: DatasetSplit,
  fingerprint: number,
) {
  try {
    const bytes = encodeMnistCache({
      fingerprint,
      height: MNIST_SIDE,
      width: MNIST_SIDE,
      train: split.train,
      test: split.test,
    });
    await mkdir(cacheDir, { recursive: true });
    await writeAtomically(file, bytes);
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
  await writeCache(file, cacheDir, split, fingerprint);
  return split;
}
