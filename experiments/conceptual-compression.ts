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
  findRow,
  formatMeanStd,
  heatmapSvg,
  latentTraversal,
  linePlotSvg,
  loadExperimentData,
  markdownTable,
  mutualInformationGap,
  posteriorMeans,
  summarize,
  trainBetaVae,
  type MigResult,
  type Experiment,
  type ExperimentContext,
  type MeasurementRecord,
  type PlotFile,
} from '../src/experiments/index.ts';
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

/** The letters' generative factors, in the rows' order of the MI matrix. */
const FACTORS = ['letter', 'slant', 'scale', 'strokeWidth', 'shiftX', 'shiftY'] as const;
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
      for (const seed of ctx.seeds) {
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
      if (seed === ctx.seeds[0]) {
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
    const seeds = ctx.seeds.length;
    ctx.progress.start(
      seeds * (config.latentSizes.length * config.betas.length + config.migBetas.length),
    );
    const rd = await rateDistortion(ctx, config);
    const dis = await disentanglement(ctx, config);
    const records = [...rd.records, ...dis.records];
    const summary = [
      ...summarize(rd.records, ['part', 'latent', 'beta'], RD_METRICS),
      ...summarize(dis.records, ['part', 'latent', 'beta'], MIG_METRICS),
    ];
    const plots = compressionPlots(config, summary, dis);
    const report = compressionReport(ctx, config, rd.data, summary, dis);
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
      plots,
      images: dis.traversals.map((t) => t.file),
      report,
      extra,
    };
  },
};

type Summary = ReturnType<typeof summarize>;
type Disentanglement = Awaited<ReturnType<typeof disentanglement>>;

/** Rate against distortion (one curve per beta), MIG against beta, and a heatmap per beta. */
function compressionPlots(config: Config, summary: Summary, dis: Disentanglement): PlotFile[] {
  const rdRow = (latent: number, beta: number, metric: string) =>
    findRow(summary, { part: 'rate-distortion', latent, beta }, metric);
  const rateDistortionPlot = linePlotSvg({
    title: 'Rate against distortion (points: latent sizes)',
    xLabel: 'rate: test KL(q(z|x) ‖ p(z)) (nats)',
    yLabel: 'distortion: −log p(x|z) (nats)',
    series: config.betas.map((beta) => ({
      name: `beta ${beta}`,
      points: config.latentSizes.flatMap((latent) => {
        const rate = rdRow(latent, beta, 'rate');
        const distortion = rdRow(latent, beta, 'distortion');
        return rate && distortion
          ? [{ x: rate.mean, y: distortion.mean, spread: distortion.std }]
          : [];
      }),
    })),
  });
  const migRow = (beta: number) => findRow(summary, { part: 'disentanglement', beta }, 'mig');
  const seeds = [...new Set(dis.matrices.map((m) => m.seed))];
  const migPlot = linePlotSvg({
    title: `MIG on the letters against beta (latent ${config.migLatent})`,
    xLabel: 'beta (weight on the KL)',
    yLabel: 'MIG',
    xScale: config.migBetas.length > 1 && Math.min(...config.migBetas) > 0 ? 'log' : 'linear',
    series: [
      {
        name: 'mean ± std over seeds',
        points: config.migBetas.flatMap((beta) => {
          const row = migRow(beta);
          return row ? [{ x: beta, y: row.mean, spread: row.std }] : [];
        }),
      },
      ...seeds.map((seed) => ({
        name: `seed ${seed}`,
        dashed: true,
        points: dis.matrices
          .filter((m) => m.seed === seed)
          .map((m) => ({ x: m.beta, y: m.mig.mig })),
      })),
    ],
  });
  const heatmaps = dis.matrices
    .filter((m) => m.seed === seeds[0])
    .map((m) => ({
      file: `mi-matrix-beta${m.beta}.svg`,
      svg: heatmapSvg({
        title: `I(factor; unit) / H(factor), letters, beta ${m.beta}, seed ${m.seed} (MIG ${m.mig.mig.toFixed(3)})`,
        rowLabels: m.mig.factors,
        columnLabels: m.mig.mutualInformation[0]!.map((_, j) => `z${j + 1}`),
        values: m.mig.mutualInformation.map((row, k) =>
          row.map((v) => v / m.mig.factorEntropy[k]!),
        ),
        domain: [0, 1],
        valueLabel: 'normalised MI',
      }),
    }));
  return [
    { file: 'rate-distortion.svg', svg: rateDistortionPlot },
    { file: 'mig.svg', svg: migPlot },
    ...heatmaps,
  ];
}

/** The report body: setup, the rate-distortion table, MIG with its spread over seeds, anchors. */
function compressionReport(
  ctx: ExperimentContext,
  config: Config,
  data: { name: string; train: number; test: number },
  summary: Summary,
  dis: Disentanglement,
): string {
  const rd = (latent: number, beta: number, metric: string, digits = 1) =>
    formatMeanStd(findRow(summary, { part: 'rate-distortion', latent, beta }, metric), digits);
  const mg = (beta: number, metric: string, digits = 3) =>
    formatMeanStd(findRow(summary, { part: 'disentanglement', beta }, metric), digits);
  const perSeed = (beta: number) =>
    dis.matrices
      .filter((m) => m.beta === beta)
      .map((m) => m.mig.mig.toFixed(3))
      .join(', ');
  const firstSeed = ctx.seeds[0]!;
  const bestUnits = dis.matrices
    .filter((m) => m.seed === firstSeed)
    .map((m) => [
      `beta ${m.beta}`,
      ...m.mig.factors.map(
        (_, k) =>
          `z${m.mig.bestUnit[k]! + 1} (${(m.mig.mutualInformation[k]![m.mig.bestUnit[k]!]! / m.mig.factorEntropy[k]!).toFixed(2)})`,
      ),
    ]);
  return [
    '## Setup',
    '',
    `- Rate against distortion: ${data.name}, ${data.train} training / ${data.test} test images ` +
      '(test binarised once with the fixed seed). Bernoulli VAE ' +
      `784-${config.hidden}-z-${config.hidden}-784, trained on distortion + beta · rate ` +
      `(beta-VAE), Adam 1e-3, batch 128, ${config.epochs} epoch(s), dynamic binarisation; ` +
      `z in {${config.latentSizes.join(', ')}}, beta in {${config.betas.join(', ')}}.`,
    `- Disentanglement: synthetic letters A-E, ${config.migTrain} training / ${config.migTest} test ` +
      `images with their recorded factors (letter, slant, scale, stroke width, x and y shift; ` +
      `image seeds ${LETTERS_TRAIN_SEED} / ${LETTERS_TEST_SEED}), the same VAE with ` +
      `z = ${config.migLatent}, beta in {${config.migBetas.join(', ')}}, ${config.migEpochs} epoch(s).`,
    `- MIG (Chen et al. 2018) from the test posterior means: each unit and each continuous factor ` +
      `cut into ${config.bins} equal-width bins (as Locatello et al. 2019 do), the letter kept as ` +
      'its class; plug-in mutual information in nats; per factor the gap between the two most ' +
      "informative units over the factor's entropy, averaged over the six factors. The plug-in " +
      'estimate is biased upwards by about (bins − 1)² / (2 · test images) = ' +
      `${((config.bins - 1) ** 2 / (2 * config.migTest)).toFixed(3)} nats for a unit and a ` +
      'continuous factor that share nothing: the floor of the heatmaps (largely cancelled in the gap, where both units carry it).',
    '- Rate is the test KL(q(z|x) ‖ p(z)), distortion the test −log p(x|z) with one posterior ' +
      'sample, both in nats per image; −ELBO = rate + distortion whatever beta was trained with. ' +
      'Active units: posterior mean variance across test images above 0.01 (Burda et al. 2016).',
    '',
    '## Rate against distortion',
    '',
    '![rate against distortion](rate-distortion.svg)',
    '',
    'Each cell: rate / distortion / −ELBO (nats) and active units.',
    '',
    markdownTable(
      ['latent', ...config.betas.map((b) => `beta ${b}`)],
      config.latentSizes.map((latent) => [
        String(latent),
        ...config.betas.map(
          (beta) =>
            `${rd(latent, beta, 'rate')} / ${rd(latent, beta, 'distortion')} / ` +
            `${rd(latent, beta, 'negElbo')}; ${rd(latent, beta, 'activeUnits', 1)} active`,
        ),
      ]),
    ),
    '',
    'Reference (../shared/FACTS.md, PyTorch, same machine): VAE 784-400-20, beta 1, on the embedded ' +
      'MNIST split: test −ELBO 121.9 nats after 10 epochs. Alemi et al. (2018, "Fixing a broken ' +
      'ELBO") show the same trade-off: beta below 1 buys lower distortion with a higher rate, beta ' +
      'above 1 the reverse.',
    '',
    '## Latent traversals (letters, first seed)',
    '',
    `Each row sweeps one latent unit (z1 at the top) through ${config.traversal.join(', ')} from ` +
      'the posterior mean of the first test letter, the other units held; images are the ' +
      "decoder's pixel probabilities. A row that does not change is an inactive unit.",
    '',
    ...dis.traversals.flatMap((t) => [
      `beta ${t.beta}:`,
      '',
      `![traversal beta ${t.beta}](${t.file})`,
      '',
    ]),
    '## Disentanglement: MIG on the letters',
    '',
    '![MIG against beta](mig.svg)',
    '',
    markdownTable(
      [
        'beta',
        'MIG (mean ± std)',
        'MIG per seed',
        ...FACTORS.map((f) => `gap ${f}`),
        'rate (nats)',
        '−ELBO (nats)',
        'active units',
      ],
      config.migBetas.map((beta) => [
        String(beta),
        mg(beta, 'mig'),
        perSeed(beta),
        ...FACTORS.map((f) => mg(beta, `gap_${f}`, 2)),
        mg(beta, 'rate', 1),
        mg(beta, 'negElbo', 1),
        mg(beta, 'activeUnits', 1),
      ]),
    ),
    '',
    `The most informative unit for each factor (seed ${firstSeed}) and its share of the ` +
      "factor's entropy:",
    '',
    markdownTable(['model', ...FACTORS], bestUnits),
    '',
    `Factor-by-unit mutual information, normalised by each factor's entropy (seed ${firstSeed}):`,
    '',
    ...dis.traversals.flatMap((t) => [
      `![MI matrix beta ${t.beta}](mi-matrix-beta${t.beta}.svg)`,
      '',
    ]),
    '## Against the published anchors',
    '',
    '- Higgins et al. (2017, beta-VAE) and Chen et al. (2018, MIG): on dSprites, beta > 1 gives ' +
      'more disentangled codes than the plain VAE (beta = 1), at a cost in reconstruction. ' +
      verdict(config, summary),
    '- Locatello et al. (2019): without inductive biases or supervision, disentanglement is not ' +
      'guaranteed, and the random seed moves the scores as much as the hyperparameters. ' +
      spreadNote(config, summary),
    '- The letters are not dSprites: their factors are drawn independently and uniformly, but the ' +
      'letter identity is a 5-way class and stroke width and scale both change the amount of ink, ' +
      'so a single unit need not isolate either.',
  ].join('\n');
}

/** Whether the MIG of each beta > 1 lies above the plain VAE's, seed by seed, as measured. */
function verdict(config: Config, summary: Summary): string {
  const row = (beta: number) => findRow(summary, { part: 'disentanglement', beta }, 'mig');
  const plain = row(1);
  if (plain === undefined) return 'This run has no beta = 1 model to compare with.';
  const lines = config.migBetas
    .filter((beta) => beta > 1)
    .map((beta) => {
      const r = row(beta);
      if (r === undefined) return '';
      if (r.n < 2 || plain.n < 2) {
        return `beta ${beta}: MIG ${r.mean.toFixed(3)} against ${plain.mean.toFixed(3)} (one seed: no spread to judge by)`;
      }
      const above = Math.min(...r.values) > Math.max(...plain.values);
      const below = Math.max(...r.values) < Math.min(...plain.values);
      const relation = above
        ? 'every seed above every seed of beta 1'
        : below
          ? 'every seed below every seed of beta 1'
          : 'its seeds overlap those of beta 1';
      return `beta ${beta}: MIG ${r.mean.toFixed(3)} against ${plain.mean.toFixed(3)} (${relation})`;
    })
    .filter((s) => s !== '');
  return lines.length === 0 ? 'This run has no beta above 1.' : `Here: ${lines.join('; ')}.`;
}

/** The spread over seeds of the MIG at each beta, in words. */
function spreadNote(config: Config, summary: Summary): string {
  const spreads = config.migBetas.flatMap((beta) => {
    const r = findRow(summary, { part: 'disentanglement', beta }, 'mig');
    return r
      ? [`beta ${beta}: ${Math.min(...r.values).toFixed(3)} to ${Math.max(...r.values).toFixed(3)}`]
      : [];
  });
  return `MIG range over ${summary.find((r) => r.metric === 'mig')?.n ?? 0} seed(s) here: ${spreads.join('; ')}.`;
}
