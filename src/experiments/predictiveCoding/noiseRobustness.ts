/**
 * Robustness to input noise of a latent classifier on a pcvae (Kingma et
 * al. 2014's M1, routes/latentClassifier.ts): the classifier is trained on the
 * encoder's z1 means of the clean training images, then tested on noisy test
 * images with z1 taken from the encoder alone, and from the encoder's guess
 * after T settling iterations on the free energy.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../../data/index.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import { allIndices } from '../data.ts';
import { latentClassifierAccuracy, latentMeans } from '../routes/latentClassifier.ts';
import { addInputNoise, type NoiseKind } from './inputNoise.ts';

/** The settled z1 of every image: a recognition sweep, then `iterations` settling iterations. */
export function settledMeans(
  model: PcVae,
  set: ImageSet,
  settle: { iterations: number; stepSize: number },
  batchSize = 500,
): ImageSet {
  const pixels = set.height * set.width;
  const name = model.latentAreas[0]!;
  const size = model.spec.latentSizes[0]!;
  const means = new Float32Array(set.count * size);
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const x = tf.tensor2d(set.images.subarray(start * pixels, (start + n) * pixels), [n, pixels]);
    try {
      model.hierarchy.settle(x, settle);
      means.set(model.hierarchy.readState(name), start * size);
    } finally {
      x.dispose();
    }
  }
  return { ...set, name: `${set.name} settled z1`, images: means, height: 1, width: size };
}

/** Accuracy at each noise level, z1 from the encoder and after settling. */
export interface NoiseRobustnessCell {
  levels: number[];
  encoder: number[];
  settled: number[];
}

/**
 * Train the latent classifier on the clean training images' encoder means and score it on the
 * test images at each noise level (noise seeded by `seed` and the level's position).
 */
export async function measureNoiseRobustness(
  model: PcVae,
  train: ImageSet,
  test: ImageSet,
  options: {
    kind: NoiseKind;
    levels: readonly number[];
    iterations: number;
    stepSize: number;
    classifierSteps: number;
    seed: number;
  },
): Promise<NoiseRobustnessCell> {
  const settle = { iterations: options.iterations, stepSize: options.stepSize };
  const noisy = options.levels.map((level, i) => ({
    ...test,
    images: addInputNoise(test.images, options.kind, level, options.seed * 1009 + i),
  }));
  const tests = noisy.flatMap((set) => [latentMeans(model, set), settledMeans(model, set, settle)]);
  const reports = await latentClassifierAccuracy(
    latentMeans(model, train),
    allIndices(train.count),
    tests,
    { steps: options.classifierSteps, seed: options.seed },
  );
  return {
    levels: [...options.levels],
    encoder: options.levels.map((_, i) => reports[2 * i]!.accuracy),
    settled: options.levels.map((_, i) => reports[2 * i + 1]!.accuracy),
  };
}
