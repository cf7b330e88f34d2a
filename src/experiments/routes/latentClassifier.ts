/**
 * M1 of Kingma et al. 2014: a small classifier on the latent means of a VAE
 * trained on every image without labels. The VAE's recognition sweep turns
 * each image into its z1 posterior mean; the labelled images' means train an
 * MLP (latent-128-classes) for a fixed number of steps.
 */
import * as tf from '@tensorflow/tfjs';
import { disposePosterior } from '../../cortex/index.ts';
import type { ImageSet } from '../../data/index.ts';
import {
  buildClassifier,
  evaluateClassifier,
  trainClassifier,
  type ClassificationReport,
} from '../../models/classifier/index.ts';
import type { PcVae } from '../../models/pcvae/index.ts';
import { epochsForSteps } from './feedforward.ts';

/** The z1 posterior mean of every image, as a set of 1 × latent "images" with the same labels. */
export function latentMeans(model: PcVae, set: ImageSet, batchSize = 500): ImageSet {
  const pixels = set.height * set.width;
  const size = model.spec.latentSizes[0]!;
  const means = new Float32Array(set.count * size);
  for (let start = 0; start < set.count; start += batchSize) {
    const n = Math.min(batchSize, set.count - start);
    const x = tf.tensor2d(set.images.subarray(start * pixels, (start + n) * pixels), [n, pixels]);
    const posterior = model.recognizePosterior(x);
    means.set(posterior.get(model.latentAreas[0]!)!.mean.dataSync(), start * size);
    x.dispose();
    disposePosterior(posterior);
  }
  return { ...set, name: `${set.name} z1 means`, images: means, height: 1, width: size };
}

/**
 * Train an MLP (one hidden layer, default 128 units) on the `labelled` items of
 * `train` for at least `options.steps` steps, score it on each test set and
 * dispose it. In M1, `train` and `tests` are latent-mean sets from {@link latentMeans}.
 */
export async function latentClassifierAccuracy(
  train: ImageSet,
  labelled: Int32Array,
  tests: ImageSet[],
  options: { steps: number; seed: number; hidden?: number; batchSize?: number },
): Promise<ClassificationReport[]> {
  const batchSize = options.batchSize ?? 128;
  const model = buildClassifier({
    kind: 'mlp',
    inputSize: train.width * train.height,
    hiddenSizes: [options.hidden ?? 128],
    classes: train.classNames.length,
    seed: options.seed,
  });
  try {
    await trainClassifier(model, train, {
      epochs: epochsForSteps(labelled.length, batchSize, options.steps),
      seed: options.seed,
      batchSize,
      labelled,
    });
    return tests.map((test) => evaluateClassifier(model, test));
  } finally {
    model.dispose();
  }
}
