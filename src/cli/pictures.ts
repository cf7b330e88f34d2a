/**
 * Pictures a generative run leaves in its folder: samples from the prior (generation alone)
 * and test inputs above their reconstructions (recognition, or settling, then generation).
 * Each kind says how it makes them (its `pictures`); this writes them as PNG grids.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/index.ts';
import { writeImageGrid } from '../io/imageGrid.ts';
import { binarizeTestSet } from '../models/evaluate.ts';
import type { KindPictures } from '../models/kind.ts';

const COLUMNS = 10;

/** Write samples.png and reconstructions.png of a kind's model; returns the paths written. */
export async function writePictures<M>(
  pictures: KindPictures<M>,
  model: M,
  test: ImageSet,
  outDir: string,
): Promise<string[]> {
  const testPixels = binarizeTestSet(test.images);
  const { height, width } = test;
  const size = height * width;
  const grid = { height, width, columns: COLUMNS, scale: 2 };
  const samplesPath = join(outDir, 'samples.png');
  await writeImageGrid(samplesPath, pictures.samples(model, 50, 7), grid);
  // One test image of each class in turn (or the first ones), with its reconstruction below.
  const picks: number[] = [];
  for (let c = 0; picks.length < COLUMNS && c < test.classNames.length; c++) {
    const i = test.labels.indexOf(c);
    if (i >= 0) picks.push(i);
  }
  for (let i = 0; picks.length < COLUMNS && i < test.count; i++)
    if (!picks.includes(i)) picks.push(i);
  const inputs = new Float32Array(picks.length * size);
  picks.forEach((index, k) =>
    inputs.set(testPixels.subarray(index * size, (index + 1) * size), k * size),
  );
  const x = tf.tensor2d(inputs, [picks.length, size]);
  let rebuilt: Float32Array;
  try {
    rebuilt = pictures.reconstructions(model, x);
  } finally {
    x.dispose();
  }
  const both = new Float32Array(inputs.length * 2);
  both.set(inputs, 0);
  both.set(rebuilt, inputs.length);
  const reconstructionsPath = join(outDir, 'reconstructions.png');
  await writeImageGrid(reconstructionsPath, both, { ...grid, columns: picks.length });
  return [samplesPath, reconstructionsPath];
}
