/**
 * Load an MNIST-style IDX data set (train and test images and labels) from a
 * folder, checking that the four files fit together.
 */
import { basename, resolve } from 'node:path';
import { readIdxImages, readIdxLabels } from './idx.ts';
import type { IdxImages } from './idx.ts';
import { findIdxFiles } from './idxFiles.ts';
import { DataError } from './types.ts';
import type { DatasetSplit, ImageSet } from './types.ts';

export interface LoadIdxOptions {
  /** Data set name; default the prefix of the files or the folder's name. */
  name?: string;
  /** Required [height, width] of the images, e.g. [28, 28]. */
  expectSize?: [number, number];
  /** Class names; labels must be below their count. Default '0', '1', ... up to the largest label. */
  classNames?: string[];
  /** Choose among several prefixed sets in one folder, e.g. 'emnist-letters'. */
  prefix?: string;
}

const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, i) => i / 255);

/** Bytes 0..255 to intensities in [0, 1]. */
export function bytesToUnit(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = BYTE_TO_UNIT[pixels[i] ?? 0] ?? 0;
  return out;
}

function checkCounts(
  imagesFile: string,
  images: IdxImages,
  labelsFile: string,
  labels: Uint8Array,
) {
  if (images.count !== labels.length) {
    throw new DataError(
      labelsFile,
      `label/image count mismatch: ${labels.length} labels, but ${basename(imagesFile)} ` +
        `holds ${images.count} images`,
    );
  }
}

/** Fewest images a train or test file may hold: training or testing on nothing is an error. */
export const MIN_IDX_IMAGES = 1;

function checkNotEmpty(file: string, images: IdxImages, part: 'train' | 'test') {
  if (images.count < MIN_IDX_IMAGES || images.height === 0 || images.width === 0) {
    throw new DataError(
      file,
      `too small: ${images.count} images of ${images.height}x${images.width} pixels; the ` +
        `${part} part needs at least ${MIN_IDX_IMAGES} image of at least 1x1 pixels`,
    );
  }
}

function checkLabels(file: string, labels: Uint8Array, classNames: string[]) {
  labels.forEach((label, i) => {
    if (label >= classNames.length) {
      throw new DataError(
        file,
        `label ${label} at index ${i} is out of range: only ${classNames.length} class names ` +
          `(labels 0..${classNames.length - 1})`,
      );
    }
  });
}

function maxLabel(...parts: Uint8Array[]): number {
  let max = 0;
  for (const labels of parts) for (const label of labels) if (label > max) max = label;
  return max;
}

export async function loadIdxDataset(
  dir: string,
  options: LoadIdxOptions = {},
): Promise<DatasetSplit> {
  const files = findIdxFiles(dir, options.prefix);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    readIdxImages(files.trainImages),
    readIdxLabels(files.trainLabels),
    readIdxImages(files.testImages),
    readIdxLabels(files.testLabels),
  ]);
  checkNotEmpty(files.trainImages, trainImages, 'train');
  checkNotEmpty(files.testImages, testImages, 'test');
  checkCounts(files.trainImages, trainImages, files.trainLabels, trainLabels);
  checkCounts(files.testImages, testImages, files.testLabels, testLabels);

  const [height, width] = options.expectSize ?? [trainImages.height, trainImages.width];
  for (const [file, images] of [
    [files.trainImages, trainImages],
    [files.testImages, testImages],
  ] as const) {
    if (images.height !== height || images.width !== width) {
      const expected = options.expectSize ? 'expected' : 'but the train images are';
      throw new DataError(
        file,
        `wrong image size: images are ${images.height}x${images.width}, ${expected} ${height}x${width}`,
      );
    }
  }

  const classNames =
    options.classNames ??
    Array.from({ length: maxLabel(trainLabels, testLabels) + 1 }, (_, i) => String(i));
  checkLabels(files.trainLabels, trainLabels, classNames);
  checkLabels(files.testLabels, testLabels, classNames);

  const name = options.name ?? (files.prefix !== '' ? files.prefix : basename(resolve(dir)));
  const toSet = (images: IdxImages, labels: Uint8Array): ImageSet => ({
    name,
    images: bytesToUnit(images.pixels),
    labels,
    count: images.count,
    height,
    width,
    classNames: [...classNames],
  });
  return {
    name,
    train: toSet(trainImages, trainLabels),
    test: toSet(testImages, testLabels),
    source: resolve(dir),
  };
}
