/**
 * Conceptual compression: a generative model forces the data through a
 * bottleneck. Three measurements of what goes through it:
 *
 * 1. Rate against distortion. The -ELBO is distortion (−log p(x | z), nats)
 *    plus rate (KL(q(z | x) ‖ p(z)), nats). A beta-VAE trains on distortion +
 *    beta · rate; sweeping beta and the latent size traces how many nats of the
 *    image the code keeps against how well it rebuilds the image.
 * 2. Latent traversals: one unit swept from -3 to 3, the others held, sent down.
 * 3. Disentanglement on the synthetic letters, whose true factors are known:
 *    the Mutual Information Gap (Chen et al. 2018) of beta-VAEs over seeds, and
 *    the factor-by-unit mutual information matrix.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { positiveNumber, wholeNumber } from '../src/cortex/specFields.ts';
import { generateLetters, type ImageSet, type LetterFactors } from '../src/data/index.ts';
import {
  activeUnits,
  latentTraversal,
  loadExperimentData,
  mutualInformationGap,
  posteriorMeans,
  summarize,
  trainBetaVae,
  type MigResult,
  type Experiment,
  type ExperimentContext,
  type MeasurementRecord,
} from '../src/experiments/index.ts';
import { compressionPlots } from '../src/experiments/compression/plots.ts';
import { compressionReport } from '../src/experiments/compression/report.ts';
import {
  LETTER_FACTOR_NAMES as FACTORS,
  rateDistortionSeeds,
  type CompressionOutcome,
} from '../src/experiments/compression/types.ts';
import { writeFileAtomic } from '../src/io/atomicWrite.ts';
import { encodeImageGrid } from '../src/io/imageGrid.ts';
import {
  binarizeTestSet,
  evaluateNegElbo,
  TEST_BINARIZATION_SEED,
} from '../src/models/evaluate.ts';

/** A list of distinct values (a sweep), refusing repeats. */
const sweep = <T extends z.ZodType<number>>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(20)
    .superRefine((values, ctx) => {
      values.forEach((v, i) => {
        if (values.indexOf(v) !== i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `${v} is listed twice` });
        }
      });
    });

/** What a run of this experiment may configure (`neocortex spec experiment conceptual-compression`). */
export const ConceptualCompressionConfig = z
  .object({
    /** Rate against distortion: training and test images of --dataset (default: all). */
    train: wholeNumber(1, 1_000_000).optional(),
    test: wholeNumber(1, 1_000_000).optional(),
    /** Hidden width of the encoder and decoder (one layer each), and training epochs. */
    hidden: wholeNumber(1, 16_384),
    epochs: wholeNumber(1, 10_000),
    /** The latent sizes and KL weights swept for rate against distortion. */
    latentSizes: sweep(wholeNumber(1, 10_000)),
    betas: sweep(positiveNumber(1000)),
    /**
     * How many of the run's seeds (the first ones) the rate-distortion grid is trained for
     * (default: all). The full run takes 1: three seeds at z = 2 differed by under 0.5 nats of
     * rate and 2 of distortion, and the grid is 30 models a seed. MIG always uses every seed.
     */
    rateDistortionSeeds: wholeNumber(1, 1000).optional(),
    /** Disentanglement on the letters: latent size (>= 2, MIG needs a gap), KL weights, epochs, images. */
    migLatent: wholeNumber(2, 10_000),
    migBetas: sweep(positiveNumber(1000)),
    migEpochs: wholeNumber(1, 10_000),
    migTrain: wholeNumber(1, 1_000_000),
    migTest: wholeNumber(2, 1_000_000),
    /** Equal-width bins for the posterior means and continuous factors (Chen et al.: 20). */
    bins: wholeNumber(2, 1000),
    /** The values each latent unit sweeps through in the traversals. */
    traversal: z.array(z.number().min(-100).max(100)).min(2).max(21),
  })
  .strict();

type Config = z.infer<typeof ConceptualCompressionConfig>;

const FULL: z.input<typeof ConceptualCompressionConfig> = {
  hidden: 400,
  epochs: 10,
  latentSizes: [2, 5, 10, 20, 50],
  betas: [0.25, 0.5, 1, 2, 4, 8],
  rateDistortionSeeds: 1,
  migLatent: 10,
  migBetas: [1, 2, 4, 8],
  migEpochs: 20,
  migTrain: 10_000,
  migTest: 5000,
  bins: 20,
  traversal: [-3, -2, -1, 0, 1, 2, 3],
};
const QUICK: z.input<typeof ConceptualCompressionConfig> = {
  train: 2000,
  test: 300,
  hidden: 64,
  epochs: 3,
  latentSizes: [2, 10],
  betas: [1, 4],
  migLatent: 5,
  migBetas: [1, 4],
  migEpochs: 5,
  migTrain: 2000,
  migTest: 500,
  bins: 20,
  traversal: [-3, -2, -1, 0, 1, 2, 3],
};

/** Seeds of the letters drawn for disentanglement (the same images for every model and seed). */
const LETTERS_TRAIN_SEED = 14_001;
const LETTERS_TEST_SEED = 14_002;

const RD_METRICS = ['rate', 'distortion', 'negElbo', 'activeUnits'] as const;
const MIG_METRICS = ['mig', ...FACTORS.map((f) => `gap_${f}`), ...RD_METRICS] as const;

/** What one trained model measured on its test set. */
interface Scored {
  rate: number;
  distortion: number;
  negElbo: number;
  activeUnits: number;
}

/** Rate (KL), distortion (reconstruction) and -ELBO on binarised test pixels, and the active units. */
function score(model: Awaited<ReturnType<typeof trainBetaVae>>['model'], pixels: Float32Array) {
  const r = evaluateNegElbo(model, pixels, { seed: TEST_BINARIZATION_SEED });
  const means = posteriorMeans(model, pixels);
  const scored: Scored = {
    rate: r.kl,
    distortion: r.reconstruction,
    negElbo: r.negElbo,
    activeUnits: activeUnits(means, model.spec.latentSize),
  };
  return { scored, means };
}

/** The letters with their factors: a training set and a test set binarised once. */
function lettersWithFactors(config: Config) {
  const train = generateLetters({ count: config.migTrain, seed: LETTERS_TRAIN_SEED }).set;
  const test = generateLetters({ count: config.migTest, seed: LETTERS_TEST_SEED });
  return { train, test: test.set, factors: test.factors, pixels: binarizeTestSet(test.set.images) };
}

function factorList(factors: LetterFactors) {
  return FACTORS.map((name) => ({ name, values: factors[name], discrete: name === 'letter' }));
}

/** Part 1: a beta-VAE per latent size, beta and seed on --dataset; rate and distortion of each. */
async function rateDistortion(ctx: ExperimentContext, config: Config) {
  const data = await loadExperimentData(ctx.dataset, { train: config.train, test: config.test });
  const pixels = binarizeTestSet(data.test.images);
  const records: MeasurementRecord[] = [];
  for (const latent of config.latentSizes) {
    for (const beta of config.betas) {
      for (const seed of rateDistortionSeeds(ctx.runSeeds, config)) {
        if (!ctx.seeds.includes(seed)) continue;
        const cellConfig = {
          dataset: data.name,
          trainImages: data.train.count,
          testImages: data.test.count,
          hidden: config.hidden,
          epochs: config.epochs,
          latent,
          beta,
          seed,
        };
        const name = `rd-z${latent}-beta${beta}-seed${seed}`;
        const value = await ctx.cell(name, cellConfig, async () => {
          const { model, history } = await trainBetaVae(data.train, {
            latent,
            hidden: config.hidden,
            beta,
            epochs: config.epochs,
            seed,
            checkpoint: ctx.checkpointPath(name),
            onBatch: ctx.progress.tracker(`z ${latent} beta ${beta} seed ${seed}`, config.epochs),
          });
          try {
            return { ...score(model, pixels).scored, history };
          } finally {
            model.dispose();
          }
        });
        const { history, ...scored } = value;
        void history;
        records.push({
          part: 'rate-distortion',
          dataset: data.name,
          latent,
          beta,
          seed,
          ...scored,
        });
        ctx.print(
          `${data.name} z ${latent} beta ${beta} seed ${seed}: rate ${scored.rate.toFixed(1)}, ` +
            `distortion ${scored.distortion.toFixed(1)} nats`,
        );
      }
    }
  }
  return { records, data: { name: data.name, train: data.train.count, test: data.test.count } };
}

/**
 * Part 2 and 3: beta-VAEs on the letters; MIG and the MI matrix of each, and its
 * traversal (kept in the cell as a PNG, so a reused cell still has it; the first
 * seed's is written out).
 */
async function disentanglement(ctx: ExperimentContext, config: Config) {
  const letters = lettersWithFactors(config);
  const records: MeasurementRecord[] = [];
  const matrices: { beta: number; seed: number; mig: MigResult }[] = [];
  const traversals: { beta: number; file: string }[] = [];
  for (const beta of config.migBetas) {
    for (const seed of ctx.seeds) {
      const cellConfig = {
        dataset: 'letters',
        trainImages: config.migTrain,
        testImages: config.migTest,
        hidden: config.hidden,
        epochs: config.migEpochs,
        latent: config.migLatent,
        beta,
        seed,
        bins: config.bins,
        traversal: config.traversal,
      };
      const name = `mig-beta${beta}-seed${seed}`;
      const value = await ctx.cell(name, cellConfig, async () => {
        const { model, history } = await trainBetaVae(letters.train, {
          latent: config.migLatent,
          hidden: config.hidden,
          beta,
          epochs: config.migEpochs,
          seed,
          checkpoint: ctx.checkpointPath(name),
          onBatch: ctx.progress.tracker(`letters beta ${beta} seed ${seed}`, config.migEpochs),
        });
        try {
          const { scored, means } = score(model, letters.pixels);
          const mig = mutualInformationGap(means, config.migLatent, factorList(letters.factors), {
            bins: config.bins,
          });
          const traversalPng = traversalGrid(model, letters.test, letters.pixels, config);
          return { ...scored, mig, history, traversalPng };
        } finally {
          model.dispose();
        }
      });
      const gaps = Object.fromEntries(FACTORS.map((f, k) => [`gap_${f}`, value.mig.gap[k]!]));
      records.push({
        part: 'disentanglement',
        dataset: 'letters',
        latent: config.migLatent,
        beta,
        seed,
        mig: value.mig.mig,
        ...gaps,
        rate: value.rate,
        distortion: value.distortion,
        negElbo: value.negElbo,
        activeUnits: value.activeUnits,
      });
      matrices.push({ beta, seed, mig: value.mig });
      if (seed === ctx.runSeeds[0]) {
        const file = `traversal-beta${beta}.png`;
        await writeFileAtomic(join(ctx.outDir, file), Buffer.from(value.traversalPng, 'base64'));
        traversals.push({ beta, file });
      }
      ctx.print(
        `letters beta ${beta} seed ${seed}: MIG ${value.mig.mig.toFixed(3)}, ` +
          `rate ${value.rate.toFixed(1)} nats, ${value.activeUnits} active units`,
      );
    }
  }
  return { records, matrices, traversals };
}

/** The traversal grid of one model from the first test letter (one row per unit), a base64 PNG. */
function traversalGrid(
  model: Awaited<ReturnType<typeof trainBetaVae>>['model'],
  test: ImageSet,
  pixels: Float32Array,
  config: Config,
): string {
  const size = test.height * test.width;
  const images = latentTraversal(model, pixels.subarray(0, size), { values: config.traversal });
  const png = encodeImageGrid(images, {
    height: test.height,
    width: test.width,
    columns: config.traversal.length,
    scale: 2,
  });
  return Buffer.from(png).toString('base64');
}

/**
 * The `conceptual-compression` experiment: rate against distortion of
 * beta-VAEs, latent traversals, and MIG on the letters over seeds.
 */
export const conceptualCompression: Experiment = {
  name: 'conceptual-compression',
  title: 'Conceptual compression: rate against distortion, traversals and disentanglement',
  claim:
    'A generative model forces the data through a bottleneck and so compresses it into ' +
    'concepts: its latent code keeps what matters to rebuild the input, and (the stronger ' +
    'claim) separates the underlying factors of variation into separate units.',
  datasets: ['mnist', 'fashion-mnist', 'letters'],
  config: { schema: ConceptualCompressionConfig, full: FULL, quick: QUICK },
  async run(ctx) {
    const config = ConceptualCompressionConfig.parse(ctx.config);
    ctx.progress.start(
      rateDistortionSeeds(ctx.runSeeds, config).filter((s) => ctx.seeds.includes(s)).length *
        config.latentSizes.length *
        config.betas.length +
        ctx.seeds.length * config.migBetas.length,
    );
    const rd = await rateDistortion(ctx, config);
    const dis = await disentanglement(ctx, config);
    const records = [...rd.records, ...dis.records];
    const summary = [
      ...summarize(rd.records, ['part', 'latent', 'beta'], RD_METRICS),
      ...summarize(dis.records, ['part', 'latent', 'beta'], MIG_METRICS),
    ];
    const outcome: CompressionOutcome = {
      seeds: ctx.seeds,
      data: rd.data,
      lettersSeeds: [LETTERS_TRAIN_SEED, LETTERS_TEST_SEED],
      summary,
      matrices: dis.matrices,
      traversals: dis.traversals,
    };
    // The MI matrices of every model, for readers who want more than the first seed's heatmap.
    const extra = {
      mutualInformation: dis.matrices.map((m) => ({
        beta: m.beta,
        seed: m.seed,
        factors: m.mig.factors,
        factorEntropy: m.mig.factorEntropy,
        matrix: m.mig.mutualInformation,
        bestUnit: m.mig.bestUnit,
      })),
    };
    return {
      config: {
        rateDistortionData: rd.data,
        lettersSeeds: [LETTERS_TRAIN_SEED, LETTERS_TEST_SEED],
        ...config,
      },
      records,
      summary,
      plots: compressionPlots(config, outcome),
      images: dis.traversals.map((t) => t.file),
      report: compressionReport(config, outcome),
      extra,
    };
  },
};
