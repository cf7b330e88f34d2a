/**
 * Pictures a generative run leaves in its folder: samples from the prior
 * (generation alone) and test inputs above their reconstructions (recognition
 * then generation). For the predictive-coding VAE they come from the cortex's
 * own sweeps.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/index.ts';
import { writeImageGrid } from '../io/imageGrid.ts';
import type { GenerativeModel } from '../models/generative.ts';
import { PcGen } from '../models/pcgen/index.ts';
import { PcVae } from '../models/pcvae/index.ts';
import { Vae } from '../models/vae.ts';

const COLUMNS = 10;

/** The models whose runs leave pictures: the generative models and the pcgen. */
export type PicturedModel = GenerativeModel | PcGen;

function samplesFromPrior(model: PicturedModel, count: number, seed: number): Float32Array {
  if (model instanceof PcGen) {
    // Ancestral: the root from N(0, I), each area below from N(its prediction, 1/precision).
    const samples = model.sample(count, seed);
    const values = samples.dataSync().slice() as Float32Array;
    samples.dispose();
    return values;
  }
  if (model instanceof PcVae) {
    return model.hierarchy
      .generate(undefined, { seed, batch: count })
      .dataSync()
      .slice() as Float32Array;
  }
  if (model instanceof Vae) {
    return tf.tidy(() => {
      const z = tf.randomNormal<tf.Rank.R2>([count, model.spec.latentSize], 0, 1, 'float32', seed);
      return tf.sigmoid(model.generate(z)).dataSync() as Float32Array;
    });
  }
  throw new Error(`no prior samples for a ${model.kind} model`);
}

function reconstructions(model: PicturedModel, x: tf.Tensor2D): Float32Array {
  if (model instanceof PcGen) {
    // No encoder: settle from rest on the image, then read the sensory prediction.
    const rebuilt = model.reconstruct(x);
    const values = rebuilt.dataSync().slice() as Float32Array;
    rebuilt.dispose();
    return values;
  }
  if (model instanceof PcVae) {
    // Recognition up (posterior means), then generation down from the top mean.
    const top = model.hierarchy.recognize(x).clone();
    const out = model.hierarchy.generate(top).dataSync().slice() as Float32Array;
    top.dispose();
    return out;
  }
  if (model instanceof Vae) {
    return tf.tidy(
      () => tf.sigmoid(model.generate(model.recognize(x).mean)).dataSync() as Float32Array,
    );
  }
  throw new Error(`no reconstructions for a ${model.kind} model`);
}

/** Write samples.png and reconstructions.png; returns the paths written. */
export async function writePictures(
  model: PicturedModel,
  testPixels: Float32Array,
  test: ImageSet,
  outDir: string,
): Promise<string[]> {
  const { height, width } = test;
  const size = height * width;
  const grid = { height, width, columns: COLUMNS, scale: 2 };
  const samplesPath = join(outDir, 'samples.png');
  await writeImageGrid(samplesPath, samplesFromPrior(model, 50, 7), grid);
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
  const rebuilt = reconstructions(model, x);
  x.dispose();
  const both = new Float32Array(inputs.length * 2);
  both.set(inputs, 0);
  both.set(rebuilt, inputs.length);
  const reconstructionsPath = join(outDir, 'reconstructions.png');
  await writeImageGrid(reconstructionsPath, both, { ...grid, columns: picks.length });
  return [samplesPath, reconstructionsPath];
}
