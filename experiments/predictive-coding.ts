/**
 * Predictive coding: feedback refines what feedforward recognition guessed.
 * Four measurements on the embedded digits:
 *   1. The amortization gap (Cremer et al. 2018): test −ELBO against settling
 *      iterations (means and log-variances) from the encoder's guess, for a
 *      pcvae with one and with two stochastic areas, next to an
 *      importance-weighted −log p(x); the inference gap split into its
 *      approximation and amortization parts.
 *   2. Filling in: occluded pixels (precision 0) predicted by the encoder
 *      alone, by settling, and by settling with a feedback pathway lesioned.
 *   3. Noise: a latent classifier on the encoder's means against the settled ones.
 *   4. Local against backprop learning: pcn learning curves and accuracy
 *      against inference steps T; pcgen's test free energy and −log p(x) per epoch.
 */
import { join } from 'node:path';
import type { ImageSet } from '../src/data/index.ts';
import {
  loadExperimentData,
  summarize,
  trainPcVaeRoute,
  type Experiment,
  type ExperimentContext,
  type PcVaeGeneratorSpec,
  type MeasurementRecord,
} from '../src/experiments/index.ts';
import { measureAmortizationGap } from '../src/experiments/predictiveCoding/amortizationGap.ts';
import {
  FULL_CONFIG,
  PredictiveCodingConfig,
  QUICK_CONFIG,
} from '../src/experiments/predictiveCoding/config.ts';
import { measureFillIn } from '../src/experiments/predictiveCoding/fillInCell.ts';
import { writeLabelledFillInGrid } from '../src/experiments/predictiveCoding/fillInGrid.ts';
import { pcgenCurve, pcnCurve } from '../src/experiments/predictiveCoding/learningCurves.ts';
import { measureNoiseRobustness } from '../src/experiments/predictiveCoding/noiseRobustness.ts';
import { predictiveCodingPlots } from '../src/experiments/predictiveCoding/plots.ts';
import { CREMER_2018, predictiveCodingReport } from '../src/experiments/predictiveCoding/report.ts';
import { writeImageGrid } from '../src/io/imageGrid.ts';
import { binarizeTestSet, TEST_BINARIZATION_SEED } from '../src/models/evaluate.ts';
import type { PcVae } from '../src/models/pcvae/index.ts';

/** The figures of the gap split kept per model and seed. */
const SPLIT_METRICS = [
  'negElboEncoder',
  'negElboOptimal',
  'negElboAmortized',
  'nllEncoderProposal',
  'nllOptimalProposal',
  'nll',
  'inference',
  'approximation',
  'amortization',
  'raisedFraction',
] as const;

/** One pcvae per model and seed, trained once (with a checkpoint) for every cell that needs it. */
function sharedModels(ctx: ExperimentContext, train: ImageSet) {
  const trained = new Map<string, Promise<PcVae>>();
  return {
    get(spec: PcVaeGeneratorSpec, seed: number): Promise<PcVae> {
      const key = `${spec.name}-seed${seed}`;
      let model = trained.get(key);
      if (model === undefined) {
        model = trainPcVaeRoute(train, {
          latent: spec.latentSizes,
          hidden: spec.hiddenSizes,
          epochs: spec.epochs,
          seed,
          checkpoint: ctx.checkpointPath(key),
          onBatch: ctx.progress.tracker(`${spec.name} seed ${seed}`, spec.epochs),
        }).then((r) => r.model);
        trained.set(key, model);
      }
      return model;
    },
    async dispose() {
      for (const model of trained.values()) (await model.catch(() => undefined))?.dispose();
      trained.clear();
    },
  };
}

/** The `predictive-coding` experiment (`neocortex experiment predictive-coding`). */
export const predictiveCoding: Experiment = {
  name: 'predictive-coding',
  title: 'Predictive coding: feedback refines what recognition guessed',
  claim:
    'Feedback signals refine what feedforward recognition guessed: settling the posterior closes ' +
    'the amortization gap, fills in what is hidden and resists noise; and a network can learn by ' +
    'local prediction errors instead of backpropagation.',
  datasets: ['mnist'],
  config: { schema: PredictiveCodingConfig, full: FULL_CONFIG, quick: QUICK_CONFIG },
  async run(ctx) {
    const size = PredictiveCodingConfig.parse(ctx.config);
    const data = await loadExperimentData(ctx.dataset, { train: size.train, test: size.test });
    const { train, test } = data;
    const image = { height: train.height, width: train.width };
    const pixels = image.height * image.width;
    const testBinary = binarizeTestSet(test.images);
    const dataConfig = { dataset: data.name, train: train.count, test: test.count };
    const localSteps = [...new Set([...size.pcn.stepsSweep, size.pcn.inferenceSteps])].sort(
      (a, b) => a - b,
    );
    ctx.progress.start(ctx.seeds.length * (3 * size.models.length + 1 + localSteps.length + 2));
    const records: MeasurementRecord[] = [];
    const images: string[] = [];
    for (const seed of ctx.seeds) {
      const models = sharedModels(ctx, train);
      try {
        for (const spec of size.models) {
          const common = { ...dataConfig, model: spec, seed };
          const gap = await ctx.cell(
            `gap-${spec.name}-seed${seed}`,
            { ...common, gap: size.gap },
            async () => {
              const model = await models.get(spec, seed);
              ctx.progress.within(`${spec.name} seed ${seed}: amortization gap`, 0);
              const n = Math.min(size.gap.images ?? test.count, test.count);
              return measureAmortizationGap(model, testBinary.subarray(0, n * pixels), {
                ...size.gap,
                seed: TEST_BINARIZATION_SEED + seed,
              });
            },
          );
          gap.iterations.forEach((t, i) =>
            records.push({
              part: 'gap',
              model: spec.name,
              iterations: t,
              seed,
              negElbo: gap.negElbo[i]!,
            }),
          );
          records.push({
            part: 'gap-split',
            model: spec.name,
            seed,
            images: gap.images,
            ...Object.fromEntries(SPLIT_METRICS.map((m) => [m, gap[m]])),
          });
          ctx.print(
            `${spec.name} seed ${seed}: -ELBO ${gap.negElboEncoder.toFixed(2)} -> ${gap.negElboOptimal.toFixed(2)} ` +
              `after settling, -log p(x) ${gap.nll.toFixed(2)}; amortization gap ${gap.amortization.toFixed(2)}, ` +
              `approximation gap ${gap.approximation.toFixed(2)} nats`,
          );

          const gridFile = `fill-in-${spec.name}.png`;
          const fill = await ctx.cell(
            `fillin-${spec.name}-seed${seed}`,
            { ...common, fillIn: size.fillIn },
            async () => {
              const model = await models.get(spec, seed);
              ctx.progress.within(`${spec.name} seed ${seed}: filling in`, 0);
              const n = Math.min(size.fillIn.images ?? test.count, test.count);
              const measured = measureFillIn(model, testBinary.subarray(0, n * pixels), image, {
                ...size.fillIn,
                seed: 4_000 + seed,
                batchSize: 500,
                gridImages: seed === ctx.runSeeds[0] ? size.fillIn.gridImages : 0,
              });
              if (measured.grid !== undefined) {
                await writeImageGrid(join(ctx.outDir, gridFile), measured.grid, {
                  ...image,
                  columns: size.fillIn.gridImages,
                  scale: 2,
                });
              }
              return { errors: measured.errors, methods: measured.methods };
            },
          );
          if (seed === ctx.runSeeds[0] && size.fillIn.gridImages > 0) {
            // The PNG with each row named at its left (an SVG), when the grid exists.
            const labelled = await writeLabelledFillInGrid(
              ctx.outDir,
              `fill-in-${spec.name}`,
              { ...image, columns: size.fillIn.gridImages, scale: 2 },
              size.fillIn.occlusions,
              fill.methods,
            );
            images.push(labelled ?? gridFile);
          }
          for (const [occlusion, byMethod] of Object.entries(fill.errors)) {
            for (const [method, e] of Object.entries(byMethod)) {
              records.push({ part: 'fill-in', model: spec.name, occlusion, method, seed, ...e! });
            }
          }

          const noise = await ctx.cell(
            `noise-${spec.name}-seed${seed}`,
            { ...common, noise: size.noise },
            async () => {
              const model = await models.get(spec, seed);
              ctx.progress.within(`${spec.name} seed ${seed}: noise`, 0);
              return measureNoiseRobustness(model, train, test, { ...size.noise, seed });
            },
          );
          noise.levels.forEach((level, i) => {
            for (const latent of ['encoder', 'settled'] as const) {
              records.push({
                part: 'noise',
                model: spec.name,
                level,
                latent,
                seed,
                accuracy: noise[latent][i]!,
              });
            }
          });
        }
      } finally {
        await models.dispose();
      }

      const pcnRuns = [
        {
          learning: 'backprop' as const,
          steps: size.pcn.inferenceSteps,
          key: `pcn-backprop-seed${seed}`,
        },
        ...localSteps.map((steps) => ({
          learning: 'local' as const,
          steps,
          key: `pcn-local-T${steps}-seed${seed}`,
        })),
      ];
      for (const run of pcnRuns) {
        const { hiddenSizes, epochs, batchSize, learningRate, inferenceRate } = size.pcn;
        const pcnShared = { hiddenSizes, epochs, batchSize, learningRate, inferenceRate };
        const curve = await ctx.cell(
          run.key,
          {
            ...dataConfig,
            pcn: pcnShared,
            learning: run.learning,
            ...(run.learning === 'local' ? { inferenceSteps: run.steps } : {}),
            seed,
          },
          () =>
            pcnCurve(train, test, {
              spec: {
                hiddenSizes: size.pcn.hiddenSizes,
                learning: run.learning,
                inferenceSteps: run.steps,
                inferenceRate: size.pcn.inferenceRate,
                optimizer: { name: 'adam', learningRate: size.pcn.learningRate },
              },
              epochs: size.pcn.epochs,
              batchSize: size.pcn.batchSize,
              seed,
              onBatch: ctx.progress.tracker(
                `pcn ${run.learning} T=${run.steps} seed ${seed}`,
                size.pcn.epochs,
              ),
            }),
        );
        const T = run.learning === 'local' ? run.steps : 0;
        curve.testAccuracy.forEach((accuracy, e) =>
          records.push({
            part: 'pcn',
            learning: run.learning,
            T,
            epoch: e + 1,
            seed,
            accuracy,
            trainLoss: curve.trainLoss[e]!,
          }),
        );
        ctx.print(
          `pcn ${run.learning}${T ? ` T=${T}` : ''} seed ${seed}: ${(100 * curve.testAccuracy.at(-1)!).toFixed(2)}% test accuracy`,
        );
      }

      const pcgenTest = Math.min(size.pcgen.testImages ?? test.count, test.count);
      for (const learning of ['local', 'backprop'] as const) {
        const curve = await ctx.cell(
          `pcgen-${learning}-seed${seed}`,
          { ...dataConfig, pcgen: size.pcgen, learning, seed },
          () =>
            pcgenCurve(train, testBinary.subarray(0, pcgenTest * pixels), {
              spec: {
                latentSizes: size.pcgen.latentSizes,
                inferenceSteps: size.pcgen.inferenceSteps,
                inferenceRate: size.pcgen.inferenceRate,
              },
              learning,
              epochs: size.pcgen.epochs,
              batchSize: size.pcgen.batchSize,
              learningRate: size.pcgen.learningRate,
              samples: size.pcgen.samples,
              seed,
              onBatch: ctx.progress.tracker(`pcgen ${learning} seed ${seed}`, size.pcgen.epochs),
            }),
        );
        curve.testNll.forEach((nll, e) =>
          records.push({
            part: 'pcgen',
            learning,
            epoch: e + 1,
            seed,
            nll,
            freeEnergy: curve.testFreeEnergy[e]!,
            trainFreeEnergy: curve.trainFreeEnergy[e]!,
          }),
        );
        ctx.print(
          `pcgen ${learning} seed ${seed}: test -log p(x) ${curve.testNll.at(-1)!.toFixed(2)} nats`,
        );
      }
    }

    const of = (part: string) => records.filter((r) => r['part'] === part);
    const summary = [
      ...summarize(of('gap'), ['part', 'model', 'iterations'], ['negElbo']),
      ...summarize(of('gap-split'), ['part', 'model'], SPLIT_METRICS),
      ...summarize(
        of('fill-in'),
        ['part', 'model', 'occlusion', 'method'],
        ['crossEntropy', 'squaredError'],
      ),
      ...summarize(of('noise'), ['part', 'model', 'level', 'latent'], ['accuracy']),
      ...summarize(of('pcn'), ['part', 'learning', 'T', 'epoch'], ['accuracy', 'trainLoss']),
      ...summarize(
        of('pcgen'),
        ['part', 'learning', 'epoch'],
        ['nll', 'freeEnergy', 'trainFreeEnergy'],
      ),
    ];
    const config = { ...dataConfig, ...size, pcnLocalSteps: localSteps };
    const view = {
      size,
      summary,
      models: size.models.map((m) => m.name),
      localSteps,
      dataset: data.name,
      train: train.count,
      test: test.count,
      images,
    };
    return {
      config,
      records,
      summary,
      plots: predictiveCodingPlots(view),
      images,
      report: predictiveCodingReport(view),
      extra: { anchors: { cremer2018GapNats: CREMER_2018 } },
    };
  },
};
