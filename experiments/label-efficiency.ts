/**
 * Label efficiency: discriminative learning needs many labels; a generative
 * model learns from every image and needs few. For N labels (balanced per
 * class) and several seeds, three classifiers:
 *   mlp   - the feedforward MLP on the N labelled images only;
 *   m1    - a small MLP on the latent means of a pcvae trained on all images
 *           without labels (Kingma et al. 2014's M1);
 *   ssvae - the semi-supervised generative classifier, its class area on top
 *           of that same pcvae (M1+M2).
 * One pcvae per seed serves both generative routes and every N.
 */
import { z } from 'zod';
import { wholeNumber } from '../src/cortex/specFields.ts';
import { balancedSubset } from '../src/data/index.ts';
import { binarizeTestSet } from '../src/models/evaluate.ts';
import {
  allIndices,
  epochsForSteps,
  feedforwardAccuracy,
  findRow,
  formatMeanStd,
  latentClassifierAccuracy,
  latentMeans,
  linePlotSvg,
  loadExperimentData,
  markdownTable,
  ssvaeAccuracy,
  summarize,
  trainPcVaeRoute,
  type Experiment,
  type MeasurementRecord,
} from '../src/experiments/index.ts';
import type { PcVae } from '../src/models/pcvae/index.ts';
import { classAreaForm, classAreaKinds, type ClassAreaKind } from '../src/models/ssvae/index.ts';
import { createRng } from '../src/random/rng.ts';

const perDataset = (max: number) => z.record(z.string(), wholeNumber(1, max).optional());

/** What a run of this experiment may configure (`neocortex spec experiment label-efficiency`). */
export const LabelEfficiencyConfig = z
  .object({
    /** Label counts, balanced across classes; "all" labels every training image. */
    labels: z.array(z.union([wholeNumber(1, 10_000_000), z.literal('all')])).min(1),
    /** Training and test images by data set (a data set not listed: all of them). */
    train: perDataset(1_000_000),
    test: perDataset(1_000_000),
    /** The pcvae shared by m1 and ssvae: stochastic area size, hidden width, epochs. */
    vae: z
      .object({
        latent: wholeNumber(1, 10_000),
        hidden: wholeNumber(1, 16_384),
        epochs: wholeNumber(1, 10_000),
      })
      .strict(),
    /** Epochs of the ssvae's class area by data set (a data set not listed: mnist's). */
    classEpochs: perDataset(10_000),
    /**
     * How the ssvae's class area is built: `dense` (its own dense layers, the default) or
     * `cortex` (cortex areas y and z2 predicting z1 through a deterministic joint area).
     */
    classArea: z.enum(classAreaKinds).default('dense'),
    mlpSteps: wholeNumber(1, 10_000_000),
    latentSteps: wholeNumber(1, 10_000_000),
    /** Training and test images for every data set (quick runs), ahead of `train` and `test`. */
    trainCount: wholeNumber(1, 1_000_000).optional(),
    testCount: wholeNumber(1, 1_000_000).optional(),
  })
  .strict();

const FULL = {
  labels: [100, 600, 1000, 3000, 'all'] as (number | 'all')[],
  // Fashion-MNIST's 60k training images are subsampled to keep the run's time sane.
  train: { mnist: undefined, 'fashion-mnist': 10_000 } as Record<string, number | undefined>,
  test: { mnist: undefined, 'fashion-mnist': 2_000 } as Record<string, number | undefined>,
  // MNIST: the schedule of `neocortex train --model ssvae` (docs/experiments.md: 87.4% with 100 labels),
  // 20 epochs of the unlabelled lower hierarchy and 60 of the class area. Fashion-MNIST's
  // class area gets 20 epochs of its 10,000 images: 60 would take 40 minutes a seed here.
  vae: { latent: 20, hidden: 400, epochs: 20 },
  classEpochs: { mnist: 60, 'fashion-mnist': 20 } as Record<string, number>,
  classArea: 'dense' as const,
  mlpSteps: 300,
  latentSteps: 1000,
};
const QUICK: z.input<typeof LabelEfficiencyConfig> = {
  labels: [100, 'all'] as (number | 'all')[],
  train: {} as Record<string, number | undefined>,
  test: {} as Record<string, number | undefined>,
  vae: { latent: 10, hidden: 100, epochs: 2 },
  classEpochs: { mnist: 1 } as Record<string, number>,
  classArea: 'dense',
  mlpSteps: 30,
  latentSteps: 60,
  trainCount: 700,
  testCount: 200,
};

/** Kingma et al. 2014, Table 1 (full MNIST, 50k training images): test error %. */
const KINGMA = {
  100: { NN: 25.8, 'M1+TSVM': 11.8, M2: 12.0, 'M1+M2': 3.3 },
  3000: { NN: 6.0, 'M1+TSVM': 3.5, M2: 3.9, 'M1+M2': 2.2 },
} as Record<number, Record<string, number>>;
/** PyTorch on the embedded MNIST split (../shared/FACTS.md): accuracy %. */
const PYTORCH: Record<string, Record<number, number>> = {
  mlp: { 100: 73.8, 600: 88.7, 1000: 88.6, 3000: 92.7 },
  m1: { 100: 76.4, 600: 89.1, 1000: 91.3, 3000: 94.0 },
};
const METHODS = ['mlp', 'm1', 'ssvae'] as const;
/** How the report names each build of the ssvae's class area. */
const CLASS_AREA_WORDS: Record<ClassAreaKind, string> = {
  dense: 'its own dense networks',
  cortex: 'cortex areas: y and z2 predict z1 and its precision through a deterministic joint area',
};
const METHOD_NAMES: Record<string, string> = {
  mlp: 'feedforward MLP (labelled only)',
  m1: 'M1: MLP on pcvae latent means',
  ssvae: 'ssvae (M1+M2)',
};

export const labelEfficiency: Experiment = {
  name: 'label-efficiency',
  title: 'Label efficiency: discriminative vs generative classifiers',
  claim:
    'Discriminative learning needs extensive manual labelling; a generative model learns ' +
    'the structure of the data from unlabelled images and then needs few labels.',
  datasets: ['mnist', 'fashion-mnist'],
  config: { schema: LabelEfficiencyConfig, full: FULL, quick: QUICK },
  async run(ctx) {
    const size = LabelEfficiencyConfig.parse(ctx.config);
    const data = await loadExperimentData(ctx.dataset, {
      train: size.trainCount ?? size.train[ctx.dataset],
      test: size.testCount ?? size.test[ctx.dataset],
    });
    const { train, test } = data;
    const vae = size.vae;
    // Data sets without a class-stage length of their own take MNIST's.
    const classEpochs = size.classEpochs[ctx.dataset] ?? size.classEpochs['mnist']!;
    const classes = train.classNames.length;
    const testBinary = { ...test, images: binarizeTestSet(test.images) };
    const labelCounts = size.labels.map((n) => (n === 'all' ? train.count : n));
    const config = {
      dataset: data.name,
      trainImages: train.count,
      testImages: test.count,
      labels: labelCounts,
      vae,
      mlp: { sizes: [784, 512, 512, classes], steps: size.mlpSteps, batchSize: 128 },
      m1: { sizes: [vae.latent, 128, classes], steps: size.latentSteps, batchSize: 128 },
      ssvae: { classEpochs, labelWeight: 10 },
    };
    ctx.progress.start(ctx.seeds.length * labelCounts.length * METHODS.length);
    const records: MeasurementRecord[] = [];
    for (const seed of ctx.seeds) {
      let lower: Promise<PcVae> | undefined;
      const sharedVae = () =>
        (lower ??= trainPcVaeRoute(train, {
          ...vae,
          seed,
          checkpoint: ctx.checkpointPath(`pcvae-seed${seed}`),
          onBatch: ctx.progress.tracker(`pcvae seed ${seed}`, vae.epochs),
        }).then((r) => r.model));
      try {
        for (const n of labelCounts) {
          const labelled =
            n >= train.count
              ? allIndices(train.count)
              : balancedSubset(
                  train.labels,
                  Math.floor(n / classes),
                  classes,
                  createRng(seed).fork('labels'),
                );
          // Only what the cell's result depends on, so runs that add seeds or labels reuse it.
          const common = { dataset: config.dataset, train: train.count, test: test.count, seed, n };
          const cellConfigs = {
            mlp: { ...common, mlp: config.mlp },
            m1: { ...common, vae: config.vae, m1: config.m1 },
            ssvae: {
              ...common,
              vae: config.vae,
              ssvae: config.ssvae,
              ...classAreaForm(size.classArea),
            },
          };
          for (const method of METHODS) {
            const accuracy = await ctx.cell(
              `${method}-n${n}-seed${seed}`,
              cellConfigs[method],
              async () => {
                ctx.progress.within(`${method} N=${n} seed ${seed}`, 0);
                if (method === 'mlp') {
                  const [report] = await feedforwardAccuracy(train, labelled, [test], {
                    steps: size.mlpSteps,
                    seed,
                    onBatch: ctx.progress.tracker(
                      `mlp N=${n}`,
                      epochsForSteps(labelled.length, 128, size.mlpSteps),
                    ),
                  });
                  return report!.accuracy;
                }
                const model = await sharedVae();
                if (method === 'm1') {
                  const [report] = await latentClassifierAccuracy(
                    latentMeans(model, train),
                    labelled,
                    [latentMeans(model, test)],
                    { steps: size.latentSteps, seed },
                  );
                  return report!.accuracy;
                }
                const [report] = await ssvaeAccuracy(model, train, labelled, [testBinary], {
                  classEpochs,
                  seed,
                  classArea: size.classArea,
                  onBatch: ctx.progress.tracker(`ssvae N=${n}`, classEpochs),
                });
                return report!.accuracy;
              },
            );
            records.push({ dataset: data.name, method, labels: n, seed, accuracy });
            ctx.print(
              `${method} N=${n} seed ${seed}: ${(100 * accuracy).toFixed(2)}% test accuracy`,
            );
          }
        }
      } finally {
        (await lower?.catch(() => undefined))?.dispose();
      }
    }
    const summary = summarize(records, ['method', 'labels'], ['accuracy']);
    const plot = linePlotSvg({
      title: `Test accuracy against labels (${data.name})`,
      xLabel: 'labelled training images N (log scale)',
      yLabel: 'test accuracy (%)',
      xScale: 'log',
      series: [
        ...METHODS.map((method) => ({
          name: METHOD_NAMES[method]!,
          points: labelCounts.flatMap((n) => {
            const row = findRow(summary, { method, labels: n }, 'accuracy');
            return row ? [{ x: n, y: 100 * row.mean, spread: 100 * row.std }] : [];
          }),
        })),
        ...(data.name === 'mnist'
          ? ['NN', 'M1+M2'].map((anchor, i) => ({
              name: `Kingma 2014 ${anchor} (full MNIST)`,
              dashed: true,
              colour: i === 0 ? 0 : 2,
              points: [100, 3000].map((n) => ({ x: n, y: 100 - KINGMA[n]![anchor]! })),
            }))
          : []),
      ],
    });
    const rows = labelCounts.map((n) => [
      n === train.count ? `all ${n}` : String(n),
      ...METHODS.map((method) =>
        formatMeanStd(findRow(summary, { method, labels: n }, 'accuracy'), 2, 100),
      ),
      ...(data.name === 'mnist'
        ? [
            PYTORCH['mlp']![n]?.toFixed(1) ?? '–',
            PYTORCH['m1']![n]?.toFixed(1) ?? '–',
            KINGMA[n] ? (100 - KINGMA[n]['NN']!).toFixed(1) : '–',
            KINGMA[n] ? (100 - KINGMA[n]['M1+TSVM']!).toFixed(1) : '–',
            KINGMA[n] ? (100 - KINGMA[n]['M2']!).toFixed(1) : '–',
            KINGMA[n] ? (100 - KINGMA[n]['M1+M2']!).toFixed(1) : '–',
          ]
        : []),
    ]);
    const headers = [
      'labels N',
      'MLP (%)',
      'M1 (%)',
      'ssvae (%)',
      ...(data.name === 'mnist'
        ? ['PyTorch MLP', 'PyTorch M1', 'Kingma NN', 'Kingma M1+TSVM', 'Kingma M2', 'Kingma M1+M2']
        : []),
    ];
    const report = [
      '## Setup',
      '',
      `- Data: ${data.name}, ${train.count} training images (all used without labels by the ` +
        `generative routes), ${test.count} test images; N labels drawn balanced per class ` +
        `(N/${classes} a class) with each seed.`,
      `- MLP 784-512-512-${classes} (the feedforward hierarchy), grey levels, Adam 1e-3, batch 128, ` +
        `trained for a fixed ${size.mlpSteps} optimisation steps whatever N (small N gets many ` +
        'epochs of few images, so every N gets the same number of updates).',
      `- One pcvae 784-${vae.hidden}-${vae.latent} per seed, ${vae.epochs} epochs ` +
        'on every training image without labels (dynamic binarisation). It serves both generative routes.',
      `- M1: MLP ${vae.latent}-128-${classes} on the pcvae's z1 posterior means (grey-level ` +
        `images), ${size.latentSteps} steps.`,
      `- ssvae: the pcvae's weights copied into the ssvae's lower hierarchy, then only the class ` +
        `area (${CLASS_AREA_WORDS[size.classArea]}) trained, ${classEpochs} epochs over every ` +
        'image with a labelled batch beside each ' +
        'unlabelled one (label weight 10); tested on the binarised test set, by recognition alone.',
      '',
      '## Test accuracy (%)',
      '',
      markdownTable(headers, rows),
      '',
      data.name === 'mnist'
        ? 'PyTorch columns: the reference figures measured on this same embedded split ' +
          "(../shared/FACTS.md: MLP 784-512-512-10 20 epochs; small MLP on a 784-400-20 VAE's " +
          'latent means). Kingma columns: Kingma et al. 2014, Table 1, as accuracy = 100 − error; ' +
          'they are on full MNIST (50,000 training images, 6x more unlabelled data) with longer ' +
          'training, so compare the shape (the gap between the routes at small N), not the level.'
        : 'No published anchor on this data set and protocol.',
      '',
      '![accuracy against labels](accuracy.svg)',
      '',
      '## Reading',
      '',
      comparison(summary, labelCounts),
    ].join('\n');
    return {
      config,
      records,
      summary,
      plots: [{ file: 'accuracy.svg', svg: plot }],
      images: [],
      report,
      extra: { anchors: { kingma2014TestErrorPercent: KINGMA, pytorchAccuracyPercent: PYTORCH } },
    };
  },
};

function comparison(summary: ReturnType<typeof summarize>, labelCounts: number[]): string {
  const lines: string[] = [];
  for (const n of labelCounts) {
    const mlp = findRow(summary, { method: 'mlp', labels: n }, 'accuracy');
    const m1 = findRow(summary, { method: 'm1', labels: n }, 'accuracy');
    const ss = findRow(summary, { method: 'ssvae', labels: n }, 'accuracy');
    if (!mlp || !m1 || !ss) continue;
    const gap = (row: typeof mlp) => (100 * (row.mean - mlp.mean)).toFixed(1);
    lines.push(
      `- N = ${n}: M1 ${gap(m1)} and ssvae ${gap(ss)} points from the feedforward MLP ` +
        `(${(100 * mlp.mean).toFixed(1)}%).`,
    );
  }
  return lines.join('\n');
}
