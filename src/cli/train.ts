/**
 * `neocortex train`: train a model on a dataset, show a progress bar, and write
 * DIR/metrics.json with the backend, throughput and test scores.
 */
import { writePictures } from './pictures.ts';
import { binarizeTestSet, evaluateNegElbo, TEST_BINARIZATION_SEED } from '../models/evaluate.ts';
import { trainGenerative } from '../models/trainGenerative.ts';
import { dataParallel } from '../sim/dataParallel/index.ts';
import type { GenerativeModel } from '../models/generative.ts';
import {
  evaluateImportanceWeightedNll,
  evaluateSettledNegElbo,
  PcVae,
} from '../models/pcvae/index.ts';
import { Vae } from '../models/vae.ts';
import { createStageProgress, createTrainingProgress } from './progress.ts';
import { setUpRun } from './runSetup.ts';
import { resumedAtEpoch, runTrainingJob, type TrainReport } from './trainedRun.ts';
import { runTrainClassifier } from './trainClassifier.ts';
import { runTrainSsvae } from './trainSsvae.ts';
import { runTrainPcn } from './trainPcn.ts';
import { runTrainPcGen } from './trainPcGen.ts';
import { SpecError } from '../cortex/specError.ts';
import { pcvaeSpecOf } from '../models/modelSpec/index.ts';
import { modelSpecOf, type TrainOptions, type TrainOptionsOf } from './trainOptions.ts';

export type { TrainReport } from './trainedRun.ts';

export interface TestMetrics {
  negElbo: number;
  reconstruction: number;
  kl: number;
  count: number;
  /** pcvae: -ELBO after settling the posterior means (same evaluation noise). */
  negElboSettled?: number;
  settle?: { iterations: number; stepSize: number };
  /** pcvae: importance-weighted -log p(x) with nllK samples. */
  nll?: number;
  nllK?: number;
}

export interface TrainMetrics {
  version: string;
  model: string;
  dataset: string;
  backend: string;
  seed: number;
  config: Record<string, unknown>;
  epochs: number;
  samplesPerSecond: number;
  trainingSeconds: number;
  test: TestMetrics;
  history: { epoch: number; trainNegElbo: number; seconds: number; samplesPerSecond: number }[];
  finishedAt: string;
}

export async function runTrain(
  options: TrainOptions,
  print: (line: string) => void,
): Promise<TrainReport> {
  if (options.kind === 'classifier') return runTrainClassifier(options, print);
  if (options.kind === 'ssvae') return runTrainSsvae(options, print);
  if (options.kind === 'pcn') return runTrainPcn(options, print);
  if (options.kind === 'pcgen') return runTrainPcGen(options, print);
  return runTrainGenerative(options, print);
}

async function runTrainGenerative(
  options: TrainOptionsOf<'vae'> | TrainOptionsOf<'pcvae'>,
  print: (line: string) => void,
): Promise<TrainReport> {
  const { backend, data, outDir, checkpointPath } = await setUpRun(options, print);
  const inputSize = data.train.height * data.train.width;
  const { model, spec } = buildGenerativeModel(options, inputSize);
  const config = {
    ...spec,
    model: options.model,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    // Only when 2, so that checkpoints of one-thread runs made before the field resume.
    ...(options.workers === 2 ? { workers: 2 } : {}),
  };
  // Everything that must match for a checkpoint to be resumed (epochs may grow).
  const runConfig = {
    ...config,
    dataset: data.name,
    dataDir: options.dataDir ?? null,
    seed: options.seed,
  };
  const batchesPerEpoch = Math.ceil(data.train.count / options.batchSize);
  const progress = createTrainingProgress(
    batchesPerEpoch * options.epochs,
    options.epochs,
    options.progress,
  );
  return runTrainingJob(
    {
      outDir,
      origin: {
        model: options.model,
        dataset: data.name,
        backend: backend.name,
        seed: options.seed,
      },
      model,
      progress,
      checkpointPath: () => checkpointPath,
      train: () =>
        trainGenerative(model, data.train, {
          epochs: options.epochs,
          seed: options.seed,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          checkpoint: { path: checkpointPath, config: runConfig, resume: options.resume },
          onBatch: (p) => progress.onBatch(p),
          stepper: dataParallel({ workers: options.workers }),
        }),
      resumed: resumedAtEpoch(checkpointPath),
      report: async (result) => {
        const testPixels = binarizeTestSet(data.test.images);
        const test: TestMetrics = evaluateNegElbo(model, testPixels, {
          seed: TEST_BINARIZATION_SEED,
        });
        if (model instanceof PcVae && options.kind === 'pcvae') {
          Object.assign(test, testPcVae(model, testPixels, data.test.count, options));
        }
        const pictures = await writePictures(model, testPixels, data.test, outDir);
        return {
          figures: {
            spec: modelSpecOf(options),
            config: { ...config, epochs: options.epochs, dataDir: options.dataDir ?? null },
            epochs: options.epochs,
            samplesPerSecond: result.samplesPerSecond,
            trainingSeconds: result.trainingSeconds,
            test,
            history: result.epochs,
          },
          lines: [
            ...(pictures.length > 0 ? [`wrote ${pictures.join(', ')}`] : []),
            ...(test.negElboSettled !== undefined
              ? [`test -ELBO after settling ${test.negElboSettled.toFixed(2)} nats`]
              : []),
            ...(test.nll !== undefined
              ? [`test -log p(x) ${test.nll.toFixed(2)} nats (k = ${test.nllK})`]
              : []),
            `test -ELBO ${test.negElbo.toFixed(2)} nats (reconstruction ${test.reconstruction.toFixed(2)}, ` +
              `KL ${test.kl.toFixed(2)}) on ${test.count} images; ` +
              `${Math.round(result.samplesPerSecond)} samples/s`,
          ],
        };
      },
    },
    print,
  );
}

/** A pcvae's extra test figures: -ELBO after settling and importance-weighted -log p(x). */
function testPcVae(
  model: PcVae,
  testPixels: Float32Array,
  count: number,
  options: TrainOptionsOf<'pcvae'>,
): Partial<TestMetrics> {
  const extra: Partial<TestMetrics> = {};
  if (options.settleIterations > 0) {
    const stage = createStageProgress(
      `settling ${options.settleIterations} iterations`,
      count,
      options.progress,
    );
    const settled = evaluateSettledNegElbo(model, testPixels, {
      iterations: options.settleIterations,
      stepSize: options.settleStep,
      seed: TEST_BINARIZATION_SEED,
      onImages: (done) => stage.advance(done),
    });
    stage.stop();
    extra.negElboSettled = settled.negElbo;
    extra.settle = { iterations: options.settleIterations, stepSize: options.settleStep };
  }
  if (options.iwaeK > 0) {
    const stage = createStageProgress(`-log p(x), k = ${options.iwaeK}`, count, options.progress);
    extra.nll = evaluateImportanceWeightedNll(model, testPixels, {
      k: options.iwaeK,
      seed: TEST_BINARIZATION_SEED,
      onImages: (done) => stage.advance(done),
    }).nll;
    stage.stop();
    extra.nllK = options.iwaeK;
  }
  return extra;
}

/** The network a spec describes; its sensory area must match the data's images. */
function buildGenerativeModel(
  options: TrainOptionsOf<'vae'> | TrainOptionsOf<'pcvae'>,
  inputSize: number,
): { model: GenerativeModel; spec: Record<string, unknown> } {
  if (options.kind === 'pcvae') {
    const sensory = options.areas[0];
    if (sensory.size !== inputSize) {
      const problem = `areas[0].size: the data's images have ${inputSize} pixels, so the sensory area "${sensory.name}" needs size ${inputSize}, not ${sensory.size}`;
      throw new SpecError(`invalid model spec:\n  ${problem}`, [problem]);
    }
    const model = new PcVae(pcvaeSpecOf(options), options.seed);
    return { model, spec: { ...model.spec } };
  }
  const model = new Vae(
    {
      inputSize,
      hiddenSizes: [options.hiddenSize],
      latentSize: options.latentSize,
      likelihood: 'bernoulli',
    },
    options.seed,
  );
  return { model, spec: { ...model.spec } };
}
