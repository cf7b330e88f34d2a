/**
 * The figure-ground route: a generative model of the object in front of a
 * background (models/figureGround), read out two ways.
 *   synthesis - analysis by synthesis on the object: a class-conditional object
 *               model (the background model reads no class) trained with every
 *               label; an image goes to the class whose object model gives the
 *               lowest −ELBO, averaged over a few posterior samples, as
 *               analysisBySynthesis.ts scores its per-class models.
 *   latent    - as M1 (latentClassifier.ts): an unconditional figure-ground
 *               model trained without labels; an MLP on its object latent's means.
 * Each model's mask is measured too: how much of the object's pixels and of the
 * texture's pixels the object claims.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../../data/index.ts';
import {
  confusionMatrix,
  reportFromConfusion,
  type ClassificationReport,
} from '../../models/classifier/index.ts';
import type { BatchProgress } from '../../models/epochLoop.ts';
import { FigureGround, trainFigureGround } from '../../models/figureGround/index.ts';
import { allIndices } from '../data.ts';
import { latentClassifierAccuracy } from './latentClassifier.ts';

/** The figure-ground route's models: sizes, training, read-out and seed. */
export interface FigureGroundRouteOptions {
  /** The object area z_o: latent size and hidden width of its maps. */
  object: { latent: number; hidden: number };
  /** The background area z_b: latent size and hidden width of its maps. */
  background: { latent: number; hidden: number };
  /** Largest probability of a background pixel being on (the model spec's; default 1). */
  backgroundCeiling?: number;
  /** Training epochs of each of the two models over every image. */
  epochs: number;
  /** Steps of the MLP on the object latent's means. */
  latentSteps: number;
  /** Seed of the conditional model (the unconditional one uses seed + 1). */
  seed: number;
  /** Texture brightness of the composited images: pixels above it are object. */
  intensity: number;
  /** Posterior samples averaged per analysis-by-synthesis score (default 4). */
  samples?: number;
  /** Called as each stage starts (progress). */
  onStage?: (stage: 'synthesis' | 'latent') => void;
  /** Called after each training batch (progress). */
  onBatch?: (p: BatchProgress) => void;
}

/** How much of each kind of pixel the object's mask claims (means of m, 0..1). */
export interface MaskShare {
  /** Mean mask on pixels brighter than the texture: the object's own. */
  onObject: number;
  /** Mean mask on pixels that only the texture lights. */
  onTexture: number;
}

/** The route's two read-outs on each test set, and each model's mask. */
export interface FigureGroundRouteResult {
  synthesis: ClassificationReport[];
  latent: ClassificationReport[];
  /** The class-conditional model's mask (given the true class) on the last test set. */
  synthesisMask: MaskShare;
  /** The unconditional model's mask on the last test set. */
  latentMask: MaskShare;
}

const CHUNK = 250;

/** Rows start..start+n of `set` as a tensor (the caller disposes it). */
function rows(set: ImageSet, pixels: Float32Array, start: number, n: number): tf.Tensor2D {
  const size = set.height * set.width;
  return tf.tensor2d(pixels.subarray(start * size, (start + n) * size), [n, size]);
}

/** The class with the lowest −ELBO under the conditional model, per image. */
function classifyBySynthesis(model: FigureGround, test: ImageSet, samples: number): Int32Array {
  const predicted = new Int32Array(test.count);
  for (let start = 0; start < test.count; start += CHUNK) {
    const n = Math.min(CHUNK, test.count - start);
    const best = tf.tidy(() =>
      tf.argMin(model.negElboPerClass(rows(test, test.images, start, n), 97, samples), 1),
    );
    predicted.set(best.dataSync(), start);
    best.dispose();
  }
  return predicted;
}

/** The object latent's posterior means of every image, as a set of 1 × latent "images". */
export function objectMeans(model: FigureGround, set: ImageSet): ImageSet {
  const size = model.spec.object.latent;
  const means = new Float32Array(set.count * size);
  for (let start = 0; start < set.count; start += CHUNK) {
    const n = Math.min(CHUNK, set.count - start);
    const values = tf.tidy(() => model.recognize(rows(set, set.images, start, n)).object.mean);
    means.set(values.dataSync(), start * size);
    values.dispose();
  }
  return { ...set, name: `${set.name} z_o means`, images: means, height: 1, width: size };
}

/**
 * The mean mask on the object's pixels and on the texture's, from the grey
 * images of `set` (object pixels are brighter than `intensity`; texture-only
 * pixels equal it). A conditional model is given the true labels.
 */
export function maskShare(model: FigureGround, set: ImageSet, intensity: number): MaskShare {
  let object = 0;
  let objectCount = 0;
  let texture = 0;
  let textureCount = 0;
  const size = set.height * set.width;
  for (let start = 0; start < set.count; start += CHUNK) {
    const n = Math.min(CHUNK, set.count - start);
    const mask = tf.tidy(() => {
      const labels =
        model.spec.classes > 0
          ? tf.tensor1d(Int32Array.from(set.labels.subarray(start, start + n)), 'int32')
          : undefined;
      return model.mask(rows(set, set.images, start, n), labels);
    });
    const m = mask.dataSync();
    mask.dispose();
    for (let p = 0; p < n * size; p++) {
      const v = set.images[start * size + p]!;
      if (v > intensity + 1e-3) {
        object += m[p]!;
        objectCount++;
      } else if (Math.abs(v - intensity) <= 1e-3) {
        texture += m[p]!;
        textureCount++;
      }
    }
  }
  return {
    onObject: objectCount > 0 ? object / objectCount : Number.NaN,
    onTexture: textureCount > 0 ? texture / textureCount : Number.NaN,
  };
}

/**
 * Train both figure-ground models on `train` and classify each test set two
 * ways: by synthesis on the object (scored on `binaryTests`, the binarised
 * copies of `tests`) and by an MLP on the object latent's means (grey `tests`).
 */
export async function figureGroundAccuracy(
  train: ImageSet,
  tests: ImageSet[],
  binaryTests: ImageSet[],
  options: FigureGroundRouteOptions,
): Promise<FigureGroundRouteResult> {
  const classes = train.classNames.length;
  const spec = {
    inputSize: train.height * train.width,
    object: options.object,
    background: options.background,
    ...(options.backgroundCeiling !== undefined
      ? { backgroundCeiling: options.backgroundCeiling }
      : {}),
  };
  const shown = tests.at(-1)!;
  const training = (seed: number) => ({
    epochs: options.epochs,
    seed,
    batchSize: 64,
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
  });

  options.onStage?.('synthesis');
  const conditional = new FigureGround({ ...spec, classes }, options.seed);
  let synthesis: ClassificationReport[];
  let synthesisMask: MaskShare;
  try {
    await trainFigureGround(conditional, train, training(options.seed));
    synthesis = binaryTests.map((test) =>
      reportFromConfusion(
        confusionMatrix(
          test.labels,
          classifyBySynthesis(conditional, test, options.samples ?? 4),
          classes,
        ),
      ),
    );
    synthesisMask = maskShare(conditional, shown, options.intensity);
  } finally {
    conditional.dispose();
  }

  options.onStage?.('latent');
  const plain = new FigureGround(spec, options.seed + 1);
  try {
    await trainFigureGround(plain, train, training(options.seed + 1));
    const latent = await latentClassifierAccuracy(
      objectMeans(plain, train),
      allIndices(train.count),
      tests.map((test) => objectMeans(plain, test)),
      { steps: options.latentSteps, seed: options.seed },
    );
    return {
      synthesis,
      latent,
      synthesisMask,
      latentMask: maskShare(plain, shown, options.intensity),
    };
  } finally {
    plain.dispose();
  }
}
