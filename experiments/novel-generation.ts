/**
 * Novel generation: a generative model makes images it never saw. For samples
 * from the prior of each generative model in the config's list (by default a
 * pcvae with one stochastic area and one with two):
 *   1. each sample's Euclidean distance to its nearest training image, next to
 *      the same for real test images (novel, not memorised), and for the
 *      model's reconstructions of the test images (as smooth as its samples);
 *   2. what the feedforward MLP trained on the same data makes of the samples:
 *      its confidence (largest softmax probability) and the classes it names,
 *      next to the same on the test images;
 *   3. a Fréchet distance between samples and test images in the feature space
 *      of that MLP (its last hidden area), with real training images against
 *      test images as the floor (not the Inception FID);
 *   4. a grid of samples above their nearest training images.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { wholeNumber } from '../src/cortex/specFields.ts';
import type { ImageSet } from '../src/data/index.ts';
import {
  allIndices,
  classFractions,
  describeGenerator,
  entropyBits,
  epochsForSteps,
  featureStats,
  findRow,
  formatMeanStd,
  fractionBelow,
  frechetDistance,
  GeneratorList,
  histogram,
  linePlotSvg,
  loadExperimentData,
  markdownTable,
  nearestNeighbours,
  neighbourGridPixels,
  quantile,
  randomSubset,
  readClassifier,
  summarize,
  trainFeedforward,
  trainGenerator,
  type Experiment,
  type ExperimentContext,
  type FeatureStats,
  type GeneratorSpec,
  type MeasurementRecord,
  type PlotSeries,
} from '../src/experiments/index.ts';
import { writeImageGrid } from '../src/io/imageGrid.ts';
import type { Classifier } from '../src/models/classifier/index.ts';
import { createRng } from '../src/random/rng.ts';

/** What a run of this experiment may configure (`neocortex spec experiment novel-generation`). */
export const NovelGenerationConfig = z
  .object({
    /** Training and test images (default: the whole data set). */
    train: wholeNumber(1, 1_000_000).optional(),
    test: wholeNumber(1, 1_000_000).optional(),
    /** The generative models to sample from, each trained on every training image without labels. */
    models: GeneratorList,
    /** Samples drawn from each model's prior, per seed. */
    samples: wholeNumber(2, 100_000),
    /** The feedforward MLP whose confidence and features judge the samples: steps and hidden sizes. */
    mlpSteps: wholeNumber(1, 10_000_000),
    mlpHidden: z.array(wholeNumber(1, 16_384)).min(1).max(16),
  })
  .strict();
type NovelGenerationConfig = z.infer<typeof NovelGenerationConfig>;

const FULL = {
  models: [
    { name: 'pcvae-1', kind: 'pcvae', latentSizes: [20], hiddenSizes: [400], epochs: 20 },
    { name: 'pcvae-2', kind: 'pcvae', latentSizes: [20, 10], hiddenSizes: [400, 200], epochs: 20 },
    { name: 'pcgen', kind: 'pcgen', latentSizes: [256, 128], inferenceSteps: 20, epochs: 10 },
  ] as GeneratorSpec[],
  samples: 2000,
  mlpSteps: 1000,
  mlpHidden: [512, 512],
};
const QUICK: z.input<typeof NovelGenerationConfig> = {
  train: 600,
  test: 200,
  models: [
    { name: 'pcvae-1', kind: 'pcvae', latentSizes: [8], hiddenSizes: [64], epochs: 2 },
    { name: 'pcvae-2', kind: 'pcvae', latentSizes: [8, 4], hiddenSizes: [64, 32], epochs: 2 },
    { name: 'pcgen', kind: 'pcgen', latentSizes: [16], inferenceSteps: 5, epochs: 1 },
  ],
  samples: 200,
  mlpSteps: 40,
  mlpHidden: [64, 64],
};
const REAL = 'test images';
/** Samples and neighbours shown in each model's grid (two rows of ten pairs). */
const GRID = { columns: 10, pairs: 20 };
const NEAR_COPY_QUANTILE = 0.05;

/** Distances kept in cells to 4 decimals, confidences to 5: enough for every figure, a tenth of the bytes. */
const rounded = (values: ArrayLike<number>, digits: number) =>
  Array.from(values, (v) => Number(v.toFixed(digits)));

/** What one model's cell keeps: the per-image figures every table and plot is made from. */
interface ModelCell {
  sampleDistance: number[];
  reconstructionDistance: number[];
  confidence: number[];
  predicted: number[];
  frechet: number;
  trainNegElbo: number;
  sampling: string;
}

/** What the real images' cell keeps: the classifier on the test images, and the real-vs-real floor. */
interface RealCell {
  accuracy: number;
  confidence: number[];
  predicted: number[];
  frechet: number;
}

/** The figures of one source of images (test images or one model's samples) for one seed. */
function measures(
  distance: readonly number[],
  testQ05: number,
  confidence: readonly number[],
  predicted: readonly number[],
  classes: number,
): MeasurementRecord {
  const fractions = classFractions(predicted, classes);
  return {
    nnMedian: quantile(distance, 0.5),
    nnQ05: quantile(distance, 0.05),
    nnQ25: quantile(distance, 0.25),
    nnQ75: quantile(distance, 0.75),
    nnQ95: quantile(distance, 0.95),
    nnBelowTestQ05: fractionBelow(distance, testQ05),
    confidenceMean: confidence.reduce((a, b) => a + b, 0) / confidence.length,
    confidenceMedian: quantile(confidence, 0.5),
    confident90: 1 - fractionBelow(confidence, 0.9),
    classEntropyBits: entropyBits(fractions),
    ...Object.fromEntries(fractions.map((f, c) => [`class_${c}`, f])),
  };
}

/** One seed's shared pieces, made only if a cell of that seed needs them: the classifier and the test features. */
function seedResources(
  ctx: ExperimentContext,
  train: ImageSet,
  test: ImageSet,
  size: NovelGenerationConfig,
  seed: number,
) {
  let classifier: Promise<Classifier> | undefined;
  let testStats: FeatureStats | undefined;
  const shared = () =>
    (classifier ??= trainFeedforward(train, allIndices(train.count), {
      steps: size.mlpSteps,
      seed,
      hiddenSizes: size.mlpHidden,
      onBatch: ctx.progress.tracker(
        `classifier seed ${seed}`,
        epochsForSteps(train.count, 128, size.mlpSteps),
      ),
    }).then((r) => r.model));
  return {
    classifier: shared,
    async testFeatures(): Promise<FeatureStats> {
      if (testStats === undefined) {
        const readout = readClassifier(await shared(), test.images, test.count);
        testStats = featureStats(readout.features, readout.featureSize);
      }
      return testStats;
    },
    async dispose() {
      if (classifier !== undefined)
        await classifier.then(
          (m) => m.dispose(),
          () => undefined,
        );
    },
  };
}

function distanceSeries(
  pooled: Map<string, number[]>,
  names: string[],
  reconstructions: Map<string, number[]>,
): PlotSeries[] {
  const all = [...pooled.values(), ...reconstructions.values()].flat();
  const range = { min: 0, max: Math.ceil(Math.max(...all)), bins: 40 };
  const series = (name: string, values: number[], colour: number, dashed = false): PlotSeries => {
    const h = histogram(values, range);
    return {
      name,
      colour,
      dashed,
      points: h.centres.map((x, i) => ({ x, y: h.fractions[i]! })),
    };
  };
  return [
    series(`${REAL} → nearest training image`, pooled.get(REAL)!, 0),
    ...names.flatMap((name, i) => [
      series(`${name} samples`, pooled.get(name)!, i + 1),
      series(`${name} reconstructions of test images`, reconstructions.get(name)!, i + 1, true),
    ]),
  ];
}

export const novelGeneration: Experiment = {
  name: 'novel-generation',
  title: 'Novel generation: samples from the prior, not copies of the training set',
  claim:
    'A generative model generates data it never saw: its samples are new images of the same ' +
    'kind as the training data, not stored copies of it.',
  datasets: ['mnist', 'fashion-mnist', 'letters'],
  config: { schema: NovelGenerationConfig, full: FULL, quick: QUICK },
  async run(ctx) {
    const size = NovelGenerationConfig.parse(ctx.config);
    const data = await loadExperimentData(ctx.dataset, { train: size.train, test: size.test });
    const { train, test } = data;
    const pixels = train.height * train.width;
    const classes = train.classNames.length;
    const dataConfig = { dataset: data.name, train: size.train, test: size.test };
    const config = { ...dataConfig, trainImages: train.count, testImages: test.count, ...size };
    const names = size.models.map((m) => m.name);
    ctx.progress.start(1 + ctx.seeds.length * (1 + size.models.length));

    // Real test images against the training set: the distance a new digit is from the nearest one seen.
    const testDistance = await ctx.cell('test-nearest', dataConfig, async () => {
      ctx.progress.within('test images: nearest training images', 0);
      const nearest = nearestNeighbours(test.images, train.images, pixels);
      return rounded(nearest.distance, 4);
    });
    const testQ05 = quantile(testDistance, NEAR_COPY_QUANTILE);

    const records: MeasurementRecord[] = [];
    const pooled = new Map<string, number[]>([[REAL, testDistance]]);
    const pooledReconstructions = new Map<string, number[]>();
    const confidences = new Map<string, number[]>();
    const sampling = new Map<string, string>();
    const images: string[] = [];
    for (const seed of ctx.seeds) {
      const shared = seedResources(ctx, train, test, size, seed);
      const classifierConfig = {
        ...dataConfig,
        mlpSteps: size.mlpSteps,
        mlpHidden: size.mlpHidden,
        seed,
      };
      try {
        const real = await ctx.cell<RealCell>(
          `real-seed${seed}`,
          { ...classifierConfig, samples: size.samples },
          async () => {
            ctx.progress.within(`classifier seed ${seed}`, 0);
            const classifier = await shared.classifier();
            const readout = readClassifier(classifier, test.images, test.count);
            const right = readout.predicted.filter((p, i) => p === test.labels[i]).length;
            // The floor: as many real training images as samples, against the test images.
            const subset = randomSubset(
              train,
              Math.min(size.samples, train.count),
              createRng(seed),
            );
            const trainFeatures = readClassifier(classifier, subset.images, subset.count);
            return {
              accuracy: right / test.count,
              confidence: rounded(readout.confidence, 5),
              predicted: Array.from(readout.predicted),
              frechet: frechetDistance(
                featureStats(trainFeatures.features, trainFeatures.featureSize),
                await shared.testFeatures(),
              ),
            };
          },
        );
        records.push({
          dataset: data.name,
          source: REAL,
          seed,
          ...measures(testDistance, testQ05, real.confidence, real.predicted, classes),
          accuracy: real.accuracy,
          frechet: real.frechet,
        });
        confidences.set(REAL, [...(confidences.get(REAL) ?? []), ...real.confidence]);

        for (const spec of size.models) {
          const cell = await ctx.cell<ModelCell>(
            `${spec.name}-seed${seed}`,
            { ...classifierConfig, model: spec, samples: size.samples },
            async () => {
              const generator = await trainGenerator(spec, train, {
                seed,
                checkpoint: ctx.checkpointPath(`${spec.name}-seed${seed}`),
                onBatch: ctx.progress.tracker(`${spec.name} seed ${seed}`, spec.epochs),
              });
              try {
                ctx.progress.within(`${spec.name} seed ${seed}: samples`, 0.9);
                const samples = generator.sample(size.samples, 1000 + seed);
                const nearest = nearestNeighbours(samples, train.images, pixels);
                const rebuilt = generator.reconstruct(test.images, test.count);
                const rebuiltNearest = nearestNeighbours(rebuilt, train.images, pixels);
                if (seed === ctx.runSeeds[0]) {
                  const grid = neighbourGridPixels(
                    samples,
                    train.images,
                    nearest.index,
                    pixels,
                    GRID,
                  );
                  await writeImageGrid(join(ctx.outDir, `neighbours-${spec.name}.png`), grid, {
                    height: train.height,
                    width: train.width,
                    columns: GRID.columns,
                    scale: 2,
                  });
                }
                const readout = readClassifier(await shared.classifier(), samples, size.samples);
                return {
                  sampleDistance: rounded(nearest.distance, 4),
                  reconstructionDistance: rounded(rebuiltNearest.distance, 4),
                  confidence: rounded(readout.confidence, 5),
                  predicted: Array.from(readout.predicted),
                  frechet: frechetDistance(
                    featureStats(readout.features, readout.featureSize),
                    await shared.testFeatures(),
                  ),
                  trainNegElbo: generator.history.at(-1) ?? Number.NaN,
                  sampling: generator.sampling,
                };
              } finally {
                generator.dispose();
              }
            },
          );
          records.push({
            dataset: data.name,
            source: spec.name,
            seed,
            ...measures(cell.sampleDistance, testQ05, cell.confidence, cell.predicted, classes),
            reconstructionNnMedian: quantile(cell.reconstructionDistance, 0.5),
            frechet: cell.frechet,
            trainNegElbo: cell.trainNegElbo,
          });
          pooled.set(spec.name, [...(pooled.get(spec.name) ?? []), ...cell.sampleDistance]);
          pooledReconstructions.set(spec.name, [
            ...(pooledReconstructions.get(spec.name) ?? []),
            ...cell.reconstructionDistance,
          ]);
          confidences.set(spec.name, [...(confidences.get(spec.name) ?? []), ...cell.confidence]);
          sampling.set(spec.name, cell.sampling);
          const file = `neighbours-${spec.name}.png`;
          if (seed === ctx.runSeeds[0] && !images.includes(file)) images.push(file);
          ctx.print(
            `${spec.name} seed ${seed}: nearest-training distance median ` +
              `${quantile(cell.sampleDistance, 0.5).toFixed(2)} (test images ${quantile(testDistance, 0.5).toFixed(2)}), ` +
              `Frechet ${cell.frechet.toFixed(2)} (real ${real.frechet.toFixed(2)})`,
          );
        }
      } finally {
        await shared.dispose();
      }
    }

    const sources = [REAL, ...names];
    const metrics = [
      'nnMedian',
      'nnQ05',
      'nnQ25',
      'nnQ75',
      'nnQ95',
      'nnBelowTestQ05',
      'reconstructionNnMedian',
      'confidenceMean',
      'confidenceMedian',
      'confident90',
      'classEntropyBits',
      'accuracy',
      'frechet',
      'trainNegElbo',
      ...Array.from({ length: classes }, (_, c) => `class_${c}`),
    ];
    const summary = summarize(records, ['dataset', 'source'], metrics);
    const cellOf = (source: string, metric: string, digits = 2, scale = 1) =>
      formatMeanStd(findRow(summary, { dataset: data.name, source }, metric), digits, scale);

    const plots = [
      {
        file: 'nearest-distance.svg',
        svg: linePlotSvg({
          title: `Distance to the nearest training image (${data.name}, seeds pooled)`,
          xLabel: 'Euclidean distance in pixel space (grey levels / Bernoulli means in [0, 1])',
          yLabel: 'fraction of images',
          series: distanceSeries(pooled, names, pooledReconstructions),
        }),
      },
      {
        file: 'confidence.svg',
        svg: linePlotSvg({
          title: `Feedforward classifier's confidence (${data.name}, seeds pooled)`,
          xLabel: 'largest softmax probability',
          yLabel: 'fraction of images',
          series: sources.map((name, i) => {
            const h = histogram(confidences.get(name)!, { min: 0, max: 1, bins: 20 });
            return {
              name: name === REAL ? REAL : `${name} samples`,
              colour: i,
              points: h.centres.map((x, k) => ({ x, y: h.fractions[k]! })),
            };
          }),
        }),
      },
      {
        file: 'classes.svg',
        svg: linePlotSvg({
          title: `Classes the feedforward classifier names (${data.name})`,
          xLabel: `class (${train.classNames.join(' ')})`,
          yLabel: 'fraction of images (mean ± std over seeds)',
          series: sources.map((source, i) => ({
            name: source === REAL ? REAL : `${source} samples`,
            colour: i,
            points: Array.from({ length: classes }, (_, c) => {
              const row = findRow(summary, { dataset: data.name, source }, `class_${c}`);
              return { x: c, y: row?.mean ?? 0, spread: row?.std ?? 0 };
            }),
          })),
        }),
      },
    ];

    const label = (source: string) => (source === REAL ? REAL : `${source} samples`);
    const report = [
      '## Setup',
      '',
      `- Data: ${data.name}, ${train.count} training / ${test.count} test images (grey levels in [0, 1]).`,
      ...size.models.map(
        (m) =>
          `- \`${m.name}\`: ${describeGenerator(m, pixels)}, Bernoulli, Adam 1e-3, batch 128, ${m.epochs} epochs ` +
          `on every training image without labels (dynamic binarisation). ${size.samples} samples a seed: ` +
          `${sampling.get(m.name) ?? ''}.`,
      ),
      `- Feedforward classifier: MLP ${pixels}-${size.mlpHidden.join('-')}-${classes}, every label, ` +
        `${size.mlpSteps} steps, trained on the same training images; one per seed.`,
      '- Distances: Euclidean, in pixel space, between grey levels in [0, 1]: the samples and ' +
        'reconstructions are the Bernoulli means the model generates (not binarised), the training and ' +
        'test images their grey levels. Nearest neighbours are searched over every training image.',
      '',
      '## 1. Novel, not memorised: distance to the nearest training image',
      '',
      markdownTable(
        ['images', 'median', '5%', '25%', '75%', '95%', "below the test images' 5% quantile (%)"],
        sources.map((s) => [
          label(s),
          cellOf(s, 'nnMedian'),
          cellOf(s, 'nnQ05'),
          cellOf(s, 'nnQ25'),
          cellOf(s, 'nnQ75'),
          cellOf(s, 'nnQ95'),
          cellOf(s, 'nnBelowTestQ05', 1, 100),
        ]),
      ),
      '',
      'A model that stored and replayed training images would put its samples at distance 0 from ' +
        'them, far below where real test images lie; the last column counts samples closer to a training ' +
        'image than 95% of the test images are (5% for the test images by construction). Samples are ' +
        'Bernoulli means and so smoother than real images, which by itself moves them closer to the ' +
        "training images; the model's reconstructions of the test images are as smooth and are not copies " +
        'of training images, so their distance is the fair reference for the samples:',
      '',
      markdownTable(
        ['model', 'samples: median distance', 'reconstructions of test images: median distance'],
        names.map((n) => [n, cellOf(n, 'nnMedian'), cellOf(n, 'reconstructionNnMedian')]),
      ),
      '',
      '![distance to the nearest training image](nearest-distance.svg)',
      '',
      'Samples (odd rows) above their nearest training images (even rows), first seed:',
      '',
      ...names.flatMap((n) => [
        `\`${n}\`:`,
        '',
        `![${n} samples and neighbours](neighbours-${n}.png)`,
        '',
      ]),
      '## 2. What the feedforward classifier makes of the samples',
      '',
      markdownTable(
        [
          'images',
          'mean confidence',
          'median confidence',
          'confidence > 0.9 (%)',
          'class entropy (bits)',
        ],
        sources.map((s) => [
          label(s),
          cellOf(s, 'confidenceMean', 3),
          cellOf(s, 'confidenceMedian', 3),
          cellOf(s, 'confident90', 1, 100),
          cellOf(s, 'classEntropyBits', 3),
        ]),
      ),
      '',
      `Classifier test accuracy: ${cellOf(REAL, 'accuracy', 2, 100)}%. Class entropy: the entropy of the ` +
        `histogram of named classes (${Math.log2(classes).toFixed(3)} bits when every class is named equally often).`,
      '',
      'Classes named (% of images):',
      '',
      markdownTable(
        ['images', ...train.classNames],
        sources.map((s) => [
          label(s),
          ...train.classNames.map((_, c) => cellOf(s, `class_${c}`, 1, 100)),
        ]),
      ),
      '',
      '![confidence](confidence.svg)',
      '',
      '![classes](classes.svg)',
      '',
      "## 3. Fréchet distance in the classifier's feature space",
      '',
      markdownTable(
        ['images compared with the test images', 'Fréchet distance (squared)'],
        [
          [
            `${Math.min(size.samples, train.count)} real training images (the floor)`,
            cellOf(REAL, 'frechet', 3),
          ],
          ...names.map((n) => [`${size.samples} ${n} samples`, cellOf(n, 'frechet', 3)]),
        ],
      ),
      '',
      '**This is not the Inception FID** and cannot be compared with published FIDs: it is the same ' +
        "formula (‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁^½ Σ₂ Σ₁^½)^½)) on the activity of this project's " +
        `own MLP classifier's last hidden area (${size.mlpHidden.at(-1)} units), trained on the same ` +
        'training images, one per seed. Real training images against the test images give the value ' +
        'a perfect generator would reach with this many images.',
      '',
      '## Model training',
      '',
      markdownTable(
        [
          'model',
          'training loss after the last epoch (nats): −ELBO of a pcvae, settled free energy of a pcgen',
        ],
        names.map((n) => [n, cellOf(n, 'trainNegElbo')]),
      ),
    ].join('\n');
    return {
      config,
      records,
      summary,
      plots,
      images,
      report,
      extra: { testNearestQ05: testQ05 },
    };
  },
};
