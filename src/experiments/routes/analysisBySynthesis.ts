/**
 * Classification by synthesis (in the spirit of Schott et al. 2019): one small
 * generative model per class, trained on that class's images only; an input
 * belongs to the class whose model explains it best, the lowest -ELBO (a bound
 * on -log p(x | class)), averaged over a few posterior samples.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../../data/index.ts';
import {
  confusionMatrix,
  reportFromConfusion,
  type ClassificationReport,
} from '../../models/classifier/index.ts';
import { PcVae } from '../../models/pcvae/index.ts';
import { trainGenerative } from '../../models/trainGenerative.ts';
import { subsetAt } from './subset.ts';

/** The per-class generative models: their sizes, training length and seed. */
export interface AnalysisBySynthesisOptions {
  /** Size of each model's latent area. */
  latent: number;
  /** Size of each model's hidden layer. */
  hidden: number;
  /** Training epochs of each model over its class's images. */
  epochs: number;
  /** Seed of the first class's model (class c uses seed + 101 · c). */
  seed: number;
  /** Posterior samples averaged per score. */
  samples?: number;
  /** Called as each class's model starts training (progress). */
  onClass?: (label: number) => void;
}

/** -ELBO of every image under one model, [count], averaged over `samples` noise draws. */
function scores(model: PcVae, pixels: Float32Array, count: number, samples: number): Float32Array {
  const size = model.inputSize;
  const out = new Float32Array(count);
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    const values = tf.tidy(() => {
      const x = tf.tensor2d(pixels.subarray(start * size, (start + n) * size), [n, size]);
      const draws = Array.from({ length: samples }, (_, s) => model.negElboPerSample(x, 97 + s));
      return tf.div(tf.addN(draws), samples);
    });
    out.set(values.dataSync(), start);
    values.dispose();
  }
  return out;
}

/**
 * Train the per-class models on `train`, then classify each test set (pixels
 * already binarised, as the models score binary images).
 */
export async function analysisBySynthesisAccuracy(
  train: ImageSet,
  tests: ImageSet[],
  options: AnalysisBySynthesisOptions,
): Promise<ClassificationReport[]> {
  const classes = train.classNames.length;
  const perTest = tests.map((test) => ({
    best: new Float32Array(test.count).fill(Number.POSITIVE_INFINITY),
    predicted: new Int32Array(test.count),
  }));
  for (let c = 0; c < classes; c++) {
    options.onClass?.(c);
    const members = Int32Array.from(
      [...train.labels.entries()].filter(([, label]) => label === c).map(([i]) => i),
    );
    const model = new PcVae(
      {
        inputSize: train.height * train.width,
        latentSizes: [options.latent],
        hiddenSizes: [options.hidden],
      },
      options.seed + 101 * c,
    );
    try {
      await trainGenerative(model, subsetAt(train, members), {
        epochs: options.epochs,
        seed: options.seed + 101 * c,
        batchSize: 64,
      });
      tests.forEach((test, t) => {
        const s = scores(model, test.images, test.count, options.samples ?? 4);
        const { best, predicted } = perTest[t]!;
        s.forEach((value, i) => {
          if (value < best[i]!) {
            best[i] = value;
            predicted[i] = c;
          }
        });
      });
    } finally {
      model.dispose();
    }
  }
  return tests.map((test, t) =>
    reportFromConfusion(confusionMatrix(test.labels, perTest[t]!.predicted, classes)),
  );
}
