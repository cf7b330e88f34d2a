/**
 * Scoring a pcgen on a binarised test set: settle each batch from rest, then the mean settled
 * free energy and the importance-sampled −log p(x) (importanceSampling.ts), in nats per image.
 */
import { forEachTestBatch } from '../testBatches.ts';
import { importanceSampledLogLikelihood } from './importanceSampling.ts';
import type { PcGen } from './pcgen.ts';

/** Options of {@link evaluatePcGen}. */
export interface PcGenEvaluationOptions {
  /** Importance samples per image, K (0: settle and report the free energy only). */
  samples: number;
  /** Seed of the proposal's noise (batch b uses seed + b). */
  seed: number;
  /** Multiplies the Laplace proposal's variances (default 1). */
  proposalScale?: number;
  /** Settling iterations before scoring (default: the model's T, `inferenceSteps`). */
  inferenceSteps?: number;
  /** Images settled at once (default 100). */
  batchSize?: number;
  /** Called after each batch with the images scored so far (for a progress bar). */
  onImages?: (done: number) => void;
}

/** A pcgen's test scores, means per image (nats). */
export interface PcGenEvaluation {
  /** Importance-sampled −log p(x), when samples > 0. */
  nll?: number;
  /** The samples per image behind `nll`. */
  nllK?: number;
  /** Free energy at the settled states (−log p(x, z*) less the Gaussian normalisers). */
  freeEnergy: number;
  /** Images scored. */
  count: number;
}

/** Settle every test image and score it; `images` are rows of `model.inputSize` binary pixels. */
export function evaluatePcGen(
  model: PcGen,
  images: Float32Array,
  options: PcGenEvaluationOptions,
): PcGenEvaluation {
  let freeEnergy = 0;
  let logLikelihood = 0;
  const count = forEachTestBatch(
    images,
    model.inputSize,
    { batchSize: options.batchSize ?? 100, scorer: 'evaluatePcGen', onImages: options.onImages },
    ({ x, index }) => {
      const settled = model.settle(x, options.inferenceSteps);
      freeEnergy += settled.freeEnergyPerImage.at(-1)!.reduce((a, v) => a + v, 0);
      if (options.samples > 0) {
        const { logLikelihood: perImage } = importanceSampledLogLikelihood(model.hierarchy, {
          samples: options.samples,
          seed: options.seed + index,
          ...(options.proposalScale !== undefined ? { proposalScale: options.proposalScale } : {}),
        });
        for (const v of perImage) logLikelihood += v;
      }
    },
  );
  return {
    ...(options.samples > 0 ? { nll: -logLikelihood / count, nllK: options.samples } : {}),
    freeEnergy: freeEnergy / count,
    count,
  };
}
