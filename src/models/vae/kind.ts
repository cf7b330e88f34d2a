/**
 * The one-latent VAE as a model kind (see models/kind.ts): built from its model spec and the
 * data's pixels, trained on the -ELBO (on one or two threads), tested by its -ELBO, pictured by
 * samples from the prior and reconstructions of test images.
 */
import * as tf from '@tensorflow/tfjs';
import { binarizeTestSet, generativeTraining, negElboEvaluation } from '../generativeKind.ts';
import type { ModelKindDefinition } from '../kind.ts';
import { numberOption, oneSizeOption } from '../kindOptions.ts';
import { denseParameters, trainingMemory } from '../memory.ts';
import { Vae } from '../vae.ts';
import { VaeModelSpec } from './spec.ts';

const oneArea = '--model vae has one latent area: give one --latent and one --hidden size';

/** The VAE kind: `{ "kind": "vae" }`. */
export const vaeKind: ModelKindDefinition<VaeModelSpec, Vae> = {
  name: 'vae',
  summary: 'the one-latent variational autoencoder (Kingma and Welling 2014), 784-400-20-400-784',
  spec: VaeModelSpec,
  estimateBytes(spec, data) {
    const pixels = data.height * data.width;
    const { hiddenSize: hidden, latentSize: latent } = spec;
    return trainingMemory({
      parameters:
        denseParameters([pixels, hidden, 2 * latent]) + denseParameters([latent, hidden, pixels]),
      optimizerSlots: 2,
      unitsPerImage: 2 * pixels + 2 * hidden + 3 * latent,
      batchSize: spec.batchSize ?? 128,
    });
  },
  build: (spec, data, seed) =>
    new Vae(
      {
        inputSize: data.height * data.width,
        hiddenSizes: [spec.hiddenSize],
        latentSize: spec.latentSize,
        likelihood: 'bernoulli',
      },
      seed,
    ),
  training: generativeTraining(),
  evaluate: (model, _spec, { test, trained }) =>
    negElboEvaluation(model, binarizeTestSet(test.images), trained),
  pictures: {
    samples: (model, count, seed) =>
      tf.tidy(() => {
        const z = tf.randomNormal<tf.Rank.R2>(
          [count, model.spec.latentSize],
          0,
          1,
          'float32',
          seed,
        );
        return tf.sigmoid(model.generate(z)).dataSync() as Float32Array;
      }),
    reconstructions: (model, x) =>
      tf.tidy(() => tf.sigmoid(model.generate(model.recognize(x).mean)).dataSync() as Float32Array),
  },
  checkpoint: (model) => [{ file: 'checkpoint.bin', variables: model.variables() }],
  options: [
    oneSizeOption('--latent <sizes>', 'latentSize', 'size of its latent area (e.g. 20)', oneArea),
    oneSizeOption('--hidden <sizes>', 'hiddenSize', 'hidden units of its maps (e.g. 400)', oneArea),
    numberOption(
      '--workers <n>',
      'workers',
      'threads to train on, 1 (default) or 2 (half of each batch on a second thread)',
    ),
  ],
};
