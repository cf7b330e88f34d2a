/**
 * The parts the two generative kinds trained on the -ELBO (the VAE and the pcvae) share: their
 * training through {@link trainGenerative} (on one thread or data-parallel, as the spec's
 * `workers` says), and their test -ELBO with its report line.
 */
import {
  binarizeTestSet,
  evaluateNegElbo,
  TEST_BINARIZATION_SEED,
  type NegElboReport,
} from './evaluate.ts';
import type { GenerativeModel } from './generative.ts';
import type { Evaluation, KindTraining, ModelSpecBase, TrainedRun } from './kind.ts';
import { trainOneStage } from './kindTraining.ts';
import { trainGenerative } from './trainGenerative.ts';

/** What the generative kinds' specs hold beside the shared fields. */
type GenerativeModelSpec = ModelSpecBase & { learningRate: number; workers: 1 | 2 };

/** Training a VAE or pcvae with Adam on freshly binarised batches (trainGenerative.ts). */
export function generativeTraining<
  S extends GenerativeModelSpec,
  M extends GenerativeModel,
>(): KindTraining<S, M> {
  return {
    lossName: '-ELBO',
    async train(model, spec, context) {
      // What a checkpoint must match; `workers` only when 2, so that checkpoints of one-thread
      // runs made before the field resume.
      const config = {
        ...model.spec,
        batchSize: context.batchSize,
        learningRate: spec.learningRate,
        ...(spec.workers === 2 ? { workers: 2 } : {}),
      };
      const stepper = context.parallel?.(spec.workers);
      return trainOneStage(context, spec, config, (stage) =>
        trainGenerative(model, context.data.train, {
          ...stage,
          learningRate: spec.learningRate,
          ...(stepper !== undefined ? { stepper } : {}),
        }),
      );
    },
  };
}

/** The test -ELBO of a generative model on the binarised test set, and its headline. */
export function negElboEvaluation(
  model: GenerativeModel,
  testPixels: Float32Array,
  trained: TrainedRun,
): Evaluation & { test: NegElboReport } {
  const test = evaluateNegElbo(model, testPixels, { seed: TEST_BINARIZATION_SEED });
  return {
    test: { ...test },
    lines: [
      `test -ELBO ${test.negElbo.toFixed(2)} nats (reconstruction ${test.reconstruction.toFixed(2)}, ` +
        `KL ${test.kl.toFixed(2)}) on ${test.count} images; ` +
        `${Math.round(trained.samplesPerSecond)} samples/s`,
    ],
  };
}

export { binarizeTestSet };
