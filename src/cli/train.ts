/**
 * `neocortex train`: train a model on a dataset, show a progress bar, and write
 * DIR/metrics.json with the backend, throughput and test scores.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/index.ts';
import { binarize, loadDataset } from '../data/index.ts';
import { writeJsonAtomic } from '../io/atomicWrite.ts';
import { evaluateNegElbo, TEST_BINARIZATION_SEED } from '../models/evaluate.ts';
import { NonFiniteLossError, trainVae } from '../models/trainVae.ts';
import { Vae } from '../models/vae.ts';
import { createRng } from '../random/rng.ts';
import { VERSION } from '../version.ts';
import { createTrainingProgress } from './progress.ts';
import type { TrainOptions } from './trainOptions.ts';

export interface TrainReport {
  outDir: string;
  metrics: TrainMetrics;
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
  test: { negElbo: number; reconstruction: number; kl: number; count: number };
  history: { epoch: number; trainNegElbo: number; seconds: number; samplesPerSecond: number }[];
  finishedAt: string;
}

export function defaultOutDir(options: TrainOptions): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join('runs', `${options.model}-${options.dataset}-${stamp}`);
}

export async function runTrain(
  options: TrainOptions,
  print: (line: string) => void,
): Promise<TrainReport> {
  const backend = await initBackend(options.backend);
  print(`backend: ${backend.description}`);
  if (backend.fallbackReason !== undefined) print(`  (${backend.fallbackReason})`);
  const data = await loadDataset(options.dataset, {
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    seed: options.seed,
  });
  print(
    `data: ${data.name}, ${data.train.count} train / ${data.test.count} test images ` +
      `(${data.train.height}x${data.train.width}) from ${data.source}`,
  );
  const inputSize = data.train.height * data.train.width;
  const spec = {
    inputSize,
    hiddenSizes: [options.hidden],
    latentSize: options.latent,
    likelihood: 'bernoulli' as const,
  };
  const config = { ...spec, batchSize: options.batchSize, learningRate: options.learningRate };
  const model = new Vae(spec, options.seed);
  if (options.resume && options.out === undefined) {
    throw new Error('--resume needs --out DIR: the run folder that holds checkpoint.bin');
  }
  const outDir = options.out ?? defaultOutDir(options);
  const checkpointPath = join(outDir, 'checkpoint.bin');
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
  try {
    const result = await trainVae(model, data.train, {
      epochs: options.epochs,
      seed: options.seed,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      checkpoint: { path: checkpointPath, config: runConfig, resume: options.resume },
      onBatch: (p) =>
        progress.update((p.epoch - 1) * p.batches + p.batch, {
          epoch: p.epoch,
          loss: p.loss,
          samplesPerSecond: p.samplesPerSecond,
        }),
    });
    progress.stop();
    if (result.startEpoch > 1)
      print(`resumed from ${checkpointPath} at epoch ${result.startEpoch}`);
    const testPixels = binarize(data.test.images, createRng(TEST_BINARIZATION_SEED));
    const test = evaluateNegElbo(model, testPixels, { seed: TEST_BINARIZATION_SEED });
    const metrics: TrainMetrics = {
      version: VERSION,
      model: options.model,
      dataset: data.name,
      backend: backend.name,
      seed: options.seed,
      config: { ...config, epochs: options.epochs, dataDir: options.dataDir ?? null },
      epochs: options.epochs,
      samplesPerSecond: result.samplesPerSecond,
      trainingSeconds: result.trainingSeconds,
      test,
      history: result.epochs,
      finishedAt: new Date().toISOString(),
    };
    await writeJsonAtomic(join(outDir, 'metrics.json'), metrics);
    print(
      `test -ELBO ${test.negElbo.toFixed(2)} nats (reconstruction ${test.reconstruction.toFixed(2)}, ` +
        `KL ${test.kl.toFixed(2)}) on ${test.count} images; ` +
        `${Math.round(result.samplesPerSecond)} samples/s`,
    );
    print(`wrote ${join(outDir, 'metrics.json')}`);
    return { outDir, metrics };
  } catch (error) {
    if (error instanceof NonFiniteLossError) {
      const kept = existsSync(checkpointPath)
        ? `; the last good checkpoint is kept at ${checkpointPath}`
        : '';
      throw new Error(`${error.message}${kept}`);
    }
    throw error;
  } finally {
    progress.stop();
    model.dispose();
  }
}
