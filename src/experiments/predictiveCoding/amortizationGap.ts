/**
 * The amortization gap of a pcvae on a test set (Cremer et al. 2018): each
 * image's posterior is settled from the encoder's guess (means and
 * log-variances, Adam; posteriorSettling.ts) and scored at chosen iterations;
 * −log p(x) is the tighter of two importance-weighted bounds with K samples,
 * one with the encoder's posterior as proposal and one with the settled q*;
 * the inference gap is then split (inferenceGap.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { disposePosterior } from '../../cortex/index.ts';
import { sumImportanceWeightedLogLikelihood, type PcVae } from '../../models/pcvae/index.ts';
import { sampledNegElbo } from '../../models/sampledNegElbo.ts';
import { forEachTestBatch } from '../../models/testBatches.ts';
import { splitInferenceGap, type InferenceGap } from './inferenceGap.ts';
import { settlePosterior } from './posteriorSettling.ts';

/** How {@link measureAmortizationGap} settles, scores and estimates −log p(x). */
export interface AmortizationGapOptions {
  /** Iterations at which the test −ELBO is reported (0: the encoder's guess). */
  iterations: readonly number[];
  /** Iterations that make q*, the per-image optimum (at least the last of `iterations`). */
  optimalIterations: number;
  /** Adam's learning rate on the posterior parameters. */
  learningRate: number;
  /** Posterior samples per image in each step's −ELBO estimate. */
  samples: number;
  /** Posterior samples per image when scoring the −ELBO. */
  evalSamples: number;
  /** Importance samples K of the −log p(x) estimates. */
  iwaeK: number;
  /** Images settled at once. */
  batchSize: number;
  /** Seed of all the noise (settling steps, scoring, importance samples). */
  seed: number;
}

/** What one model and seed measured (nats per image, means over the test images). */
export interface AmortizationGapCell extends InferenceGap {
  /** The reported iterations and the test −ELBO after each. */
  iterations: number[];
  negElbo: number[];
  /** Fraction of images whose −ELBO after the last reported iteration is above the encoder's. */
  raisedFraction: number;
  negElboEncoder: number;
  negElboOptimal: number;
  /**
   * −ELBO with the encoder's amortized q as trained (with two or more areas, q(z2 | z1) reads
   * each sample of z1): equal to `negElboEncoder` for one area, up to float error.
   */
  negElboAmortized: number;
  /** −log p(x) by the importance-weighted bound with the encoder's q, and with q*. */
  nllEncoderProposal: number;
  nllOptimalProposal: number;
  /** The estimate used: the lower (tighter) of the two. */
  nll: number;
  images: number;
}

/**
 * Settle every test image's posterior, score it along the way, estimate −log p(x), and split
 * the inference gap. `pixels` are binarised test images, rows of `model.inputSize`.
 */
export function measureAmortizationGap(
  model: PcVae,
  pixels: Float32Array,
  options: AmortizationGapOptions,
): AmortizationGapCell {
  const reported = [...options.iterations];
  if (options.optimalIterations < reported.at(-1)!) {
    throw new Error(
      `amortization gap: optimalIterations (${options.optimalIterations}) is below the last reported iteration (${reported.at(-1)})`,
    );
  }
  const checkpoints = [...new Set([0, ...reported, options.optimalIterations])].sort(
    (a, b) => a - b,
  );
  const sums = new Array<number>(checkpoints.length).fill(0);
  const lastReported = checkpoints.indexOf(reported.at(-1)!);
  let raised = 0;
  let amortized = 0;
  let logPxEncoder = 0;
  let logPxOptimal = 0;
  const count = forEachTestBatch(
    pixels,
    model.inputSize,
    { batchSize: options.batchSize, scorer: 'amortization gap' },
    ({ x, index }) => {
      const seed = options.seed + 1_000_003 * index;
      const settled = settlePosterior(model, x, {
        checkpoints,
        learningRate: options.learningRate,
        samples: options.samples,
        evalSamples: options.evalSamples,
        seed: seed + 17,
        evalSeed: seed,
      });
      try {
        settled.negElbo.forEach((perImage, c) => {
          sums[c]! += perImage.reduce((a, v) => a + v, 0);
        });
        const first = settled.negElbo[0]!;
        raised += settled.negElbo[lastReported]!.filter((v, i) => v > first[i]!).length;
        amortized += tf.tidy(
          () =>
            tf.sum(sampledNegElbo(model, x, { samples: options.evalSamples, seed })).dataSync()[0]!,
        );
        const iw = { k: options.iwaeK, seed: seed + 101 };
        logPxEncoder += sumImportanceWeightedLogLikelihood(model, x, iw);
        logPxOptimal += sumImportanceWeightedLogLikelihood(model, x, {
          ...iw,
          posterior: settled.posterior,
        });
      } finally {
        disposePosterior(settled.posterior);
      }
    },
  );
  const means = sums.map((s) => s / count);
  const at = (t: number) => means[checkpoints.indexOf(t)]!;
  const nllEncoderProposal = -logPxEncoder / count;
  const nllOptimalProposal = -logPxOptimal / count;
  const nll = Math.min(nllEncoderProposal, nllOptimalProposal);
  const negElboEncoder = at(0);
  const negElboOptimal = at(options.optimalIterations);
  return {
    iterations: reported,
    negElbo: reported.map(at),
    raisedFraction: raised / count,
    negElboEncoder,
    negElboOptimal,
    negElboAmortized: amortized / count,
    nllEncoderProposal,
    nllOptimalProposal,
    nll,
    images: count,
    ...splitInferenceGap({ negLogLikelihood: nll, negElboOptimal, negElboEncoder }),
  };
}
